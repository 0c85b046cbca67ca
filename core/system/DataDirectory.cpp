#include "system/DataDirectory.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace peftbench {

QString resolveDataDirectory(const QString &commandLineValue)
{
    QString dir = commandLineValue;
    if (dir.isEmpty())
        dir = qEnvironmentVariable(kDataDirEnvironmentVariable);
    if (dir.isEmpty())
        dir = QSettings().value(QLatin1String(kDataDirSettingsKey)).toString();
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir::cleanPath(QDir(dir).absolutePath());
}

}  // namespace peftbench
