#include "data/MobyDick.h"

#include "data/DatasetError.h"
#include "data/TextCharset.h"
#include "data/TextTidy.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace peftbench {

std::vector<TextRecord> readMobyDickChapters(const QString &packageDir)
{
    const QDir data(QDir(packageDir).filePath(QStringLiteral("data")));
    const QString indexPath = data.filePath(QStringLiteral("file_list.json"));
    QFile index(indexPath);
    if (!index.open(QIODevice::ReadOnly))
        throw DatasetError(indexPath, QStringLiteral("cannot read the Moby-Dick file index: ") + index.errorString());
    QJsonParseError parseError;
    const QJsonDocument list = QJsonDocument::fromJson(index.readAll(), &parseError);
    if (!list.isArray())
        throw DatasetError(indexPath, QStringLiteral("not a JSON array of file names: ") + parseError.errorString());

    std::vector<TextRecord> chapters;
    for (const QJsonValue &entry : list.array()) {
        const QString name = entry.toString();
        if (!name.startsWith(QLatin1String("chapter_")) && name != QLatin1String("epilogue.txt"))
            continue;
        QFile file(data.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            throw DatasetError(file.fileName(), QStringLiteral("cannot read: ") + file.errorString());
        const QByteArray bytes = file.readAll();
        TextRecord record;
        // The files are UTF-8; decodeToUtf8 guarantees valid UTF-8 even if one is not.
        record.text = tidyText(decodeToUtf8(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())), "utf-8"));
        if (!record.text.empty())
            chapters.push_back(std::move(record));
    }
    if (chapters.empty())
        throw DatasetError(indexPath, QStringLiteral("lists no chapter files (chapter_N.txt)"));
    return chapters;
}

}  // namespace peftbench
