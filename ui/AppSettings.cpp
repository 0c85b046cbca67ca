#include "AppSettings.h"

#include "system/DataDirectory.h"

#include <QCoreApplication>
#include <QList>
#include <QSettings>

namespace peftbench {

namespace {
const QString kDeviceKey = QStringLiteral("compute/device");
const QString kThreadsKey = QStringLiteral("compute/threads");
const QString kLanguageKey = QStringLiteral("ui/language");
}  // namespace

AppSettings AppSettings::load()
{
    const QSettings s;
    AppSettings a;
    a.dataDirectory = s.value(QLatin1String(kDataDirSettingsKey)).toString();
    a.device = s.value(kDeviceKey, a.device).toString();
    a.threads = s.value(kThreadsKey, a.threads).toInt();
    a.language = s.value(kLanguageKey, a.language).toString();
    return a;
}

void AppSettings::save() const
{
    QSettings s;
    if (dataDirectory.isEmpty())
        s.remove(QLatin1String(kDataDirSettingsKey));
    else
        s.setValue(QLatin1String(kDataDirSettingsKey), dataDirectory);
    s.setValue(kDeviceKey, device);
    s.setValue(kThreadsKey, threads);
    s.setValue(kLanguageKey, language);
}

bool AppSettings::operator==(const AppSettings &other) const
{
    return dataDirectory == other.dataDirectory && device == other.device && threads == other.threads
           && language == other.language;
}

const QList<LanguageChoice> &languageChoices()
{
    static const QList<LanguageChoice> choices{
        {QStringLiteral("system"), QCoreApplication::translate("peftbench::AppSettings", "System language")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("ko"), QStringLiteral("한국어")},
    };
    return choices;
}

}  // namespace peftbench
