#include "system/DataPaths.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace peftbench {

namespace {

bool hasControlCharacter(const QString &text)
{
    for (const QChar c : text)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    return false;
}

// The longest leading part of `path` that exists, with its links resolved, plus the rest as written.
QString resolvedAsFarAsItExists(const QString &path)
{
    QString existing = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QString rest;
    while (!QFileInfo::exists(existing)) {
        const int slash = existing.lastIndexOf(QLatin1Char('/'));
        if (slash <= 0)
            return QDir::cleanPath(path);
        rest = existing.mid(slash) + rest;
        existing.truncate(slash);
    }
    return QDir::cleanPath(QFileInfo(existing).canonicalFilePath() + rest);
}

}  // namespace

QString pathComponentProblem(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("empty");
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return QStringLiteral("'%1' names a folder itself, not a name in it").arg(name);
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')))
        return QStringLiteral("contains a path separator ('/' or '\\')");
    if (name.contains(QChar(0)))
        return QStringLiteral("contains a NUL character");
    if (hasControlCharacter(name))
        return QStringLiteral("contains a control character");
    const qsizetype bytes = name.toUtf8().size();
    if (bytes > kMaxPathComponentBytes)
        return QStringLiteral("%1 bytes long, more than a file name can be (%2)").arg(bytes).arg(kMaxPathComponentBytes);
    return {};
}

QString relativePathProblem(const QString &relative)
{
    if (relative.isEmpty())
        return QStringLiteral("empty");
    if (relative.startsWith(QLatin1Char('/')) || relative.startsWith(QLatin1Char('\\'))
        || (relative.size() >= 2 && relative[1] == QLatin1Char(':')) || QDir::isAbsolutePath(relative))
        return QStringLiteral("an absolute path");
    if (relative.contains(QChar(0)))
        return QStringLiteral("contains a NUL character");
    if (hasControlCharacter(relative))
        return QStringLiteral("contains a control character");
    QString normalized = relative;
    normalized.replace(QLatin1Char('\\'), QLatin1Char('/'));
    for (const QString &part : normalized.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String(".."))
            return QStringLiteral("climbs out of its folder with '..'");
        if (part == QLatin1String("."))
            continue;
        const QString problem = pathComponentProblem(part);
        if (!problem.isEmpty())
            return QStringLiteral("'%1' %2").arg(part.left(40), problem);
    }
    return {};
}

bool isInsideDirectory(const QString &path, const QString &directory)
{
    const QString inner = resolvedAsFarAsItExists(path);
    const QString outer = resolvedAsFarAsItExists(directory);
    return inner == outer || inner.startsWith(outer.endsWith(QLatin1Char('/')) ? outer : outer + QLatin1Char('/'));
}

}  // namespace peftbench
