#include "model/HfWeightFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace peftbench {

namespace {

const QString kSingleFile = QStringLiteral("model.safetensors");
const QString kIndexFile = QStringLiteral("model.safetensors.index.json");

QString pickleRefusal(const QString &folder, const QStringList &pickles)
{
    return QStringLiteral("%1: the only weights are pickle checkpoints (%2), which are refused: loading a pickle file can "
                          "execute arbitrary code. Convert them to model.safetensors once, in a Python environment you "
                          "trust, with the safetensors tooling (safetensors.torch.save_file(torch.load(path, "
                          "weights_only=True), \"model.safetensors\")), or download the model's .safetensors files")
        .arg(folder, pickles.join(QStringLiteral(", ")));
}

// A shard named by the index must be a file directly inside the folder.
bool isPlainFileName(const QString &name)
{
    return !name.isEmpty() && name != QLatin1String(".") && name != QLatin1String("..") && !name.contains(QLatin1Char('/'))
           && !name.contains(QLatin1Char('\\')) && !name.contains(QChar(u'\0'));
}

}  // namespace

bool isPickleCheckpointName(const QString &fileName)
{
    static const char *const suffixes[] = {".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle"};
    for (const char *suffix : suffixes)
        if (fileName.endsWith(QLatin1String(suffix), Qt::CaseInsensitive))
            return true;
    return false;
}

const SafetensorsReader *HfWeightFiles::reader(const std::string &name) const
{
    const auto it = m_byName.find(name);
    return it == m_byName.end() ? nullptr : it->second;
}

void HfWeightFiles::addFile(std::unique_ptr<SafetensorsReader> reader)
{
    for (const std::string &name : reader->names()) {
        m_byName.emplace(name, reader.get());
        m_names.push_back(name);
    }
    m_readers.push_back(std::move(reader));
}

HfWeightFiles HfWeightFiles::open(const QString &folder, QStringList &problems)
{
    HfWeightFiles files;
    const QDir dir(folder);
    const QString single = dir.filePath(kSingleFile);
    const QString indexPath = dir.filePath(kIndexFile);
    if (QFileInfo(single).isFile()) {
        files.m_description = single;
        try {
            files.addFile(std::make_unique<SafetensorsReader>(single));
        } catch (const FileFormatError &e) {
            problems << QString::fromUtf8(e.what());
        }
        return files;
    }
    if (!QFileInfo::exists(indexPath)) {
        QStringList pickles, others;
        for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
            if (isPickleCheckpointName(name))
                pickles << name;
            else if (name.endsWith(QLatin1String(".safetensors")))
                others << name;
        }
        if (!others.isEmpty())
            problems << QStringLiteral("%1: no %2 or %3 (found %4; Transformers reads only those two names, so rename a "
                                       "single file to %2)")
                            .arg(folder, kSingleFile, kIndexFile, others.join(QStringLiteral(", ")));
        else if (!pickles.isEmpty())
            problems << pickleRefusal(folder, pickles);
        else
            problems << QStringLiteral("%1: no weights: looked for %2 or %3").arg(folder, kSingleFile, kIndexFile);
        return files;
    }

    // Sharded: the index says which shard holds each tensor.
    QFile indexFile(indexPath);
    constexpr qint64 kMaxIndexBytes = 64 * 1024 * 1024;  // real indexes are tens of KB
    if (!indexFile.open(QIODevice::ReadOnly)) {
        problems << QStringLiteral("%1: cannot be read (%2)").arg(indexPath, indexFile.errorString());
        return files;
    }
    if (indexFile.size() > kMaxIndexBytes) {
        problems << QStringLiteral("%1: %2 bytes, more than an index can plausibly be").arg(indexPath).arg(indexFile.size());
        return files;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(indexFile.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        problems << QStringLiteral("%1: not a JSON object (%2)")
                        .arg(indexPath, error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("another JSON value"));
        return files;
    }
    const QJsonValue weightMapValue = doc.object().value(QStringLiteral("weight_map"));
    if (!weightMapValue.isObject() || weightMapValue.toObject().isEmpty()) {
        problems << QStringLiteral("%1: 'weight_map' must be a non-empty object of tensor name → shard file name").arg(indexPath);
        return files;
    }
    const QJsonObject weightMap = weightMapValue.toObject();

    QStringList shardOrder;
    std::map<QString, std::vector<std::string>> tensorsByShard;
    for (auto it = weightMap.begin(); it != weightMap.end(); ++it) {
        const QString shard = it.value().toString();
        if (!it.value().isString() || !isPlainFileName(shard)) {
            problems << QStringLiteral("%1: 'weight_map' entry '%2' must be the name of a file inside the folder, got %3")
                            .arg(indexPath, it.key(),
                                 it.value().isString() ? QLatin1Char('"') + shard + QLatin1Char('"') : QStringLiteral("a non-string"));
            continue;
        }
        if (!tensorsByShard.count(shard))
            shardOrder << shard;
        tensorsByShard[shard].push_back(it.key().toStdString());
    }

    std::map<QString, const SafetensorsReader *> openShards;
    for (const QString &shard : shardOrder) {
        const QString path = dir.filePath(shard);
        const std::vector<std::string> &tensors = tensorsByShard[shard];
        if (isPickleCheckpointName(shard)) {
            problems << QStringLiteral("%1: 'weight_map' names the pickle file %2, which is refused: loading a pickle file can "
                                       "execute arbitrary code")
                            .arg(indexPath, shard);
        } else if (!QFileInfo(path).isFile()) {
            problems << QStringLiteral("%1: missing shard; %2 maps %3 tensor(s) to it (e.g. %4)")
                            .arg(path, kIndexFile)
                            .arg(tensors.size())
                            .arg(QString::fromStdString(tensors.front()));
        } else {
            try {
                files.m_readers.push_back(std::make_unique<SafetensorsReader>(path));
                openShards[shard] = files.m_readers.back().get();
            } catch (const FileFormatError &e) {
                problems << QString::fromUtf8(e.what());
            }
        }
    }

    for (const QString &shard : shardOrder) {
        const auto open = openShards.find(shard);
        if (open == openShards.end())
            continue;
        const SafetensorsReader *reader = open->second;
        for (const std::string &name : tensorsByShard[shard]) {
            if (reader->contains(name)) {
                files.m_byName.emplace(name, reader);
                files.m_names.push_back(name);
                continue;
            }
            QString elsewhere;
            for (const auto &[otherShard, other] : openShards)
                if (other->contains(name))
                    elsewhere = QStringLiteral(" (%1 holds it)").arg(otherShard);
            problems << QStringLiteral("%1: 'weight_map' puts tensor %2 in %3, which does not hold it%4")
                            .arg(indexPath, QString::fromStdString(name), shard, elsewhere);
        }
        for (const std::string &name : reader->names()) {
            const QString mapped = weightMap.value(QString::fromStdString(name)).toString();
            if (mapped != shard)
                problems << QStringLiteral("%1: holds tensor %2, which %3 %4")
                                .arg(reader->path(), QString::fromStdString(name), kIndexFile,
                                     mapped.isEmpty() ? QStringLiteral("does not list")
                                                      : QStringLiteral("puts in %1").arg(mapped));
        }
    }
    files.m_description = QStringLiteral("%1 (%2 shard%3)").arg(indexPath).arg(shardOrder.size()).arg(shardOrder.size() == 1 ? "" : "s");
    return files;
}

}  // namespace peftbench
