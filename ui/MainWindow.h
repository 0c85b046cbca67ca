#pragma once

#include <QMainWindow>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QStandardItemModel;
class QTimer;

namespace peftbench {

class ExperimentPanel;
class QueueRunner;
class RunStore;

// What the main window shows about the machine; app/ fills it from core's probes.
struct MainWindowContext {
    QString deviceSummary;   // e.g. "CPU: AMD EPYC ... · 2 threads" or "CUDA: NVIDIA ... (80.0 GiB VRAM)"
    QString dataDirectory;
    QString aboutText;       // the version report
    QString experimentPath;  // the experiment shown ready to launch (a file or a resource)
    int threads = 0;         // intra-op threads for runs; 0: the config's
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    QString deviceText() const;
    ExperimentPanel *experimentPanel() const { return m_experiment; }
    // From Launch until the queue's end has been shown (the worker thread may end a moment earlier).
    bool isTraining() const;

public Q_SLOTS:
    // Stores the experiment's runs as queued and starts training them on the worker thread.
    void launch(const QString &experimentPath);
    void cancelTraining();
    void refreshRuns();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildCentralArea();
    void buildStatusBar();
    void connectRunner();
    void showAbout();
    void openExperiment();
    void log(const QString &line);
    RunStore *store();

    MainWindowContext m_context;
    ExperimentPanel *m_experiment = nullptr;
    QTableView *m_runsView = nullptr;
    QStandardItemModel *m_runsModel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressLabel = nullptr;
    QPushButton *m_cancel = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_deviceLabel = nullptr;
    QLabel *m_dataDirLabel = nullptr;
    QTimer *m_refresh = nullptr;
    QueueRunner *m_runner = nullptr;
    bool m_training = false;             // from launch until the runner's finished() is handled here
    std::unique_ptr<RunStore> m_store;   // the UI thread's own connection
};

}  // namespace peftbench
