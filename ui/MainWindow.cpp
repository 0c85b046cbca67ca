#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace peftbench {

MainWindow::MainWindow(const MainWindowContext &context, QWidget *parent)
    : QMainWindow(parent), m_context(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("PEFT Workbench"));
    buildMenus();
    buildRunsArea();
    buildStatusBar();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1200, 760);
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
}

QString MainWindow::deviceText() const
{
    return m_deviceLabel->text();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About PEFT Workbench"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
}

void MainWindow::buildRunsArea()
{
    m_runsModel = new QStandardItemModel(0, 0, this);
    m_runsModel->setHorizontalHeaderLabels({tr("Run"), tr("Experiment"), tr("Method"), tr("Status"),
                                            tr("Step"), tr("Best val. loss"), tr("Peak memory")});
    m_runsView = new QTableView(this);
    m_runsView->setObjectName(QStringLiteral("runsView"));
    m_runsView->setModel(m_runsModel);
    m_runsView->setSortingEnabled(true);
    m_runsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runsView->horizontalHeader()->setStretchLastSection(true);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *title = new QLabel(tr("Runs"), central);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);
    layout->addWidget(m_runsView);
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

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About PEFT Workbench"),
                       QStringLiteral("<pre>%1</pre>").arg(m_context.aboutText.toHtmlEscaped()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    event->accept();
}

}  // namespace peftbench
