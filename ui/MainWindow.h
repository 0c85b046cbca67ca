#pragma once

#include "LiveMetricBuffer.h"

#include "experiment/ResourceEstimate.h"
#include "store/StoreRecords.h"

#include <QHash>
#include <QMainWindow>

#include <memory>
#include <optional>

class QAction;
class QDockWidget;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTimer;

namespace peftbench {

class CompareView;
class ExperimentPanel;
class LiveRunView;
class QueuePanel;
class QueueRunner;
class RunStore;
class RunWizard;
class RunsPanel;
class TryPanel;
struct RunRow;

// What the main window shows about the machine; app/ fills it from core's probes.
struct MainWindowContext {
    QString deviceSummary;   // e.g. "CPU: AMD EPYC ... · 2 threads" or "CUDA: NVIDIA ... (80.0 GiB VRAM)"
    QString dataDirectory;
    QString aboutText;       // the version report
    QString experimentPath;  // the experiment shown ready to launch (a file or a resource)
    int threads = 0;         // intra-op threads for runs; 0: the config's
    QStringList devices;     // "auto", "cpu", "cuda:0", ... for Settings and the wizard
};

// The workbench: runs table (filters, live status), the selected or training run's live view,
// the experiment ready to launch, the queue and the log. Training runs on QueueRunner's thread;
// this window only reads the store (its own connection) and the runner's metric buffer.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    QString deviceText() const;
    ExperimentPanel *experimentPanel() const { return m_experiment; }
    RunsPanel *runsPanel() const { return m_runs; }
    LiveRunView *liveView() const { return m_live; }
    QueuePanel *queuePanel() const { return m_queue; }
    TryPanel *tryPanel() const { return m_try; }
    CompareView *compareView() const { return m_compare; }
    RunWizard *wizard() const { return m_wizard; }   // while one is open
    // From Launch until the queue's end has been shown (the worker thread may end a moment earlier).
    bool isTraining() const;
    // The run store could not be used at startup and the person chose Quit in the dialog that
    // said so: the caller ends the application instead of showing the window.
    bool quitRequested() const { return m_quitRequested; }

public Q_SLOTS:
    // Stores the experiment's runs as queued and starts training them on the worker thread.
    void launch(const QString &experimentPath);
    // Opens the run wizard (non-modal); Launch in it saves the config under the data directory
    // and launches it.
    void newExperiment();
    void cancelTraining();
    // Trains every queued run (those a cancel left behind, or resumed ones).
    void startQueue();
    void resumeSelectedRun();
    void deleteSelectedRun();
    void refreshRuns();
    void showSettings();
    // The runs selected in the table (two or more), or the current run's whole experiment.
    void compareSelectedRuns();
    void compareSelectedExperiment();
    // A finished run as a PEFT adapter or a merged Hugging Face model (ExportModelDialog).
    void exportSelectedRun();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildCentralArea();
    void buildStatusBar();
    void connectRunner();
    void startRunner(std::optional<qint64> experimentId);
    void trainingEnded();
    void feedLiveView();
    void showRun(qint64 runId);
    std::optional<ResourceEstimate> estimateFor(const RunRecord &run);
    // The run selected in the table as the store has it now (store errors are logged).
    std::optional<RunRecord> selectedRun();
    void showAbout();
    void openExperiment();
    void log(const QString &line);
    void reportStoreError(const std::exception &e);
    RunStore *store();
    // At startup: a store refused for the file itself (corrupt, another application's, newer)
    // is named in a dialog that offers to move it aside, to continue without a store, or to quit.
    void openStoreAtStartup();

    MainWindowContext m_context;
    ExperimentPanel *m_experiment = nullptr;
    RunsPanel *m_runs = nullptr;
    LiveRunView *m_live = nullptr;
    QueuePanel *m_queue = nullptr;
    TryPanel *m_try = nullptr;
    CompareView *m_compare = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_deviceLabel = nullptr;
    QLabel *m_dataDirLabel = nullptr;
    QAction *m_launchAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_followAction = nullptr;
    QAction *m_exportAction = nullptr;
    QTimer *m_refresh = nullptr;
    QTimer *m_feed = nullptr;
    QueueRunner *m_runner = nullptr;
    RunWizard *m_wizard = nullptr;       // the open wizard, if any (it deletes itself on close)
    bool m_training = false;             // from launch until the runner's finished() is handled here
    bool m_closeWhenStopped = false;     // the user asked to quit while a run trained
    bool m_quitRequested = false;        // Quit chosen in the startup store dialog
    bool m_withoutStore = false;         // "Continue without a store": never retried this session
    qint64 m_trainingRunId = 0;
    qint64 m_launchedExperimentId = 0;   // compared when its queue ends
    LiveMetrics m_trainingMetrics;       // everything the training run reported in this session
    QHash<qint64, ResourceEstimate> m_estimates;
    QHash<qint64, RunSummary> m_summaries;   // summaries never change once written
    QHash<qint64, qint64> m_plannedSteps;
    std::unique_ptr<RunStore> m_store;   // the UI thread's own connection
};

}  // namespace peftbench
