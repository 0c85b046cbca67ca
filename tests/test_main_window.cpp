// GUI smoke test: the main window opens offscreen with its menus, runs area and a status bar
// naming the device this process computes on.
#include "MainWindow.h"

#include "system/ComputeEnvironment.h"

#include <QDir>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>
#include <QtTest>

using namespace peftbench;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensWithDeviceInStatusBar();
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
    MainWindow window({deviceSummary(env), dataDir, versionReport(env)});
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

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
