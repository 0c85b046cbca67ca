#pragma once
// What the Settings dialog edits, kept in QSettings (the platform's per-user settings store).
#include <QString>

namespace peftbench {

struct AppSettings {
    QString dataDirectory;                         // empty: the platform's data folder
    QString device = QStringLiteral("auto");       // the wizard's default: auto | cpu | cuda:N
    int threads = 0;                               // intra-op threads; 0: one per logical core
    QString language = QStringLiteral("system");   // system | en | ko

    static AppSettings load();
    void save() const;
    bool operator==(const AppSettings &other) const;
};

// The languages the workbench offers: code and name in its own language.
struct LanguageChoice {
    QString code;
    QString nativeName;
};
const QList<LanguageChoice> &languageChoices();

}  // namespace peftbench
