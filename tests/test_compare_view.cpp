// The compare view (issue 7): overlaid curves on every x-axis, bar charts with error bars for
// repeats, the quality-vs-cost Pareto front, the config diff, the claims panel, the export dialog,
// the time to open ten runs, and sample outputs from real tiny runs computed off the UI thread.
#include "ExperimentFixtures.h"

#include "ClaimsPanel.h"
#include "CompareBars.h"
#include "CompareConfigTable.h"
#include "CompareCurves.h"
#include "CompareSamples.h"
#include "CompareScatter.h"
#include "CompareView.h"
#include "ExportReportDialog.h"
#include "MetricPlot.h"
#include "SyntheticRuns.h"
#include "UiTiming.h"

#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/RunQueue.h"
#include "report/ClaimsCheck.h"
#include "store/RunStore.h"

#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>
#include <map>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

QString screenshot(const char *name)
{
    return QStringLiteral(PEFTBENCH_SCREENSHOT_DIR "/") + QLatin1String(name);
}

QVector<double> keys(const QCPGraph *graph)
{
    QVector<double> out;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        out << it->key;
    return out;
}

QVector<double> values(const QCPGraph *graph)
{
    QVector<double> out;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        out << it->value;
    return out;
}

QVector<double> toDoubles(const QVector<int64_t> &v)
{
    QVector<double> out;
    for (int64_t x : v)
        out << double(x);
    return out;
}

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) <= tolerance * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

// Shows the tab holding `content` and saves the view as a screenshot under the build tree.
void saveTab(CompareView &view, QWidget *content, const char *name)
{
    for (int i = 0; i < view.tabs()->count(); ++i)
        if (view.tabs()->widget(i) == content || view.tabs()->widget(i)->isAncestorOf(content))
            view.tabs()->setCurrentIndex(i);
    QCoreApplication::processEvents();
    QVERIFY(view.grab().save(screenshot(name)));
}

}  // namespace

class TestCompareView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void curvesFollowTheChosenAxis();
    void repeatsDrawMeanWithBand();
    void barsShowEveryRunAndStacksSumToThePeak();
    void repeatsGetErrorBars();
    void scatterMarksTheParetoFront();
    void configTableHidesSharedSettings();
    void claimsPanelShowsEveryVerdict();
    void exportDialogWritesReports();
    void unknownRunShowsAnError();
    void tenRunsOpenWithinASecond();
    void sampleOutputsArriveWithoutBlocking();
    void classificationSamplesShowPredictedLabels();

private:
    QTemporaryDir m_dir;
    QString m_database;
    std::vector<qint64> m_six;   // PT #1, LoRA #1, Full #1, PT #2, LoRA #2, Full #2
    std::vector<qint64> m_ten;
};

void TestCompareView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_database = RunStore::pathInDataDirectory(m_dir.path());
    m_six = syntheticExperiment(m_database, "three-methods",
                                {{"{name: Prompt Tuning, method: prompt_tuning, lr: 0.3}", kPromptTuning},
                                 {"{name: LoRA, method: lora, lr: 0.002}", kLora},
                                 {"{name: Full, method: full, lr: 0.0003}", kFull}},
                                40, 10);
    QCOMPARE(m_six.size(), size_t(6));
    m_ten = tenRunExperiment(m_database);
    QCOMPARE(m_ten.size(), size_t(10));
}

void TestCompareView::curvesFollowTheChosenAxis()
{
    CompareView view(m_database);
    QVERIFY2(view.compareRuns(m_six), qPrintable(view.lastError()));
    QCOMPARE(view.runIds(), m_six);
    view.setGroupRepeats(false);
    CompareCurves *curves = view.curves();
    curves->setSmoothing(0.0);   // raw: the drawn values are the stored ones
    QCOMPARE(curves->seriesCount(), 6);
    RunStore store(m_database);
    for (CurveAxis axis : {CurveAxis::Step, CurveAxis::Epoch, CurveAxis::Tokens, CurveAxis::WallTime}) {
        curves->setAxis(axis);
        QCOMPARE(curves->axis(), axis);
        for (int s = 0; s < 6; ++s) {
            const StepSeries steps = store.steps(m_six[size_t(s)]);
            const QVector<double> expected = axis == CurveAxis::Step     ? toDoubles(steps.step)
                                             : axis == CurveAxis::Epoch  ? steps.epoch
                                             : axis == CurveAxis::Tokens ? toDoubles(steps.tokensSeen)
                                                                         : steps.wallSeconds;
            QCOMPARE(curves->trainGraph(s)->dataCount(), 40);
            QCOMPARE(keys(curves->trainGraph(s)), expected);
            QCOMPARE(values(curves->trainGraph(s)), steps.trainLoss);
            QVERIFY(curves->trainBand(s) == nullptr);
            // Evaluations at steps 0, 10, 20, 30, 40: at x = 0, then at their steps' x.
            const std::vector<EvalMetrics> evaluations = store.evaluations(m_six[size_t(s)]);
            QCOMPARE(curves->validationGraph(s)->dataCount(), int(evaluations.size()));
            const QVector<double> vx = keys(curves->validationGraph(s));
            QCOMPARE(vx.front(), 0.0);
            for (int e = 1; e < vx.size(); ++e)
                QCOMPARE(vx[e], expected[int(evaluations[size_t(e)].step) - 1]);
        }
    }
    // Smoothing changes the drawn training curve, never the points it has.
    curves->setSmoothing(0.9);
    QCOMPARE(curves->trainGraph(0)->dataCount(), 40);
    QVERIFY(values(curves->trainGraph(0)) != store.steps(m_six[0]).trainLoss);
}

void TestCompareView::repeatsDrawMeanWithBand()
{
    CompareView view(m_database);
    view.resize(1300, 850);
    QVERIFY(view.compareRuns(m_six));
    QVERIFY(view.groupRepeats());   // on by default when seeds repeat
    CompareCurves *curves = view.curves();
    curves->setSmoothing(0.0);
    QCOMPARE(curves->seriesCount(), 3);
    RunStore store(m_database);
    for (int g = 0; g < 3; ++g) {
        const StepSeries a = store.steps(m_six[size_t(g)]), b = store.steps(m_six[size_t(g + 3)]);
        QCOMPARE(curves->trainGraph(g)->dataCount(), 40);
        QVERIFY(curves->trainBand(g) != nullptr);
        const QVector<double> mean = values(curves->trainGraph(g)), upper = values(curves->trainBand(g));
        for (int i = 0; i < 40; ++i) {
            QVERIFY(near(mean[i], (a.trainLoss[i] + b.trainLoss[i]) / 2));
            const double std = std::abs(a.trainLoss[i] - b.trainLoss[i]) / std::sqrt(2.0);
            QVERIFY(near(upper[i], mean[i] + std));
        }
        QCOMPARE(curves->validationGraph(g)->dataCount(), 5);
    }
    curves->setSmoothing(0.6);
    view.show();
    saveTab(view, curves, "compare-curves.png");
}

void TestCompareView::barsShowEveryRunAndStacksSumToThePeak()
{
    CompareView view(m_database);
    QVERIFY(view.compareRuns(m_six));
    view.setGroupRepeats(false);
    CompareBars *bars = view.bars();
    const Profile *profiles[] = {&kPromptTuning, &kLora, &kFull};
    for (RunMetric metric : CompareBars::chartedMetrics()) {
        QVERIFY(bars->chart(metric));
        QCOMPARE(bars->barValues(metric).size(), size_t(6));
        QVERIFY2(bars->errorValues(metric).empty(), qPrintable(metricKey(metric)));
    }
    for (int r = 0; r < 6; ++r) {
        const Profile &p = *profiles[r % 3];
        const int repeat = r / 3;
        QVERIFY(near(bars->barValues(RunMetric::TestMetric)[size_t(r)], accuracyOf(p, repeat)));
        QCOMPARE(bars->barValues(RunMetric::TrainableParams)[size_t(r)], double(p.trainable));
        QVERIFY(near(bars->barValues(RunMetric::AdapterBytes)[size_t(r)], p.adapterBytes / kMiB));
        QVERIFY(near(bars->barValues(RunMetric::SecondsPerStep)[size_t(r)], p.secondsPerStep * (1 + 0.02 * repeat)));
        // The stack: weights, gradients, optimizer state, the rest — adding up to the peak.
        const std::vector<double> stack = bars->memoryStack(r);
        QCOMPARE(stack.size(), size_t(4));
        QVERIFY(near(stack[0], p.weightsMiB, 1e-6));
        QVERIFY(near(stack[1], p.gradientsMiB, 1e-6));
        QVERIFY(near(stack[2], p.optimizerMiB, 1e-6));
        QVERIFY(near(stack[0] + stack[1] + stack[2] + stack[3], peakOf(p, repeat) / kMiB, 1e-6));
        QVERIFY(near(bars->barValues(RunMetric::PeakMemory)[size_t(r)], peakOf(p, repeat) / kMiB, 1e-6));
    }
    // Parameters span three orders of magnitude: a log axis.
    QCOMPARE(bars->chart(RunMetric::TrainableParams)->yAxis->scaleType(), QCPAxis::stLogarithmic);
}

void TestCompareView::repeatsGetErrorBars()
{
    CompareView view(m_database);
    view.resize(1300, 1000);
    QVERIFY(view.compareRuns(m_six));
    CompareBars *bars = view.bars();
    QCOMPARE(bars->seriesCount(), 3);
    const Profile *profiles[] = {&kPromptTuning, &kLora, &kFull};
    for (RunMetric metric : CompareBars::chartedMetrics()) {
        QCOMPARE(bars->barValues(metric).size(), size_t(3));
        QCOMPARE(bars->errorValues(metric).size(), size_t(3));
    }
    const double accuracyStd = 0.01 / std::sqrt(2.0);   // two seeds 0.01 apart
    for (int g = 0; g < 3; ++g) {
        const Profile &p = *profiles[g];
        QVERIFY(near(bars->barValues(RunMetric::TestMetric)[size_t(g)], p.accuracy - 0.005));
        QVERIFY(near(bars->errorValues(RunMetric::TestMetric)[size_t(g)], accuracyStd, 1e-9));
        QCOMPARE(bars->errorValues(RunMetric::TrainableParams)[size_t(g)], 0.0);   // fixed by the config
        const std::vector<double> stack = bars->memoryStack(g);
        QVERIFY(near(stack[0] + stack[1] + stack[2] + stack[3], p.peakMiB + 1.0, 1e-6));   // mean of +0 and +2 MiB
        QVERIFY(near(bars->errorValues(RunMetric::PeakMemory)[size_t(g)], 2.0 / std::sqrt(2.0), 1e-6));
    }
    view.show();
    saveTab(view, bars, "compare-bars.png");
}

void TestCompareView::scatterMarksTheParetoFront()
{
    CompareView view(m_database);
    view.resize(1300, 700);
    QVERIFY(view.compareRuns(m_six));
    view.setGroupRepeats(false);
    CompareScatter *scatter = view.scatter();
    QCOMPARE(CompareScatter::qualityMetric(*view.comparison()), RunMetric::TestMetric);
    // Each method's second seed uses more memory and scores lower: only the first seeds are on the
    // front, by ascending cost (prompt tuning, LoRA, full).
    const std::vector<int> expected{0, 1, 2};
    for (CompareScatter::Cost cost : {CompareScatter::Cost::PeakMemory, CompareScatter::Cost::TrainableParams}) {
        QCOMPARE(scatter->frontSeries(cost), expected);
        QCOMPARE(scatter->frontLine(cost)->dataCount(), 3);
        for (int s = 0; s < 6; ++s)
            QCOMPARE(scatter->point(cost, s)->dataCount(), 1);
    }
    QCOMPARE(scatter->chart(CompareScatter::Cost::TrainableParams)->xAxis->scaleType(), QCPAxis::stLogarithmic);
    const QCPGraph *fullSeed1 = scatter->point(CompareScatter::Cost::PeakMemory, 2);
    QVERIFY(near(fullSeed1->data()->at(0)->key, kFull.peakMiB));
    QVERIFY(near(fullSeed1->data()->at(0)->value, kFull.accuracy));

    // Ten runs in five configurations: LoRA r=16 trains more parameters than r=2 for the same
    // accuracy, and full lr=3e-5 as many as full lr=3e-4 for less: neither is on the front.
    QVERIFY(view.compareRuns(m_ten));
    view.setGroupRepeats(true);
    QCOMPARE(scatter->series().size(), size_t(5));
    QCOMPARE(scatter->frontSeries(CompareScatter::Cost::TrainableParams), (std::vector<int>{0, 1, 3}));
    view.compareRuns(m_six);
    view.show();
    saveTab(view, scatter, "compare-scatter.png");
}

void TestCompareView::configTableHidesSharedSettings()
{
    CompareView view(m_database);
    QVERIFY(view.compareRuns(m_six));
    CompareConfigTable *config = view.configTable();
    const QTableWidget *table = config->table();
    const auto rowKeys = [table] {
        QStringList out;
        for (int r = 0; r < table->rowCount(); ++r)
            out << table->verticalHeaderItem(r)->text();
        return out;
    };
    config->setDifferencesOnly(false);
    const QStringList all = rowKeys();
    QCOMPARE(table->columnCount(), 6);
    QVERIFY(all.contains(QStringLiteral("dataset.source")));
    QVERIFY(all.contains(QStringLiteral("method")));
    config->setDifferencesOnly(true);
    const QStringList different = rowKeys();
    QVERIFY(different.size() < all.size());
    QVERIFY(different.contains(QStringLiteral("method")));
    QVERIFY(different.contains(QStringLiteral("train.seed")));
    QVERIFY(!different.contains(QStringLiteral("dataset.source")));
    for (int r = 0; r < table->rowCount(); ++r) {
        QSet<QString> seen;
        for (int c = 0; c < table->columnCount(); ++c)
            seen.insert(table->item(r, c) ? table->item(r, c)->text() : QString());
        QVERIFY2(seen.size() > 1, qPrintable(different[r]));
    }
    // Every key hidden is one whose values are all equal.
    for (const QString &key : all) {
        if (different.contains(key))
            continue;
        QSet<QString> seen;
        for (const ComparedRun &run : view.comparison()->runs)
            seen.insert(run.settings.value(key));
        QCOMPARE(seen.size(), 1);
    }
}

void TestCompareView::claimsPanelShowsEveryVerdict()
{
    CompareView view(m_database);
    view.resize(1300, 700);
    QVERIFY(view.compareRuns(m_six));
    ClaimsPanel *panel = view.claims();
    const std::vector<ClaimResult> expected = checkClaims(*view.comparison());
    QCOMPARE(panel->claimCount(), 8);
    QCOMPARE(panel->table()->rowCount(), 8);
    for (int i = 0; i < 8; ++i) {
        QCOMPARE(panel->claim(i).id, expected[size_t(i)].id);
        QCOMPARE(panel->claim(i).verdict, expected[size_t(i)].verdict);
        QCOMPARE(panel->table()->item(i, 1)->text(), ClaimsPanel::verdictText(expected[size_t(i)].verdict));
        QCOMPARE(panel->table()->item(i, 1)->background().color(), ClaimsPanel::verdictColor(expected[size_t(i)].verdict));
        QCOMPARE(panel->table()->item(i, 2)->text(), expected[size_t(i)].evidence);
        QVERIFY(!panel->table()->item(i, 0)->text().isEmpty());
    }
    // Fixed by the configuration and far apart here: these two cannot be anything but supported.
    QCOMPARE(panel->claim(int(claimIds().indexOf(QStringLiteral("pt_fewest_params")))).verdict, Verdict::Supported);
    QCOMPARE(panel->claim(int(claimIds().indexOf(QStringLiteral("adapters_far_smaller")))).verdict, Verdict::Supported);
    view.show();
    saveTab(view, panel, "compare-claims.png");
    saveTab(view, view.configTable(), "compare-config.png");
}

void TestCompareView::exportDialogWritesReports()
{
    ExportReportDialog dialog(m_database, m_six);
    QVERIFY(dialog.outputPath().endsWith(QStringLiteral("three-methods-report.html")));
    QVERIFY(dialog.reportTitleText().contains(QStringLiteral("three-methods")));
    dialog.setFormat(ReportFormat::Markdown);
    QVERIFY(dialog.outputPath().endsWith(QStringLiteral("three-methods-report.md")));
    QCOMPARE(ExportReportDialog::suggestedFileName(QStringLiteral("a/b <c>"), ReportFormat::Csv),
             QStringLiteral("a-b-c-report.csv"));

    const QString html = m_dir.filePath(QStringLiteral("report.html"));
    dialog.setFormat(ReportFormat::Html);
    dialog.setOutputPath(html);
    QVERIFY2(dialog.writeReport(), qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().isEmpty());
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("<html"));
    QVERIFY(text.contains("Content-Security-Policy"));
    QVERIFY(text.contains("Prompt Tuning #2"));

    const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    dialog.setFormat(ReportFormat::Pdf);
    dialog.setOutputPath(pdf);
    QVERIFY2(dialog.writeReport(), qPrintable(dialog.errorText()));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");

    // A folder is no file to write: refused, with the reason visible in the dialog.
    dialog.setFormat(ReportFormat::Json);
    dialog.setOutputPath(m_dir.path());
    QVERIFY(!dialog.writeReport());
    QVERIFY(!dialog.errorText().isEmpty());
}

void TestCompareView::unknownRunShowsAnError()
{
    CompareView view(m_database);
    QSignalSpy changed(&view, &CompareView::comparisonChanged);
    QVERIFY(!view.compareRuns({m_six[0], 999'999}));
    QVERIFY(!view.hasComparison());
    QVERIFY(view.lastError().contains(QStringLiteral("999999")));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("compareError"))->text().contains(QStringLiteral("999999")));
    QVERIFY(view.compareRuns(m_six));
    QVERIFY(view.lastError().isEmpty());
    QVERIFY(changed.count() >= 2);
}

void TestCompareView::tenRunsOpenWithinASecond()
{
    CompareView view(m_database);
    view.resize(1300, 850);
    view.show();
    const std::optional<double> openMs = compareOpenMs(view, m_ten);
    QVERIFY2(openMs, qPrintable(view.lastError()));
    QCOMPARE(view.comparison()->runs.size(), size_t(10));
    QCOMPARE(view.comparison()->runs.front().steps.size(), qsizetype(500));
    QElapsedTimer timer;
    timer.start();
    for (int tab = 0; tab < view.tabs()->count() - 1; ++tab) {   // the samples tab would start generating
        view.tabs()->setCurrentIndex(tab);
        QCoreApplication::processEvents();
    }
    const qint64 tabsMs = timer.elapsed();
    qInfo("opening 10 runs of 500 steps: %.0f ms (target <= 1000 ms); drawing every other tab once: %lld ms",
          *openMs, tabsMs);
    QVERIFY2(*openMs < 5000, qPrintable(QStringLiteral("%1 ms").arg(*openMs)));
    QVERIFY(view.compareExperiment(view.comparison()->runs.front().record.experimentId));
    QCOMPARE(view.runIds(), m_ten);
}

void TestCompareView::sampleOutputsArriveWithoutBlocking()
{
    // Two real tiny runs, trained here in a store of their own.
    QTemporaryDir dir;
    const QDir d(dir.path());
    const ExperimentConfig config = loadExperimentConfig(
        writeFile(d, QStringLiteral("experiment.yaml"),
                  tinyExperiment(d, "  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 4}}\n"
                                    "  - {method: lora, lora: {r: 4}}\n",
                                 8, 4)));
    const QString database = RunStore::pathInDataDirectory(dir.path());
    SubmittedExperiment submitted;
    {
        RunStore store(database);
        submitted = submitExperiment(store, config);
    }
    QueueParams queue;
    queue.databasePath = database;
    queue.dataDirectory = dir.path();
    const std::atomic<bool> noCancel{false};
    const QueueOutcome outcome = processQueue(queue, nullptr, noCancel);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    for (RunStatus status : outcome.statuses)
        QCOMPARE(status, RunStatus::Completed);
    const std::vector<qint64> ids(submitted.runIds.begin(), submitted.runIds.end());

    CompareView view(database);
    view.resize(1300, 700);
    QVERIFY2(view.compareRuns(ids), qPrintable(view.lastError()));
    CompareSamples *samples = view.samples();
    QSignalSpy arrived(samples, &CompareSamples::runOutputsArrived);
    QSignalSpy finished(samples, &CompareSamples::generationFinished);

    UiStallMeter stallMeter;   // its longest gap is how long the UI thread stalled
    // Enough work that a UI thread doing it would stall for most of the generation.
    samples->findChild<QSpinBox *>(QStringLiteral("sampleExamples"))->setValue(10);
    samples->findChild<QSpinBox *>(QStringLiteral("sampleMaxNewTokens"))->setValue(90);
    view.show();
    stallMeter.start();
    view.tabs()->setCurrentWidget(samples);   // first look: generation starts on its own
    QVERIFY(samples->isGenerating());
    QVERIFY(samples->statusLabel()->text().startsWith(QStringLiteral("Generating")));
    QVERIFY(finished.wait(60'000));
    stallMeter.stop();
    const double generationMs = stallMeter.elapsedMs();
    const double longestGap = stallMeter.longestGapMs();
    qInfo("sample outputs for 2 runs: %.0f ms; longest UI-thread gap meanwhile: %.1f ms", generationMs, longestGap);

    QCOMPARE(arrived.count(), 2);
    QCOMPARE(arrived.at(0).at(0).toLongLong(), ids[0]);
    QCOMPARE(arrived.at(1).at(0).toLongLong(), ids[1]);
    const SampleOutputs &result = samples->lastResult();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.task, TaskKind::CausalLm);
    QCOMPARE(result.inputs.size(), 10);   // the first ten test sentences' beginnings
    QCOMPARE(result.runs.size(), size_t(2));
    for (size_t r = 0; r < 2; ++r) {
        QVERIFY2(result.runs[r].error.isEmpty(), qPrintable(result.runs[r].error));
        QCOMPARE(result.runs[r].outputs.size(), 10);
        for (int row = 0; row < 10; ++row)
            QCOMPARE(samples->table()->item(row, 1 + int(r))->text(), result.runs[r].outputs[row]);
    }
    for (int row = 0; row < 10; ++row)
        QCOMPARE(samples->table()->item(row, 0)->text(), result.inputs[row]);
    // The default prompts became editable ones.
    QCOMPARE(samples->promptBox()->toPlainText(), result.inputs.join(QLatin1Char('\n')));
    // The work was off the UI thread: the heartbeat kept beating through it.
    QVERIFY2(generationMs >= 250, "too little work to tell a stalled UI thread from a responsive one");
    QVERIFY2(longestGap < generationMs / 3,
             qPrintable(QStringLiteral("%1 ms of %2 ms").arg(longestGap).arg(generationMs)));
    QVERIFY(view.grab().save(screenshot("compare-samples.png")));

    // The same prompt and seed give the same text: generating again changes nothing.
    samples->generate();
    QVERIFY(finished.wait(60'000));
    QCOMPARE(samples->lastResult().runs[1].outputs, result.runs[1].outputs);

    // A run without a saved model answers with its reason and the others still answer; first in
    // line, it also leaves the dataset to be read with the base model's tokenizer.
    qint64 broken = 0;
    {
        RunStore store(database);
        const RunRecord trained = *store.run(ids[1]);
        broken = store.addRun(trained.experimentId, QStringLiteral("never trained"), trained.method, trained.configYaml, 99);
        store.setRunStatus(broken, RunStatus::Failed, QStringLiteral("stopped before it saved anything"));
    }
    SampleOutputParams params;
    params.databasePath = database;
    params.runIds = {broken, ids[1]};
    params.prompts = {QStringLiteral("the cat")};
    params.maxNewTokens = 8;
    const std::atomic<bool> cancelled{true};
    const SampleOutputs mixed = computeSampleOutputs(params, noCancel);
    QVERIFY2(mixed.error.isEmpty(), qPrintable(mixed.error));
    QCOMPARE(mixed.runs.size(), size_t(2));
    QVERIFY2(mixed.runs[0].error.contains(QStringLiteral("no saved adapter")), qPrintable(mixed.runs[0].error));
    QVERIFY(mixed.runs[0].outputs.isEmpty());
    QVERIFY2(mixed.runs[1].error.isEmpty(), qPrintable(mixed.runs[1].error));
    QCOMPARE(mixed.runs[1].outputs.size(), 1);
    // Cancelled before the first run: nothing computed, and it says so.
    const SampleOutputs stopped = computeSampleOutputs(params, cancelled);
    QVERIFY(stopped.cancelled);
    QVERIFY(stopped.runs.empty());
}

void TestCompareView::classificationSamplesShowPredictedLabels()
{
    // One real tiny classification run on a CSV of short reviews.
    QTemporaryDir dir;
    const QDir d(dir.path());
    writeTinyModel(d.filePath(QStringLiteral("tiny.pwbc")));
    QByteArray csv = "text,label\n";
    const char *good[] = {"great film", "loved it", "a fine story", "wonderful acting", "very good"};
    const char *bad[] = {"awful film", "hated it", "a dull story", "terrible acting", "very bad"};
    for (int i = 0; i < 6; ++i)
        for (int k = 0; k < 5; ++k)
            csv += QByteArray(good[k]) + " " + QByteArray::number(i) + ",pos\n" + bad[k] + " " + QByteArray::number(i) + ",neg\n";
    writeFile(d, QStringLiteral("reviews.csv"), csv);
    const ExperimentConfig config = loadExperimentConfig(writeFile(
        d, QStringLiteral("experiment.yaml"),
        "name: reviews\n"
        "base_model: file:tiny.pwbc\n"
        "dataset: {source: reviews.csv, task: classification, max_length: 40}\n"
        "train: {steps: 6, batch_size: 8, eval_every: 3, threads: 1, seed: 7, device: cpu, schedule: constant}\n"
        "runs:\n"
        "  - {method: lora, lora: {r: 2}}\n"));
    const QString database = RunStore::pathInDataDirectory(dir.path());
    qint64 runId = 0;
    {
        RunStore store(database);
        runId = submitExperiment(store, config).runIds.front();
    }
    QueueParams queue;
    queue.databasePath = database;
    queue.dataDirectory = dir.path();
    const std::atomic<bool> noCancel{false};
    const QueueOutcome outcome = processQueue(queue, nullptr, noCancel);
    QCOMPARE(outcome.statuses, std::vector<RunStatus>{RunStatus::Completed});

    CompareView view(database);
    view.resize(1000, 600);
    QVERIFY2(view.compareRuns({runId}), qPrintable(view.lastError()));
    CompareSamples *samples = view.samples();
    QVERIFY(!samples->promptBox()->isEnabled());   // the examples are the test split's, not prompts
    QSignalSpy finished(samples, &CompareSamples::generationFinished);
    view.show();
    view.tabs()->setCurrentWidget(samples);
    QVERIFY(finished.wait(60'000));
    const SampleOutputs &result = samples->lastResult();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.task, TaskKind::Classification);
    QCOMPARE(result.inputs.size(), 3);
    QCOMPARE(result.references.size(), 3);
    QCOMPARE(result.runs.size(), size_t(1));
    QVERIFY2(result.runs[0].error.isEmpty(), qPrintable(result.runs[0].error));
    QCOMPARE(result.runs[0].outputs.size(), 3);
    const QTableWidget *table = samples->table();
    QCOMPARE(table->columnCount(), 3);   // example, true label, the run's prediction
    for (int row = 0; row < 3; ++row) {
        QVERIFY(result.inputs[row].contains(QLatin1Char(' ')));
        QVERIFY(result.references[row] == QLatin1String("pos") || result.references[row] == QLatin1String("neg"));
        const QString predicted = result.runs[0].outputs[row];
        QVERIFY2(predicted == QLatin1String("pos") || predicted == QLatin1String("neg"), qPrintable(predicted));
        QCOMPARE(table->item(row, 1)->text(), result.references[row]);
        QCOMPARE(table->item(row, 2)->text(), predicted);
        // Right in green, wrong in red.
        QCOMPARE(table->item(row, 2)->background().color().green() > table->item(row, 2)->background().color().red(),
                 predicted == result.references[row]);
    }
    QVERIFY(view.grab().save(screenshot("compare-samples-classification.png")));

    // Over the whole test split the predictions score exactly the accuracy the run stored: the
    // same examples (the run's own split) ranked the way its evaluation ranked them.
    SampleOutputParams params;
    params.databasePath = database;
    params.runIds = {runId};
    params.exampleCount = 1000;
    const SampleOutputs all = computeSampleOutputs(params, noCancel);
    QVERIFY2(all.error.isEmpty() && all.runs[0].error.isEmpty(), qPrintable(all.error + all.runs[0].error));
    int correct = 0;
    for (int i = 0; i < all.inputs.size(); ++i)
        correct += all.runs[0].outputs[i] == all.references[i] ? 1 : 0;
    const std::optional<RunSummary> summary = RunStore(database).summary(runId);
    QVERIFY(summary && summary->metricName == QLatin1String("accuracy"));
    QCOMPARE(double(correct) / double(all.inputs.size()), summary->testMetric);
}

QTEST_MAIN(TestCompareView)
#include "test_compare_view.moc"
