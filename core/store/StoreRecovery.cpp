#include "store/StoreRecovery.h"

#include "store/StoreError.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <utility>
#include <vector>

namespace peftbench {

namespace {

// The database itself first, then the files SQLite keeps beside it.
const QStringList kSuffixes{QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")};

const QString kPurpose = QStringLiteral("moving the run store aside");

// Present as anything at all, a dangling link included: a name that must not be overwritten.
bool occupied(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() || info.isSymLink();
}

// The first "<file>.broken-<stamp>[-N]" under which neither the database nor any companion exists.
QString freeAsideName(const QString &path, const QDateTime &when)
{
    const QString base = path + QStringLiteral(".broken-") + when.toString(QStringLiteral("yyyyMMdd-HHmmss"));
    for (int n = 1; n <= 1000; ++n) {
        const QString candidate = n == 1 ? base : base + QStringLiteral("-%1").arg(n);
        bool free = true;
        for (const QString &suffix : kSuffixes)
            free = free && !occupied(candidate + suffix);
        if (free)
            return candidate;
    }
    throw StoreError(kPurpose, path, QStringLiteral("every name from %1 to %1-1000 is already taken").arg(base));
}

QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

}  // namespace

bool isRefusedStore(const StoreError &error)
{
    return error.kind() == StoreError::Kind::UnusableFile;
}

QString moveStoreAside(const QString &databasePath)
{
    return moveStoreAside(databasePath, QDateTime::currentDateTime());
}

QString moveStoreAside(const QString &databasePath, const QDateTime &when)
{
    const QString path = QFileInfo(databasePath).absoluteFilePath();
    if (!QFileInfo(path).isFile())
        throw StoreError(kPurpose, path, QStringLiteral("there is no such file"));
    const QString target = freeAsideName(path, when);

    std::vector<std::pair<QString, QString>> moved;   // (from, to), to put back on failure
    for (const QString &suffix : kSuffixes) {
        const QString from = path + suffix;
        if (!occupied(from))
            continue;
        const QString to = target + suffix;
        // QFile::rename refuses an existing destination; in one folder it is a plain rename.
        QFile file(from);
        if (!file.rename(to)) {
            const QString reason = file.errorString();
            for (auto it = moved.rbegin(); it != moved.rend(); ++it)
                QFile::rename(it->second, it->first);
            throw StoreError(kPurpose, from, QStringLiteral("cannot rename it to %1: %2").arg(to, reason));
        }
        moved.emplace_back(from, to);
    }
    return target;
}

QString moveStoreAsideHint(const QString &databasePath)
{
    const QString path = QFileInfo(databasePath).absoluteFilePath();
    const QString target = path + QStringLiteral(".broken-")
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QStringList lines{QStringLiteral("The file was left as it is. To start over with a new, empty run store, move it "
                                     "aside (nothing is deleted), then run the command again:")};
    for (const QString &suffix : kSuffixes) {
        if (suffix.isEmpty() || occupied(path + suffix))
            lines << QStringLiteral("  mv -n %1 %2").arg(shellQuoted(path + suffix), shellQuoted(target + suffix));
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace peftbench
