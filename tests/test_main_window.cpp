// GUI smoke test: the main window opens offscreen with its menus, runs area and a status bar
// naming the device this process computes on.
#include "ExperimentFixtures.h"
#include "ExperimentPanel.h"
#include "MainWindow.h"

#include "system/ComputeEnvironment.h"

#include <QDir>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace peftbench;
using namespace peftbench::testing;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensWithDeviceInStatusBar();
    void opensWithTheDefaultExperimentReady();
    void showsWhatIsWrongWithABadExperiment();
    void launchTrainsTheRunsInTheBackground();
};

void TestMainWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("peftbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
}

void TestMainWindow::opensWithDeviceInStatusBar()
{
    applyComputeSettings({2});
    const ComputeEnvironment env = probeComputeEnvironment();
    const QString dataDir = QDir::tempPath() + QStringLiteral("/peftbench-test-data");
    MainWindow window({deviceSummary(env), dataDir, versionReport(env), {}, 0});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *device = window.statusBar()->findChild<QLabel *>(QStringLiteral("deviceLabel"));
    QVERIFY(device);
    QVERIFY(device->isVisible());
    if (env.cuda.isEmpty()) {
        QVERIFY2(device->text().startsWith(QStringLiteral("CPU: ")), qPrintable(device->text()));
        QVERIFY(device->text().contains(env.cpuModel));
        QVERIFY(device->text().contains(QStringLiteral("2 threads")));
    } else {
        QVERIFY(device->text().contains(env.cuda.first().name));
        QVERIFY(device->text().contains(QStringLiteral("VRAM")));
    }
    auto *dataLabel = window.statusBar()->findChild<QLabel *>(QStringLiteral("dataDirLabel"));
    QVERIFY(dataLabel && dataLabel->text().contains(dataDir));

    QStringList menus;
    for (QAction *a : window.menuBar()->actions())
        menus << a->text().remove(QLatin1Char('&'));
    QCOMPARE(menus, (QStringList{QStringLiteral("File"), QStringLiteral("Help")}));
    auto *runs = window.findChild<QTableView *>(QStringLiteral("runsView"));
    QVERIFY(runs && runs->isVisible());
    QVERIFY(runs->model()->columnCount() >= 5);

    const QString shot = QStringLiteral(PEFTBENCH_SCREENSHOT_DIR) + QStringLiteral("/main_window.png");
    QVERIFY(window.grab().save(shot));
}

void TestMainWindow::opensWithTheDefaultExperimentReady()
{
    QTemporaryDir dir;
    MainWindow window({QStringLiteral("CPU"), dir.path(), {}, QStringLiteral(":/experiments/spam-three-methods.yaml"), 0});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.experimentPanel()->isLaunchable());
    auto *title = window.findChild<QLabel *>(QStringLiteral("experimentTitle"));
    QVERIFY2(title->text().contains(QStringLiteral("spam")), qPrintable(title->text()));
    auto *runs = window.findChild<QTableWidget *>(QStringLiteral("experimentRuns"));
    QCOMPARE(runs->rowCount(), 3);
    QStringList methods;
    for (int row = 0; row < runs->rowCount(); ++row)
        methods << runs->item(row, 1)->text();
    methods.sort();
    QCOMPARE(methods, (QStringList{QStringLiteral("full"), QStringLiteral("lora"), QStringLiteral("prompt_tuning")}));
    QVERIFY(window.findChild<QPushButton *>(QStringLiteral("launchButton"))->isEnabled());   // finished() was handled
    QVERIFY(window.grab().save(QStringLiteral(PEFTBENCH_SCREENSHOT_DIR) + QStringLiteral("/main_window_default_experiment.png")));
}

void TestMainWindow::showsWhatIsWrongWithABadExperiment()
{
    QTemporaryDir dir;
    const QString path = writeFile(QDir(dir.path()), QStringLiteral("bad.yaml"), "name: x\nbase_model: builtin:byte-gpt\nrunz: []\n");
    MainWindow window({QStringLiteral("CPU"), dir.path(), {}, path, 0});
    QVERIFY(!window.experimentPanel()->isLaunchable());
    auto *error = window.findChild<QLabel *>(QStringLiteral("experimentError"));
    QVERIFY2(error->text().contains(QStringLiteral("bad.yaml:3:1: runz: unknown key")), qPrintable(error->text()));
    QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("launchButton"))->isEnabled());
}

void TestMainWindow::launchTrainsTheRunsInTheBackground()
{
    QTemporaryDir dir;
    const QDir d(dir.path());
    const QString path = writeFile(d, QStringLiteral("e.yaml"),
                                   tinyExperiment(d, "  - {method: lora}\n  - {method: full, lr: 3.0e-3}\n", 30, 10));
    MainWindow window({QStringLiteral("CPU"), dir.filePath(QStringLiteral("data")), {}, path, 1});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("launchButton")), Qt::LeftButton);
    QVERIFY(window.isTraining());
    QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("launchButton"))->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!window.isTraining(), 180000);
    window.refreshRuns();

    auto *runs = window.findChild<QTableView *>(QStringLiteral("runsView"))->model();
    QCOMPARE(runs->rowCount(), 2);
    for (int row = 0; row < 2; ++row)
        QCOMPARE(runs->index(row, 4).data().toString(), QStringLiteral("completed"));
    auto *log = window.findChild<QPlainTextEdit *>(QStringLiteral("logView"));
    QVERIFY2(log->toPlainText().contains(QStringLiteral("step 30: validation loss")), qPrintable(log->toPlainText()));
    QVERIFY(window.findChild<QPushButton *>(QStringLiteral("launchButton"))->isEnabled());   // finished() was handled
    QVERIFY(window.grab().save(QStringLiteral(PEFTBENCH_SCREENSHOT_DIR) + QStringLiteral("/main_window_after_runs.png")));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
