// The pieces of the main window's run views, without training: the runs table model (merge by
// id, numeric sorting, filters), the live metric buffer, EMA smoothing, and the chart's redraw
// time at 100,000 points per curve.
#include "EmaSmoother.h"
#include "LiveMetricBuffer.h"
#include "LiveRunView.h"
#include "MetricPlot.h"
#include "RunFilterProxy.h"
#include "RunTableModel.h"
#include "UiTiming.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <thread>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

RunRow makeRow(qint64 id, RunStatus status, const QString &method, qint64 experiment, double bestValLoss = kNoValue)
{
    RunRow row;
    row.record.id = id;
    row.record.experimentId = experiment;
    row.record.name = QStringLiteral("%1 #%2").arg(method).arg(id);
    row.record.method = method;
    row.record.status = status;
    row.plannedSteps = 100;
    if (status == RunStatus::Completed) {
        RunSummary s;
        s.steps = 100;
        s.bestValLoss = bestValLoss;
        s.peakMemoryBytes = id * 1000;
        s.memoryLabel = QStringLiteral("RAM");
        row.summary = s;
    }
    return row;
}

std::vector<RunRow> rows(std::initializer_list<RunRow> list)
{
    return std::vector<RunRow>(list);
}

}  // namespace

class TestRunViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelMergesByIdWithoutReset();
    void proxyFiltersByStatusMethodAndExperiment_data();
    void proxyFiltersByStatusMethodAndExperiment();
    void proxySortsNumbersAsNumbers();
    void liveStepShowsWhileRunning();
    void bufferKeepsRunsApartAndOrder();
    void emaMatchesHandComputedValues();
    void liveViewSkipsStepsItAlreadyShows();
    void chartWith100kPointsRedrawsQuickly();
};

void TestRunViews::modelMergesByIdWithoutReset()
{
    RunTableModel model;
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.setRuns(rows({makeRow(1, RunStatus::Completed, QStringLiteral("lora"), 1, 0.5),
                        makeRow(2, RunStatus::Running, QStringLiteral("full"), 1),
                        makeRow(3, RunStatus::Queued, QStringLiteral("prompt_tuning"), 1)}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.count(), 3);

    // Run 2 finishes, run 1 is deleted, run 4 is queued; run 3 is unchanged.
    changed.clear();
    model.setRuns(rows({makeRow(2, RunStatus::Completed, QStringLiteral("full"), 1, 0.4),
                        makeRow(3, RunStatus::Queued, QStringLiteral("prompt_tuning"), 1),
                        makeRow(4, RunStatus::Queued, QStringLiteral("lora"), 2)}));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 4);
    QCOMPARE(changed.count(), 1);   // only run 2's row
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOf(1), -1);
    QCOMPARE(model.rowOf(4), 2);
    QCOMPARE(model.index(0, RunTableModel::Status).data().toString(), QStringLiteral("completed"));
    QCOMPARE(model.index(0, RunTableModel::BestValLoss).data().toString(), QStringLiteral("0.4000"));
    QVERIFY(!model.index(1, RunTableModel::BestValLoss).data(RunTableModel::RawRole).isValid());
}

void TestRunViews::proxyFiltersByStatusMethodAndExperiment_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("method");
    QTest::addColumn<qint64>("experiment");   // 0: any
    QTest::addColumn<QList<qint64>>("expectedIds");
    QTest::newRow("all") << QString() << QString() << qint64(0) << QList<qint64>{1, 2, 3, 4, 5};
    QTest::newRow("completed") << QStringLiteral("completed") << QString() << qint64(0) << QList<qint64>{1, 4};
    QTest::newRow("lora") << QString() << QStringLiteral("lora") << qint64(0) << QList<qint64>{1, 3};
    QTest::newRow("experiment 2") << QString() << QString() << qint64(2) << QList<qint64>{4, 5};
    QTest::newRow("completed full in 2") << QStringLiteral("completed") << QStringLiteral("full") << qint64(2) << QList<qint64>{4};
    QTest::newRow("nothing") << QStringLiteral("diverged") << QString() << qint64(0) << QList<qint64>{};
}

void TestRunViews::proxyFiltersByStatusMethodAndExperiment()
{
    QFETCH(QString, status);
    QFETCH(QString, method);
    QFETCH(qint64, experiment);
    QFETCH(QList<qint64>, expectedIds);
    RunTableModel model;
    model.setRuns(rows({makeRow(1, RunStatus::Completed, QStringLiteral("lora"), 1, 0.5),
                        makeRow(2, RunStatus::Cancelled, QStringLiteral("full"), 1),
                        makeRow(3, RunStatus::Queued, QStringLiteral("lora"), 1),
                        makeRow(4, RunStatus::Completed, QStringLiteral("full"), 2, 0.3),
                        makeRow(5, RunStatus::Failed, QStringLiteral("prompt_tuning"), 2)}));
    RunFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setStatusFilter(status);
    proxy.setMethodFilter(method);
    proxy.setExperimentFilter(experiment ? std::optional<qint64>(experiment) : std::nullopt);
    proxy.sort(RunTableModel::Id, Qt::AscendingOrder);
    QList<qint64> ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids << proxy.index(row, RunTableModel::Id).data(RunTableModel::RawRole).toLongLong();
    QCOMPARE(ids, expectedIds);
}

void TestRunViews::proxySortsNumbersAsNumbers()
{
    RunTableModel model;
    model.setRuns(rows({makeRow(2, RunStatus::Completed, QStringLiteral("lora"), 1, 10.0),
                        makeRow(9, RunStatus::Completed, QStringLiteral("lora"), 1, 9.0),
                        makeRow(10, RunStatus::Queued, QStringLiteral("lora"), 1)}));
    RunFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(RunTableModel::Id, Qt::AscendingOrder);
    QCOMPARE(proxy.index(2, RunTableModel::Id).data().toLongLong(), 10);   // not "10" < "2" < "9"
    proxy.sort(RunTableModel::BestValLoss, Qt::AscendingOrder);
    // No value sorts first; then 9.0 before 10.0 (as text "10.0000" would come first).
    QCOMPARE(proxy.index(0, RunTableModel::Id).data().toLongLong(), 10);
    QCOMPARE(proxy.index(1, RunTableModel::Id).data().toLongLong(), 9);
    QCOMPARE(proxy.index(2, RunTableModel::Id).data().toLongLong(), 2);
}

void TestRunViews::liveStepShowsWhileRunning()
{
    RunTableModel model;
    model.setRuns(rows({makeRow(7, RunStatus::Running, QStringLiteral("full"), 1)}));
    model.setLiveStep(7, 42);
    QCOMPARE(model.index(0, RunTableModel::Steps).data().toString(), QStringLiteral("42 / 100"));
    // A store refresh (which knows no live step) keeps the live one while the run is running.
    model.setRuns(rows({makeRow(7, RunStatus::Running, QStringLiteral("full"), 1)}));
    QCOMPARE(model.index(0, RunTableModel::Steps).data().toString(), QStringLiteral("42 / 100"));
    model.setRuns(rows({makeRow(7, RunStatus::Completed, QStringLiteral("full"), 1, 1.0)}));
    QCOMPARE(model.index(0, RunTableModel::Steps).data().toString(), QStringLiteral("100 / 100"));
}

void TestRunViews::bufferKeepsRunsApartAndOrder()
{
    LiveMetricBuffer buffer;
    std::thread producer([&buffer] {
        for (int run = 1; run <= 2; ++run)
            for (int step = 1; step <= 1000; ++step) {
                StepMetrics m;
                m.step = step;
                buffer.addStep(run, m);
                if (step % 100 == 0) {
                    EvalMetrics e;
                    e.step = step;
                    buffer.addEvaluation(run, e);
                }
            }
    });
    std::vector<LiveMetrics> taken;
    for (bool done = false; !done;) {
        done = taken.size() > 0 && taken.back().runId == 2 && !taken.back().steps.empty() && taken.back().steps.back().step == 1000;
        for (LiveMetrics &batch : buffer.take())
            taken.push_back(std::move(batch));
    }
    producer.join();
    for (LiveMetrics &batch : buffer.take())
        taken.push_back(std::move(batch));
    qint64 lastRun = 0, lastStep = 0, steps = 0, evaluations = 0;
    for (const LiveMetrics &batch : taken) {
        QVERIFY(batch.runId >= lastRun);
        if (batch.runId != lastRun)
            lastStep = 0;
        lastRun = batch.runId;
        for (const StepMetrics &m : batch.steps) {
            QCOMPARE(m.step, lastStep + 1);
            lastStep = m.step;
            ++steps;
        }
        evaluations += qint64(batch.evaluations.size());
    }
    QCOMPARE(steps, 2000);
    QCOMPARE(evaluations, 20);
}

void TestRunViews::emaMatchesHandComputedValues()
{
    EmaSmoother ema(0.5);
    // Debiased: a1 = 0.5·4 = 2 → 2/(1-0.5) = 4; a2 = 0.5·2 + 0.5·2 = 2 → 2/(1-0.25) = 8/3.
    QCOMPARE(ema.add(4.0), 4.0);
    QVERIFY(std::abs(ema.add(2.0) - 8.0 / 3.0) < 1e-12);
    QVERIFY(std::isnan(ema.add(qQNaN())));                 // passes through, changes nothing
    // a3 = 0.5·2 + 0.5·1 = 1.5 → 1.5/(1-0.125) = 12/7.
    QVERIFY(std::abs(ema.add(1.0) - 12.0 / 7.0) < 1e-12);
    EmaSmoother none(0.0);
    QCOMPARE(none.add(3.0), 3.0);
    QCOMPARE(none.add(5.0), 5.0);
}

void TestRunViews::liveViewSkipsStepsItAlreadyShows()
{
    LiveRunView view;
    RunViewHeader header;
    header.runId = 5;
    header.plannedSteps = 20;
    header.status = RunStatus::Running;
    StepSeries stored;
    for (int s = 1; s <= 10; ++s) {
        stored.step << s;
        stored.trainLoss << 2.0;
        stored.learningRate << 0.0;
        stored.gradNorm << 0.0;
        stored.stepSeconds << 0.1;
        stored.tokensPerSecond << 100.0;
        stored.tokensSeen << s * 10;
        stored.epoch << 0.0;
        stored.wallSeconds << s * 0.1;
        stored.memoryBytes << (100 << 20);
        stored.memoryPeakBytes << (120 << 20);
    }
    view.showRun(header, stored, {});
    LiveMetrics live{5, {}, {}};
    for (int s = 8; s <= 15; ++s) {   // overlaps the stored 8..10
        StepMetrics m;
        m.step = s;
        m.trainLoss = 1.0;
        live.steps.push_back(m);
    }
    live.evaluations.push_back(EvalMetrics{10, 1.5, QStringLiteral("accuracy"), 0.5});
    view.appendMetrics(live);
    view.appendMetrics(LiveMetrics{6, live.steps, {}});   // another run's: ignored
    QCOMPARE(view.lossPlot()->pointCount(LiveRunView::TrainRaw), 15);
    QCOMPARE(view.lossPlot()->pointCount(LiveRunView::TrainSmoothed), 15);
    QCOMPARE(view.lossPlot()->pointCount(LiveRunView::Validation), 1);
    QCOMPARE(view.memoryPlot()->pointCount(LiveRunView::MemoryPeak), 15);
    QCOMPARE(view.throughputPlot()->pointCount(0), 15);
}

void TestRunViews::chartWith100kPointsRedrawsQuickly()
{
    LiveRunView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    RunViewHeader header;
    header.runId = 1;
    header.plannedSteps = 100000;
    header.status = RunStatus::Running;
    view.showRun(header, {}, {});
    const LiveMetrics live = syntheticLiveMetrics(1, 100000);
    view.appendMetrics(live);
    QCOMPARE(view.lossPlot()->pointCount(LiveRunView::TrainRaw), 100000);
    // Time full redraws of the loss chart (raw + smoothed: 200,000 points); the target is 30 ms
    // (SPEC §9). Measured, not asserted against the target: a shared CI machine is noisy, so the
    // test fails only far above it.
    QVERIFY(view.replotNow());   // fits the axes to the data, then draws (warm-up)
    QCOMPARE(view.lossPlot()->xAxis->range().upper, 100000.0);
    const double worst = worstRedrawMs(*view.lossPlot(), 5);
    qInfo("loss chart with 100,000 points per curve: worst redraw %.1f ms (target 30 ms)", worst);
    QVERIFY2(worst < 300, qPrintable(QStringLiteral("%1 ms").arg(worst)));
    QTest::qWait(60);   // the queued replots of the other charts
    QVERIFY(view.grab().save(QStringLiteral(PEFTBENCH_SCREENSHOT_DIR) + QStringLiteral("/live_view_100k_points.png")));
}

QTEST_MAIN(TestRunViews)
#include "test_run_views.moc"
