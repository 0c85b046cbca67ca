#pragma once
// Settings: data directory, default device, threads and language. Checks the data directory can
// be written before accepting; what applies only at the next start says so.
#include "AppSettings.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace peftbench {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    // `deviceChoices`: "auto", "cpu" and one "cuda:N" per CUDA device; `effectiveDataDirectory`:
    // the folder in use now, shown when no directory is set.
    SettingsDialog(const AppSettings &current, const QStringList &deviceChoices, const QString &effectiveDataDirectory,
                   QWidget *parent = nullptr);

    AppSettings settings() const;
    // Whether accepting changed something that applies only after a restart.
    bool needsRestart() const;

public Q_SLOTS:
    void accept() override;

private:
    AppSettings m_initial;
    QLineEdit *m_dataDir = nullptr;
    QComboBox *m_device = nullptr;
    QSpinBox *m_threads = nullptr;
    QComboBox *m_language = nullptr;
    QLabel *m_error = nullptr;
};

}  // namespace peftbench
