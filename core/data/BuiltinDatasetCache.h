#pragma once

// The converted form of a built-in dataset, kept next to its source package as JSONL so that a
// slow conversion (the spam corpus: thousands of MIME mails) is paid once.
//
// Line 1 is a header object naming what the content depends on; every further line is one record:
//   {"format":"peftbench-converted-dataset","version":1,"dataset":"spam","source":"sha512-...",
//    "converter":1,"task":"classification","description":"..."}
//   {"split":"train","text":"...","label":"spam"}
// A file whose header does not match the expected key is stale and ignored.

#include "data/DatasetSplits.h"

#include <QString>

#include <optional>

namespace peftbench {

struct ConvertedCacheKey {
    QString datasetId;        // "spam"
    QString sourceIntegrity;  // the source package's pinned integrity (its fetch stamp)
    int converterVersion = 0; // bumped whenever our conversion changes its output
};

// nullopt when the file is absent, stale (another key) or damaged (then it is simply rebuilt).
std::optional<DatasetSplits> readConvertedCache(const QString &path, const ConvertedCacheKey &key);

// Written atomically (QSaveFile: temp file, then rename), creating the folder. Returns false and
// leaves nothing behind when it cannot write: the cache is an optimisation, never a requirement.
bool writeConvertedCache(const QString &path, const ConvertedCacheKey &key, const DatasetSplits &splits);

}  // namespace peftbench
