#pragma once
// The experiment ready to launch: what it trains (base model, dataset, settings), the runs it
// expands to, and its YAML, with Open and Launch buttons.
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace peftbench {

class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentPanel(QWidget *parent = nullptr);

    // Reads and shows a config (a file or a ":/experiments/..." resource). On an error the panel
    // shows the message (file, line, column, key) and Launch stays disabled; returns false.
    bool load(const QString &path);
    QString path() const { return m_path; }
    bool isLaunchable() const { return m_valid; }
    // While a queue trains, Launch is off whatever the config.
    void setBusy(bool busy);

Q_SIGNALS:
    void launchRequested(const QString &path);
    void openRequested();

private:
    QString m_path;
    bool m_valid = false;
    bool m_busy = false;
    QLabel *m_title = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QTableWidget *m_runs = nullptr;
    QPlainTextEdit *m_yaml = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_launch = nullptr;
};

}  // namespace peftbench
