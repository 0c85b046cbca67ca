#include "MainWindow.h"

#include "AppSettings.h"
#include "CompareView.h"
#include "ExperimentPanel.h"
#include "ExportModelDialog.h"
#include "LiveRunView.h"
#include "QueuePanel.h"
#include "QueueRunner.h"
#include "RunTableModel.h"
#include "RunWizard.h"
#include "RunsPanel.h"
#include "SettingsDialog.h"
#include "TryPanel.h"

#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/RunQueue.h"
#include "experiment/StoredRunEstimate.h"
#include "store/RunStore.h"
#include "store/StoreError.h"
#include "store/StoreRecovery.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTime>
#include <QTimer>

#include <algorithm>

namespace peftbench {

namespace {

constexpr int kFeedMs = 40;        // the live view's feed: 25 Hz at most (SPEC §2)
constexpr int kRefreshMs = 1000;   // the runs table and queue from the store

}  // namespace

MainWindow::MainWindow(const MainWindowContext &context, QWidget *parent)
    : QMainWindow(parent), m_context(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("PEFT Workbench"));
    if (m_context.devices.isEmpty())
        m_context.devices = {QStringLiteral("auto"), QStringLiteral("cpu")};
    m_runner = new QueueRunner(RunStore::pathInDataDirectory(m_context.dataDirectory), m_context.dataDirectory, this);
    buildCentralArea();
    buildMenus();
    buildStatusBar();
    connectRunner();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1360, 860);
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());

    openStoreAtStartup();
    if (RunStore *s = m_store.get()) {
        try {
            if (const int n = s->markAbandonedRunsInterrupted())
                log(tr("%n run(s) left running by an earlier session are now marked interrupted; Runs → Resume continues one.",
                       nullptr, n));
        } catch (const StoreError &e) {
            reportStoreError(e);
        }
    }
    if (!m_context.experimentPath.isEmpty())
        m_experiment->load(m_context.experimentPath);
    refreshRuns();
    m_refresh = new QTimer(this);
    m_refresh->setInterval(kRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, &MainWindow::refreshRuns);
    m_refresh->start();
    m_feed = new QTimer(this);
    m_feed->setInterval(kFeedMs);
    connect(m_feed, &QTimer::timeout, this, &MainWindow::feedLiveView);
    m_feed->start();
}

MainWindow::~MainWindow() = default;

QString MainWindow::deviceText() const
{
    return m_deviceLabel->text();
}

bool MainWindow::isTraining() const
{
    return m_training;
}

RunStore *MainWindow::store()
{
    if (!m_store && !m_withoutStore) {
        try {
            m_store = std::make_unique<RunStore>(RunStore::pathInDataDirectory(m_context.dataDirectory));
        } catch (const StoreError &e) {
            reportStoreError(e);
        }
    }
    return m_store.get();
}

void MainWindow::openStoreAtStartup()
{
    const QString path = RunStore::pathInDataDirectory(m_context.dataDirectory);
    try {
        m_store = std::make_unique<RunStore>(path);
        return;
    } catch (const StoreError &e) {
        reportStoreError(e);
        if (!isRefusedStore(e))
            return;   // permissions, a locked file...: later calls try again, the file stays
        QMessageBox box(QMessageBox::Critical, tr("Run store cannot be opened"),
                        tr("The run store %1 cannot be used:\n\n%2\n\nThe file has not been changed.")
                            .arg(QDir::toNativeSeparators(e.file()), e.detail()),
                        QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("storeRecoveryDialog"));
        box.setTextFormat(Qt::PlainText);
        box.setInformativeText(tr("Moving it aside starts a new, empty run store: the file stays in its folder, "
                                  "renamed to %1 followed by “.broken-” and today's date, and nothing is deleted.")
                                   .arg(QFileInfo(e.file()).fileName()));
        QPushButton *moveAside = box.addButton(tr("Move it aside and start a new store"), QMessageBox::AcceptRole);
        moveAside->setObjectName(QStringLiteral("moveStoreAsideButton"));
        QPushButton *withoutStore = box.addButton(tr("Continue without a store"), QMessageBox::RejectRole);
        withoutStore->setObjectName(QStringLiteral("continueWithoutStoreButton"));
        QPushButton *quit = box.addButton(tr("Quit"), QMessageBox::DestructiveRole);
        quit->setObjectName(QStringLiteral("quitButton"));
        // Enter and Escape leave the file alone: moving it takes a click on that button.
        box.setDefaultButton(quit);
        box.setEscapeButton(quit);
        box.exec();
        if (box.clickedButton() == moveAside) {
            try {
                const QString movedTo = moveStoreAside(path);
                log(tr("The unusable run store was moved to %1; starting a new, empty run store.")
                        .arg(QDir::toNativeSeparators(movedTo)));
                m_store = std::make_unique<RunStore>(path);
                return;
            } catch (const StoreError &failure) {
                reportStoreError(failure);
                QMessageBox::critical(this, tr("Run store not moved"), QString::fromUtf8(failure.what()));
            }
        } else if (box.clickedButton() != withoutStore) {
            m_quitRequested = true;
        }
        m_withoutStore = true;
        log(tr("Working without a run store: runs can neither be listed nor launched until PEFT Workbench "
               "starts with a usable one."));
    }
}

void MainWindow::reportStoreError(const std::exception &e)
{
    log(QString::fromUtf8(e.what()));
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *wizardAction = file->addAction(tr("&New experiment…"), this, &MainWindow::newExperiment);
    wizardAction->setShortcut(QKeySequence::New);
    wizardAction->setObjectName(QStringLiteral("newExperimentAction"));
    QAction *open = file->addAction(tr("&Open experiment…"), this, &MainWindow::openExperiment);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("openAction"));
    m_launchAction = file->addAction(tr("&Launch"), this, [this] {
        if (m_experiment->isLaunchable() && !isTraining())
            launch(m_experiment->path());
    });
    m_launchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_launchAction->setObjectName(QStringLiteral("launchAction"));
    m_cancelAction = file->addAction(tr("&Cancel training"), this, &MainWindow::cancelTraining);
    m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setEnabled(false);
    m_exportAction = file->addAction(tr("&Export report…"), this, [this] { m_compare->exportReport(); });
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setObjectName(QStringLiteral("exportReportAction"));
    m_exportAction->setEnabled(false);
    m_exportAction->setToolTip(tr("HTML, PDF, Markdown, CSV or JSON of the runs in the Compare tab"));
    file->addSeparator();
    QAction *settingsAction = file->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settingsAction->setShortcuts({QKeySequence::Preferences, QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    settingsAction->setObjectName(QStringLiteral("settingsAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu *runs = menuBar()->addMenu(tr("&Runs"));
    QAction *startQueueAction = runs->addAction(tr("&Start queue"), this, &MainWindow::startQueue);
    startQueueAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QAction *compare = runs->addAction(tr("&Compare selected runs"), this, &MainWindow::compareSelectedRuns);
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    compare->setObjectName(QStringLiteral("compareRunsAction"));
    QAction *compareExperiment = runs->addAction(tr("Compare the run's &experiment"), this, &MainWindow::compareSelectedExperiment);
    compareExperiment->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    QAction *exportModel = runs->addAction(tr("E&xport model…"), this, &MainWindow::exportSelectedRun);
    exportModel->setObjectName(QStringLiteral("exportModelAction"));
    exportModel->setToolTip(tr("The selected finished run as a Hugging Face PEFT adapter or a merged model"));
    runs->addSeparator();
    QAction *resume = runs->addAction(tr("&Resume selected run"), this, &MainWindow::resumeSelectedRun);
    resume->setObjectName(QStringLiteral("resumeAction"));
    QAction *remove = runs->addAction(tr("&Delete selected run…"), this, &MainWindow::deleteSelectedRun);
    remove->setShortcut(QKeySequence::Delete);
    remove->setObjectName(QStringLiteral("deleteRunAction"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_followAction = view->addAction(tr("&Follow the training run"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    m_followAction->setToolTip(tr("Show each run in the live view as it starts"));
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About PEFT Workbench"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
}

void MainWindow::buildCentralArea()
{
    m_experiment = new ExperimentPanel(this);
    connect(m_experiment, &ExperimentPanel::launchRequested, this, &MainWindow::launch);
    connect(m_experiment, &ExperimentPanel::openRequested, this, &MainWindow::openExperiment);
    m_runs = new RunsPanel(this);
    connect(m_runs, &RunsPanel::runSelected, this, &MainWindow::showRun);
    m_live = new LiveRunView(this);
    connect(m_live, &LiveRunView::cancelRequested, this, &MainWindow::cancelTraining);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    m_tabs->addTab(m_live, tr("Live view"));
    m_tabs->addTab(m_experiment, tr("Experiment"));
    m_compare = new CompareView(RunStore::pathInDataDirectory(m_context.dataDirectory), this);
    m_tabs->addTab(m_compare, tr("Compare"));
    connect(m_compare, &CompareView::comparisonChanged, this, [this] { m_exportAction->setEnabled(m_compare->hasComparison()); });
    m_try = new TryPanel(RunStore::pathInDataDirectory(m_context.dataDirectory), this);
    m_tabs->addTab(m_try, tr("Try it"));
    connect(m_try, &TryPanel::generationFinished, this, [this](const QString &, const QString &error) {
        if (!error.isEmpty())
            log(error);
    });
    m_tabs->setCurrentWidget(m_experiment);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_runs);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    setCentralWidget(splitter);

    m_queue = new QueuePanel(this);
    connect(m_queue, &QueuePanel::startRequested, this, &MainWindow::startQueue);
    connect(m_queue, &QueuePanel::orderChanged, this, [this](const QVector<qint64> &order) {
        if (RunStore *s = store()) {
            try {
                for (int i = 0; i < order.size(); ++i)
                    s->setQueuePosition(order[i], i);
            } catch (const StoreError &e) {
                reportStoreError(e);
            }
        }
        refreshRuns();
    });
    connect(m_queue, &QueuePanel::removeRequested, this, [this](qint64 runId) {
        RunStore *s = store();
        if (!s)
            return;
        try {
            const std::optional<RunRecord> run = s->run(runId);
            if (run && run->status == RunStatus::Queued && s->deleteRun(runId))
                log(tr("run %1 removed from the queue").arg(runId));
        } catch (const StoreError &e) {
            reportStoreError(e);
        }
        refreshRuns();
    });

    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("logView"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    auto *queueDock = new QDockWidget(tr("Queue"), this);
    queueDock->setObjectName(QStringLiteral("queueDock"));
    queueDock->setWidget(m_queue);
    addDockWidget(Qt::BottomDockWidgetArea, queueDock);
    splitDockWidget(logDock, queueDock, Qt::Horizontal);
    resizeDocks({logDock, queueDock}, {3, 1}, Qt::Horizontal);
}

void MainWindow::buildStatusBar()
{
    m_deviceLabel = new QLabel(m_context.deviceSummary, this);
    m_deviceLabel->setObjectName(QStringLiteral("deviceLabel"));
    m_deviceLabel->setToolTip(tr("The device runs train on"));
    m_dataDirLabel = new QLabel(tr("Data: %1").arg(m_context.dataDirectory), this);
    m_dataDirLabel->setObjectName(QStringLiteral("dataDirLabel"));
    m_dataDirLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_deviceLabel, 1);
    statusBar()->addPermanentWidget(m_dataDirLabel);
}

void MainWindow::connectRunner()
{
    connect(m_runner, &QueueRunner::runStarted, this, [this](qint64 id, const QString &name, qint64 total) {
        m_trainingRunId = id;
        m_trainingMetrics = LiveMetrics{id, {}, {}};
        m_plannedSteps.insert(id, total);
        log(tr("run %1 (%2) started").arg(id).arg(name));
        refreshRuns();
        if (m_followAction->isChecked() || m_live->runId() == id) {
            m_runs->selectRun(id);
            showRun(id);
            m_tabs->setCurrentWidget(m_live);
        }
    });
    connect(m_runner, &QueueRunner::runEstimated, this, [this](qint64 id, const ResourceEstimate &estimate) {
        m_estimates.insert(id, estimate);
        if (m_live->runId() == id)
            m_live->setEstimate(estimate);
        if (!estimate.warning.isEmpty())
            log(tr("run %1: %2").arg(id).arg(estimate.warning));
    });
    connect(m_runner, &QueueRunner::evaluated, this,
            [this](qint64 id, qint64 step, double valLoss, const QString &metricName, double metric) {
                log(tr("run %1 step %2: validation loss %3, %4 %5").arg(id).arg(step).arg(valLoss, 0, 'f', 4).arg(metricName).arg(metric, 0, 'f', 4));
            });
    connect(m_runner, &QueueRunner::message, this, &MainWindow::log);
    connect(m_runner, &QueueRunner::runFinished, this, [this](qint64 id, const QString &status, const QString &error) {
        feedLiveView();   // the run's last steps before its final state
        log(error.isEmpty() ? tr("run %1 %2").arg(id).arg(status) : tr("run %1 %2: %3").arg(id).arg(status, error));
        m_trainingRunId = 0;
        refreshRuns();
        if (m_live->runId() == id)
            showRun(id);   // final status, summary and the measured memory next to the estimate
    });
    connect(m_runner, &QueueRunner::finished, this, [this](bool cancelled, const QString &error) {
        if (cancelled)
            log(tr("cancelled; the runs after it stay queued (Runs → Start queue continues them)"));
        if (!error.isEmpty())
            log(error);
        trainingEnded();
        // The payoff of a launch: its runs side by side, once every one of them has ended.
        if (!cancelled && m_launchedExperimentId != 0 && m_compare->compareExperiment(m_launchedExperimentId)
            && m_followAction->isChecked())
            m_tabs->setCurrentWidget(m_compare);
        m_launchedExperimentId = 0;
    });
}

void MainWindow::trainingEnded()
{
    m_training = false;
    m_experiment->setBusy(false);
    m_queue->setBusy(false);
    m_live->setCancelEnabled(false);
    m_cancelAction->setEnabled(false);
    m_launchAction->setEnabled(true);
    refreshRuns();
    if (m_closeWhenStopped)
        close();
}

void MainWindow::startRunner(std::optional<qint64> experimentId)
{
    m_training = m_runner->start(experimentId, m_context.threads);
    if (!m_training)
        return;
    m_experiment->setBusy(true);
    m_queue->setBusy(true);
    m_live->setCancelEnabled(true);
    m_cancelAction->setEnabled(true);
    m_launchAction->setEnabled(false);
}

void MainWindow::launch(const QString &experimentPath)
{
    if (isTraining())
        return;
    RunStore *s = store();
    if (!s)
        return;
    try {
        const ExperimentConfig config = loadExperimentConfig(experimentPath);
        const SubmittedExperiment submitted = submitExperiment(*s, config);
        log(tr("experiment %1 '%2': %3 runs queued").arg(submitted.experimentId).arg(config.name).arg(submitted.runIds.size()));
        m_launchedExperimentId = submitted.experimentId;
        startRunner(submitted.experimentId);
    } catch (const ConfigError &e) {
        log(e.message());
        QMessageBox::warning(this, tr("Experiment not launched"), e.message());
    } catch (const StoreError &e) {
        reportStoreError(e);
        QMessageBox::warning(this, tr("Experiment not launched"), QString::fromUtf8(e.what()));
    }
    refreshRuns();
}

void MainWindow::newExperiment()
{
    if (m_wizard) {
        m_wizard->raise();
        m_wizard->activateWindow();
        return;
    }
    const AppSettings settings = AppSettings::load();
    m_wizard = new RunWizard({m_context.dataDirectory, m_context.threads > 0 ? m_context.threads : settings.threads}, this);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_wizard, &QObject::destroyed, this, [this] { m_wizard = nullptr; });
    if (m_experiment->isLaunchable())
        m_wizard->loadYaml(m_experiment->path());   // start from the experiment on screen
    connect(m_wizard, &QDialog::accepted, this, [this] {
        RunWizard *wizard = m_wizard;
        // Saved where relative paths in it still resolve: next to the config it started from, else
        // under the data directory.
        const QString folder = wizard->baseDirectory().isEmpty() || wizard->baseDirectory().startsWith(QLatin1Char(':'))
                                   ? QDir(m_context.dataDirectory).filePath(QStringLiteral("experiments"))
                                   : wizard->baseDirectory();
        QDir().mkpath(folder);
        const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        QString name = wizard->experimentName();
        name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
        const QString path = QDir(folder).filePath(QStringLiteral("%1-%2.yaml").arg(name, stamp));
        QString error;
        if (!wizard->saveYaml(path, &error)) {
            log(error);
            QMessageBox::warning(this, tr("Experiment not launched"), error);
            return;
        }
        log(tr("experiment saved as %1").arg(path));
        if (m_experiment->load(path) && !isTraining())
            launch(path);
        else if (isTraining())
            log(tr("a queue is training: the new experiment is ready to launch when it ends"));
    });
    m_wizard->open();
}

void MainWindow::cancelTraining()
{
    if (!isTraining())
        return;
    m_runner->cancel();
    m_live->setCancelEnabled(false);
    m_cancelAction->setEnabled(false);
    log(tr("cancelling after the current step…"));
}

void MainWindow::startQueue()
{
    if (isTraining())
        return;
    startRunner(std::nullopt);
    if (isTraining())
        log(tr("training the queued runs"));
}

void MainWindow::resumeSelectedRun()
{
    if (isTraining())
        return;
    const std::optional<RunRecord> run = selectedRun();
    if (!run)
        return;
    RunStore *s = store();
    const qint64 id = run->id;
    try {
        if (run->status != RunStatus::Cancelled && run->status != RunStatus::Interrupted) {
            log(tr("run %1: only a cancelled or interrupted run can be resumed").arg(id));
            return;
        }
        // Back in the queue, first: the queue resumes it from its checkpoint, then its experiment's
        // other queued runs.
        s->setQueuePosition(id, -1);
        s->setRunStatus(id, RunStatus::Queued);
        log(tr("run %1 resumes from its last checkpoint").arg(id));
        startRunner(run->experimentId);
    } catch (const StoreError &e) {
        reportStoreError(e);
    }
    refreshRuns();
}

void MainWindow::deleteSelectedRun()
{
    RunStore *s = store();
    const qint64 id = m_runs->selectedRunId();
    if (!s || id == 0)
        return;
    if (id == m_trainingRunId) {
        log(tr("run %1 is training: cancel it before deleting it").arg(id));
        return;
    }
    if (QMessageBox::question(this, tr("Delete run"),
                              tr("Delete run %1 with its metrics? Its files stay in %2.")
                                  .arg(id)
                                  .arg(QDir(m_context.dataDirectory).filePath(QStringLiteral("runs/%1").arg(id))))
        != QMessageBox::Yes)
        return;
    try {
        if (s->deleteRun(id))
            log(tr("run %1 deleted").arg(id));
    } catch (const StoreError &e) {
        reportStoreError(e);
    }
    if (m_live->runId() == id)
        m_live->clearRun();
    refreshRuns();
}

void MainWindow::refreshRuns()
{
    RunStore *s = store();
    if (!s)
        return;
    try {
        std::vector<RunRecord> runs = s->runs();
        std::vector<RunRow> rows;
        std::vector<RunRecord> queued;
        rows.reserve(runs.size());
        for (RunRecord &r : runs) {
            RunRow row;
            auto planned = m_plannedSteps.constFind(r.id);
            if (planned == m_plannedSteps.constEnd())
                planned = m_plannedSteps.insert(r.id, plannedSteps(r));   // parses the config once per run
            row.plannedSteps = *planned;
            const bool ended = r.status != RunStatus::Queued && r.status != RunStatus::Running;
            if (ended) {
                auto cached = m_summaries.constFind(r.id);
                if (cached == m_summaries.constEnd()) {
                    if (std::optional<RunSummary> summary = s->summary(r.id))
                        cached = m_summaries.insert(r.id, *summary);
                }
                if (cached != m_summaries.constEnd())
                    row.summary = *cached;
            } else {
                m_summaries.remove(r.id);   // resumed: a new summary comes at its end
            }
            if (r.status == RunStatus::Queued)
                queued.push_back(r);
            row.record = std::move(r);
            rows.push_back(std::move(row));
        }
        std::stable_sort(queued.begin(), queued.end(), [](const RunRecord &a, const RunRecord &b) {
            return a.queuePosition != b.queuePosition ? a.queuePosition < b.queuePosition : a.id < b.id;
        });
        m_runs->setRuns(std::move(rows));
        m_runs->setExperiments(s->experiments());
        m_queue->setQueuedRuns(queued);
    } catch (const StoreError &e) {
        reportStoreError(e);
    }
}

void MainWindow::feedLiveView()
{
    for (const LiveMetrics &batch : m_runner->takeLiveMetrics()) {
        if (!batch.steps.empty())
            m_runs->model()->setLiveStep(batch.runId, batch.steps.back().step);
        if (batch.runId == m_trainingRunId) {
            m_trainingMetrics.steps.insert(m_trainingMetrics.steps.end(), batch.steps.begin(), batch.steps.end());
            m_trainingMetrics.evaluations.insert(m_trainingMetrics.evaluations.end(), batch.evaluations.begin(),
                                                 batch.evaluations.end());
        }
        m_live->appendMetrics(batch);
    }
}

void MainWindow::showRun(qint64 runId)
{
    RunStore *s = store();
    if (!s)
        return;
    try {
        const std::optional<RunRecord> run = s->run(runId);
        if (!run)
            return;
        RunViewHeader header;
        header.runId = run->id;
        header.name = run->name;
        header.method = run->method;
        header.plannedSteps = m_plannedSteps.value(run->id, plannedSteps(*run));
        header.status = run->status;
        header.error = run->error;
        const std::optional<RunSummary> summary = s->summary(run->id);
        const std::optional<ResourceEstimate> estimate = estimateFor(*run);
        header.memoryLabel = summary ? summary->memoryLabel : estimate ? estimate->memoryLabel : QStringLiteral("RAM");
        const StepSeries steps = s->steps(run->id);
        m_live->showRun(header, steps, s->evaluations(run->id));
        m_try->setRun(run->status == RunStatus::Completed ? run->id : 0, run->name);
        if (run->id == m_trainingRunId)
            m_live->appendMetrics(m_trainingMetrics);   // what the store has not committed yet
        m_live->setEstimate(estimate);
        m_live->setMeasured(run->status == RunStatus::Running ? std::nullopt : summary);
        m_live->setCancelEnabled(run->id == m_trainingRunId && isTraining());
        m_live->replotNow();
    } catch (const StoreError &e) {
        reportStoreError(e);
    }
}

std::optional<ResourceEstimate> MainWindow::estimateFor(const RunRecord &run)
{
    if (const auto it = m_estimates.constFind(run.id); it != m_estimates.constEnd())
        return *it;
    if (run.id == m_trainingRunId)
        return std::nullopt;   // the worker is computing it; runEstimated() brings it
    std::optional<ResourceEstimate> estimate = estimateStoredRun(run, m_context.threads);
    if (estimate)
        m_estimates.insert(run.id, *estimate);
    return estimate;
}

void MainWindow::compareSelectedRuns()
{
    const std::vector<qint64> ids = m_runs->selectedRunIds();
    if (ids.size() < 2) {
        log(tr("select two or more finished runs to compare (Ctrl- or Shift-click in the table)"));
        return;
    }
    if (m_compare->compareRuns(ids))
        m_tabs->setCurrentWidget(m_compare);
    else
        log(m_compare->lastError());
}

std::optional<RunRecord> MainWindow::selectedRun()
{
    RunStore *s = store();
    const qint64 id = m_runs->selectedRunId();
    if (!s || id == 0)
        return std::nullopt;
    try {
        return s->run(id);
    } catch (const StoreError &e) {
        reportStoreError(e);
        return std::nullopt;
    }
}

void MainWindow::compareSelectedExperiment()
{
    const std::optional<RunRecord> run = selectedRun();
    if (!run)
        return;
    if (m_compare->compareExperiment(run->experimentId))
        m_tabs->setCurrentWidget(m_compare);
    else
        log(m_compare->lastError());
}

void MainWindow::exportSelectedRun()
{
    const std::optional<RunRecord> run = selectedRun();
    if (!run)
        return;
    if (run->status != RunStatus::Completed) {
        log(tr("run %1: only a completed run can be exported").arg(run->id));
        return;
    }
    ExportModelDialog dialog(RunStore::pathInDataDirectory(m_context.dataDirectory), run->id, run->method, this);
    if (dialog.exec() == QDialog::Accepted)
        log(dialog.resultText());
}

void MainWindow::openExperiment()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open experiment"), QString(), tr("Experiment configs (*.yaml *.yml)"));
    if (!path.isEmpty()) {
        m_experiment->load(path);
        m_tabs->setCurrentWidget(m_experiment);
    }
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(AppSettings::load(), m_context.devices, m_context.dataDirectory, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AppSettings settings = dialog.settings();
    m_context.threads = settings.threads;
    log(tr("settings saved%1").arg(dialog.needsRestart() ? tr("; the data directory and language apply at the next start") : QString()));
}

void MainWindow::log(const QString &line)
{
    m_log->appendPlainText(QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About PEFT Workbench"),
                       QStringLiteral("<pre>%1</pre>").arg(m_context.aboutText.toHtmlEscaped()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (isTraining()) {
        if (!m_closeWhenStopped) {
            const auto answer = QMessageBox::question(
                this, tr("Training in progress"),
                tr("A run is training. Stop it and quit? It is stored as cancelled and can be resumed later."));
            if (answer != QMessageBox::Yes) {
                event->ignore();
                return;
            }
            // Stop cleanly: the run ends after its current step, and the window closes when the
            // queue reports its end, with the window still responsive meanwhile.
            m_closeWhenStopped = true;
            cancelTraining();
        }
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    event->accept();
}

}  // namespace peftbench
