#include "FuzzInputFile.h"

#include "FuzzCheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace peftbench::fuzz {

QString writeFuzzInput(const QString &fileName, const uint8_t *data, size_t size)
{
    // Memory-backed when possible: on ext4, truncating and rewriting a file flushes it to disk
    // (auto_da_alloc), which made the dataset harness six times slower under /tmp.
    static const QString base =
        QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm") : QDir::tempPath();
    static const QTemporaryDir dir(base + QStringLiteral("/peftbench-fuzz-XXXXXX"));
    if (!dir.isValid())
        stopFuzzing("cannot create a temporary folder: " + dir.errorString().toStdString());
    const QString path = dir.filePath(fileName);
    QFile file(path);
    // A failed write would fuzz a stale file without saying so: stop instead.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(reinterpret_cast<const char *>(data), qint64(size)) != qint64(size))
        stopFuzzing("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
    return path;
}

}  // namespace peftbench::fuzz
