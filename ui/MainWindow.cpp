#include "MainWindow.h"

#include "ExperimentPanel.h"
#include "QueueRunner.h"

#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "store/RunStore.h"
#include "store/StoreError.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace peftbench {

namespace {

QString etaText(double seconds)
{
    const qint64 s = qint64(std::llround(seconds));
    return s >= 3600 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60)
           : s >= 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60)
                     : QStringLiteral("%1 s").arg(s);
}

}  // namespace

MainWindow::MainWindow(const MainWindowContext &context, QWidget *parent)
    : QMainWindow(parent), m_context(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("PEFT Workbench"));
    m_runner = new QueueRunner(RunStore::pathInDataDirectory(m_context.dataDirectory), m_context.dataDirectory, this);
    buildMenus();
    buildCentralArea();
    buildStatusBar();
    connectRunner();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1200, 760);
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());

    if (RunStore *s = store()) {
        try {
            if (const int n = s->markAbandonedRunsInterrupted())
                log(tr("%n run(s) left running by an earlier session are now marked interrupted; 'peftbench resume ID' continues one.", nullptr, n));
        } catch (const StoreError &e) {
            log(QString::fromUtf8(e.what()));
        }
    }
    if (!m_context.experimentPath.isEmpty())
        m_experiment->load(m_context.experimentPath);
    refreshRuns();
    m_refresh = new QTimer(this);
    m_refresh->setInterval(1000);
    connect(m_refresh, &QTimer::timeout, this, &MainWindow::refreshRuns);
    m_refresh->start();
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
    if (!m_store) {
        try {
            m_store = std::make_unique<RunStore>(RunStore::pathInDataDirectory(m_context.dataDirectory));
        } catch (const StoreError &e) {
            log(QString::fromUtf8(e.what()));
        }
    }
    return m_store.get();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open experiment…"), this, &MainWindow::openExperiment);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("openAction"));
    QAction *launchAction = file->addAction(tr("&Launch"), this, [this] {
        if (m_experiment->isLaunchable() && !isTraining())
            launch(m_experiment->path());
    });
    launchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    launchAction->setObjectName(QStringLiteral("launchAction"));
    QAction *cancel = file->addAction(tr("&Cancel training"), this, &MainWindow::cancelTraining);
    cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About PEFT Workbench"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
}

void MainWindow::buildCentralArea()
{
    m_experiment = new ExperimentPanel(this);
    connect(m_experiment, &ExperimentPanel::launchRequested, this, &MainWindow::launch);
    connect(m_experiment, &ExperimentPanel::openRequested, this, &MainWindow::openExperiment);

    m_runsModel = new QStandardItemModel(0, 0, this);
    m_runsModel->setHorizontalHeaderLabels({tr("Run"), tr("Experiment"), tr("Name"), tr("Method"), tr("Status"),
                                            tr("Steps"), tr("Best val. loss"), tr("Test metric"), tr("Peak memory")});
    m_runsView = new QTableView(this);
    m_runsView->setObjectName(QStringLiteral("runsView"));
    m_runsView->setModel(m_runsModel);
    m_runsView->setSortingEnabled(true);
    m_runsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runsView->horizontalHeader()->setStretchLastSection(true);
    m_runsView->verticalHeader()->hide();

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progressLabel = new QLabel(tr("Idle"), this);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setEnabled(false);
    connect(m_cancel, &QPushButton::clicked, this, &MainWindow::cancelTraining);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("logView"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);

    auto *runsArea = new QWidget(this);
    auto *runsLayout = new QVBoxLayout(runsArea);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Runs"), runsArea);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);
    runsLayout->addWidget(title);
    runsLayout->addWidget(m_runsView, 1);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progressLabel, 1);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    runsLayout->addLayout(progressRow);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_experiment);
    splitter->addWidget(runsArea);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 1);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(splitter);
    setCentralWidget(central);
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
        m_progress->setRange(0, int(std::max<qint64>(1, total)));
        m_progress->setValue(0);
        m_progressLabel->setText(tr("Run %1 (%2): starting").arg(id).arg(name));
        log(tr("run %1 (%2) started").arg(id).arg(name));
        refreshRuns();
    });
    connect(m_runner, &QueueRunner::stepDone, this,
            [this](qint64 id, qint64 step, qint64 total, double loss, double secondsPerStep) {
                m_progress->setValue(int(step));
                m_progressLabel->setText(tr("Run %1: step %2 of %3 · loss %4 · %5 s/step · ETA %6")
                                             .arg(id)
                                             .arg(step)
                                             .arg(total)
                                             .arg(loss, 0, 'f', 4)
                                             .arg(secondsPerStep, 0, 'f', 2)
                                             .arg(etaText(secondsPerStep * double(total - step))));
            });
    connect(m_runner, &QueueRunner::evaluated, this,
            [this](qint64 id, qint64 step, double valLoss, const QString &metricName, double metric) {
                log(tr("run %1 step %2: validation loss %3, %4 %5").arg(id).arg(step).arg(valLoss, 0, 'f', 4).arg(metricName).arg(metric, 0, 'f', 4));
            });
    connect(m_runner, &QueueRunner::message, this, &MainWindow::log);
    connect(m_runner, &QueueRunner::runFinished, this, [this](qint64 id, const QString &status, const QString &error) {
        log(error.isEmpty() ? tr("run %1 %2").arg(id).arg(status) : tr("run %1 %2: %3").arg(id).arg(status, error));
        refreshRuns();
    });
    connect(m_runner, &QueueRunner::finished, this, [this](bool cancelled, const QString &error) {
        m_training = false;
        m_experiment->setBusy(false);
        m_cancel->setEnabled(false);
        m_progressLabel->setText(cancelled ? tr("Cancelled; the runs after it stay queued") : tr("Idle"));
        if (!error.isEmpty())
            log(error);
        refreshRuns();
    });
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
        m_experiment->setBusy(true);
        m_cancel->setEnabled(true);
        m_training = m_runner->start(submitted.experimentId, m_context.threads);
    } catch (const ConfigError &e) {
        log(e.message());
        QMessageBox::warning(this, tr("Experiment not launched"), e.message());
    } catch (const StoreError &e) {
        log(QString::fromUtf8(e.what()));
        QMessageBox::warning(this, tr("Experiment not launched"), QString::fromUtf8(e.what()));
    }
    refreshRuns();
}

void MainWindow::cancelTraining()
{
    if (!isTraining())
        return;
    m_runner->cancel();
    m_cancel->setEnabled(false);
    m_progressLabel->setText(tr("Cancelling after the current step…"));
}

void MainWindow::refreshRuns()
{
    RunStore *s = store();
    if (!s)
        return;
    std::vector<RunRecord> runs;
    try {
        runs = s->runs();
    } catch (const StoreError &e) {
        log(QString::fromUtf8(e.what()));
        return;
    }
    const QLocale locale;
    m_runsModel->setRowCount(int(runs.size()));
    for (int row = 0; row < int(runs.size()); ++row) {
        const RunRecord &r = runs[size_t(row)];
        std::optional<RunSummary> summary;
        try {
            summary = s->summary(r.id);
        } catch (const StoreError &) {
            // Shown without its summary; the next refresh tries again.
        }
        const auto number = [](double v, int decimals) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', decimals); };
        const QStringList cells{QString::number(r.id),
                                QString::number(r.experimentId),
                                r.name,
                                r.method,
                                runStatusName(r.status),
                                summary ? QString::number(summary->steps) : QString(),
                                summary ? number(summary->bestValLoss, 4) : QString(),
                                summary ? number(summary->testMetric, 4) : QString(),
                                summary ? QStringLiteral("%1 %2").arg(locale.formattedDataSize(summary->peakMemoryBytes), summary->memoryLabel)
                                        : QString()};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QStandardItem(cells[c]);
            if (c == 0 || c == 1 || c == 5)
                item->setData(cells[c].toLongLong(), Qt::DisplayRole);   // sorts as numbers
            if (c == 4 && !r.error.isEmpty())
                item->setToolTip(r.error);
            m_runsModel->setItem(row, c, item);
        }
    }
}

void MainWindow::openExperiment()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open experiment"), QString(), tr("Experiment configs (*.yaml *.yml)"));
    if (!path.isEmpty())
        m_experiment->load(path);
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
        const auto answer = QMessageBox::question(this, tr("Training in progress"),
                                                  tr("A run is training. Cancel it and quit? It is stored as cancelled and "
                                                     "can be resumed later."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_runner->cancel();
    }
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    event->accept();
}

}  // namespace peftbench
