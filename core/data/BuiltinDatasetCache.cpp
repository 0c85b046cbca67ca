#include "data/BuiltinDatasetCache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <vector>

namespace peftbench {

namespace {

constexpr const char *kFormat = "peftbench-converted-dataset";
constexpr int kFormatVersion = 1;

QString str(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::string bytes(const QJsonValue &v)
{
    const QByteArray utf8 = v.toString().toUtf8();
    return std::string(utf8.constData(), static_cast<size_t>(utf8.size()));
}

QJsonObject headerFor(const ConvertedCacheKey &key, const DatasetSplits &splits)
{
    return QJsonObject{
        {QStringLiteral("format"), QString::fromLatin1(kFormat)},
        {QStringLiteral("version"), kFormatVersion},
        {QStringLiteral("dataset"), key.datasetId},
        {QStringLiteral("source"), key.sourceIntegrity},
        {QStringLiteral("converter"), key.converterVersion},
        {QStringLiteral("task"), taskKindName(splits.task)},
        {QStringLiteral("description"), splits.description},
    };
}

}  // namespace

std::optional<DatasetSplits> readConvertedCache(const QString &path, const ConvertedCacheKey &key)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray all = file.readAll();
    std::vector<QByteArrayView> lines;
    for (qsizetype start = 0; start < all.size();) {
        qsizetype end = all.indexOf('\n', start);
        if (end < 0)
            end = all.size();
        lines.push_back(QByteArrayView(all).sliced(start, end - start));
        start = end + 1;
    }
    if (lines.empty())
        return std::nullopt;

    const QJsonObject header = QJsonDocument::fromJson(lines.front().toByteArray()).object();
    if (header.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)
        || header.value(QStringLiteral("version")).toInt() != kFormatVersion
        || header.value(QStringLiteral("dataset")).toString() != key.datasetId
        || header.value(QStringLiteral("source")).toString() != key.sourceIntegrity
        || header.value(QStringLiteral("converter")).toInt() != key.converterVersion)
        return std::nullopt;
    const auto task = parseTaskKind(header.value(QStringLiteral("task")).toString());
    if (!task)
        return std::nullopt;

    DatasetSplits splits;
    splits.task = *task;
    splits.description = header.value(QStringLiteral("description")).toString();
    for (size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines[i].toByteArray(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return std::nullopt;  // damaged (e.g. a disk filled up mid-write elsewhere): rebuild
        const QJsonObject o = doc.object();
        TextRecord r;
        r.text = bytes(o.value(QStringLiteral("text")));
        r.label = bytes(o.value(QStringLiteral("label")));
        r.prompt = bytes(o.value(QStringLiteral("prompt")));
        r.completion = bytes(o.value(QStringLiteral("completion")));
        const QString split = o.value(QStringLiteral("split")).toString();
        if (split == QLatin1String("train"))
            splits.train.push_back(std::move(r));
        else if (split == QLatin1String("validation"))
            splits.validation.push_back(std::move(r));
        else if (split == QLatin1String("test"))
            splits.test.push_back(std::move(r));
        else
            return std::nullopt;
    }
    return splits;
}

bool writeConvertedCache(const QString &path, const ConvertedCacheKey &key, const DatasetSplits &splits)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(headerFor(key, splits)).toJson(QJsonDocument::Compact));
    file.write("\n");
    auto writeSplit = [&](const char *name, const std::vector<TextRecord> &records) {
        for (const TextRecord &r : records) {
            QJsonObject o{{QStringLiteral("split"), QString::fromLatin1(name)}};
            if (!r.text.empty())
                o.insert(QStringLiteral("text"), str(r.text));
            if (!r.label.empty())
                o.insert(QStringLiteral("label"), str(r.label));
            if (!r.prompt.empty())
                o.insert(QStringLiteral("prompt"), str(r.prompt));
            if (!r.completion.empty())
                o.insert(QStringLiteral("completion"), str(r.completion));
            file.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
            file.write("\n");
        }
    };
    writeSplit("train", splits.train);
    writeSplit("validation", splits.validation);
    writeSplit("test", splits.test);
    return file.commit();
}

}  // namespace peftbench
