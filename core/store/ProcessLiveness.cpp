#include "store/ProcessLiveness.h"

#include <QFile>
#include <QStringList>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace peftbench {

bool processExists(qint64 pid)
{
    if (pid <= 0)
        return false;
#ifdef Q_OS_UNIX
    if (::kill(static_cast<pid_t>(pid), 0) == 0)
        return true;
    return errno == EPERM;
#else
    return true;
#endif
}

std::optional<qint64> processStartMsecs(qint64 pid)
{
#ifdef Q_OS_LINUX
    if (pid <= 0)
        return std::nullopt;
    // Field 22 of /proc/PID/stat is the start time in clock ticks after boot. The command name
    // (field 2) is in parentheses and may hold spaces or ')', so count fields after the last ')'.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = stat.readAll();
    const int close = line.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = line.mid(close + 1).simplified().split(' ');
    constexpr int kStartTimeAfterName = 22 - 3;  // fields 3.. follow the name
    if (fields.size() <= kStartTimeAfterName)
        return std::nullopt;
    bool ok = false;
    const qint64 ticks = fields[kStartTimeAfterName].toLongLong(&ok);
    const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    if (!ok || ticksPerSecond <= 0)
        return std::nullopt;

    QFile systemStat(QStringLiteral("/proc/stat"));
    if (!systemStat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> lines = systemStat.readAll().split('\n');
    for (const QByteArray &entry : lines) {
        if (!entry.startsWith("btime "))
            continue;
        const qint64 bootSeconds = entry.mid(6).trimmed().toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        return bootSeconds * 1000 + ticks * 1000 / ticksPerSecond;
    }
    return std::nullopt;
#else
    Q_UNUSED(pid);
    return std::nullopt;
#endif
}

}  // namespace peftbench
