// Core: comparing finished runs — loading them from a real store (summaries, steps and
// evaluations written through RunStore, no training), grouping repeats, statistics by hand-computed
// numbers, the Pareto front, the config diff, curve axes, and every claim's verdict on fixtures
// built to support it, refute it and leave it inconclusive.
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "report/ChartAxes.h"
#include "report/ClaimsCheck.h"
#include "report/RunComparison.h"
#include "store/RunStore.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace peftbench;

Q_DECLARE_METATYPE(Verdict)

namespace {

using CostQualityPoints = std::vector<std::pair<double, double>>;

// The default three methods, two seeds each (runs "Prompt Tuning #1", "LoRA r=8 #1", "Full #1",
// then the #2 of each).
const QByteArray kThreeMethodsTwice = R"(name: three
base_model: builtin:byte-gpt
dataset: {source: builtin:spam, task: classification, max_length: 64}
train: {steps: 30, batch_size: 4, eval_every: 10, seed: 42, device: cpu}
repeats: 2
runs:
  - {name: Prompt Tuning, method: prompt_tuning, lr: 0.3, prompt_tuning: {num_virtual_tokens: 20}}
  - {name: LoRA r=8, method: lora, lr: 2.0e-3, lora: {r: 8, alpha: 16}}
  - {name: Full, method: full, lr: 3.0e-4}
)";

RunSummary summaryFor(const QString &method, double accuracy)
{
    RunSummary s;
    s.totalParams = 1000000;
    s.trainableParams = method == QLatin1String("full") ? 1000000 : method == QLatin1String("lora") ? 20000 : 2000;
    s.trainablePercent = 100.0 * double(s.trainableParams) / double(s.totalParams);
    s.memoryLabel = QStringLiteral("RAM");
    s.peakMemoryBytes = method == QLatin1String("full") ? 400 << 20 : 200 << 20;
    s.adapterBytes = method == QLatin1String("full") ? 4000000 : 80000;
    s.metricName = QStringLiteral("accuracy");
    s.bestValLoss = 1.0 - accuracy;
    s.testMetric = accuracy;
    s.meanStepSeconds = 0.1;
    s.steps = 30;
    return s;
}

StepSeries stepsFor(int count, double tokensPerStep)
{
    std::vector<StepMetrics> steps;
    for (int i = 1; i <= count; ++i) {
        StepMetrics m;
        m.step = i;
        m.trainLoss = 2.0 / i;
        m.tokensSeen = int64_t(tokensPerStep * i);
        m.epoch = i / 10.0;
        m.wallSeconds = 0.5 * i;
        steps.push_back(m);
    }
    StepSeries series;
    for (const StepMetrics &m : steps) {
        series.step << m.step;
        series.trainLoss << m.trainLoss;
        series.tokensSeen << m.tokensSeen;
        series.epoch << m.epoch;
        series.wallSeconds << m.wallSeconds;
    }
    return series;
}

// A store holding kThreeMethodsTwice's six runs, all completed with summaries, steps and
// evaluations, plus one more run left queued.
struct StoreFixture {
    QTemporaryDir dir;
    std::unique_ptr<RunStore> store;
    int64_t experimentId = 0;
    std::vector<int64_t> runIds;   // the six finished ones
    int64_t queuedRunId = 0;

    StoreFixture()
    {
        store = std::make_unique<RunStore>(dir.filePath(QStringLiteral("runs.sqlite")));
        const SubmittedExperiment submitted =
            submitExperiment(*store, parseExperimentConfig(kThreeMethodsTwice, QStringLiteral("three.yaml")));
        experimentId = submitted.experimentId;
        for (int64_t id : submitted.runIds) {
            const RunRecord r = *store->run(id);
            std::vector<StepMetrics> steps;
            for (int i = 1; i <= 30; ++i) {
                StepMetrics m;
                m.step = i;
                m.trainLoss = 3.0 / i;
                m.tokensSeen = 256 * i;
                m.wallSeconds = 0.1 * i;
                steps.push_back(m);
            }
            store->appendSteps(id, steps);
            store->appendEvaluations(id, {{10, 1.5, QStringLiteral("accuracy"), 0.6}, {30, 1.2, QStringLiteral("accuracy"), 0.7}});
            store->saveSummary(id, summaryFor(r.method, 0.7 + 0.01 * double(runIds.size())), QStringLiteral("{\"threads\": 2}"));
            store->setRunStatus(id, RunStatus::Completed);
            runIds.push_back(id);
        }
        queuedRunId = store->addRun(experimentId, QStringLiteral("late"), QStringLiteral("full"), QString(), 99);
    }
};

// --- in-memory comparisons for statistics and claims

ComparedRun runWith(const QString &method, int group, const RunSummary &summary)
{
    ComparedRun run;
    run.record.method = method;
    run.record.name = method;
    run.summary = summary;
    run.group = group;
    return run;
}

// Groups from a compact spec: "pt params=100 peak=1,2 | lora ... | full ...". Keys: params, peak,
// acc (test accuracy), val (best validation loss, no test metric), gap, disk, sps (seconds/step).
// A group has as many runs as its longest value list; shorter lists repeat their last value.
Comparison comparisonFromSpec(const QString &spec)
{
    Comparison c;
    c.memoryLabel = QStringLiteral("RAM");
    bool anyTest = false;
    for (const QString &groupText : spec.split(QLatin1Char('|'))) {
        const QStringList words = groupText.simplified().split(QLatin1Char(' '));
        const QString method = words.first() == QLatin1String("pt") ? QStringLiteral("prompt_tuning") : words.first();
        QMap<QString, QStringList> values;
        int runs = 1;
        for (int i = 1; i < words.size(); ++i) {
            const QStringList kv = words[i].split(QLatin1Char('='));
            values.insert(kv[0], kv[1].split(QLatin1Char(',')));
            runs = std::max(runs, int(values[kv[0]].size()));
        }
        const int group = int(c.groups.size());
        c.groups.push_back({method, method, {}});
        for (int r = 0; r < runs; ++r) {
            const auto value = [&](const QString &key, double fallback) {
                const QStringList list = values.value(key);
                return list.isEmpty() ? fallback : list.value(std::min(r, int(list.size()) - 1)).toDouble();
            };
            RunSummary s;
            s.trainableParams = int64_t(value(QStringLiteral("params"), 1000));
            s.peakMemoryBytes = int64_t(value(QStringLiteral("peak"), 1000));
            s.memoryLabel = QStringLiteral("RAM");
            s.testMetric = value(QStringLiteral("acc"), kNoValue);
            s.metricName = QStringLiteral("accuracy");
            s.bestValLoss = value(QStringLiteral("val"), 1.0);
            s.generalizationGap = value(QStringLiteral("gap"), 0.1);
            s.adapterBytes = int64_t(value(QStringLiteral("disk"), 1000));
            s.meanStepSeconds = value(QStringLiteral("sps"), 0.1);
            anyTest = anyTest || std::isfinite(s.testMetric);
            c.groups.back().members.push_back(int(c.runs.size()));
            c.runs.push_back(runWith(method, group, s));
        }
    }
    c.metricName = anyTest ? QStringLiteral("accuracy") : QString();
    return c;
}

}  // namespace

class TestComparison : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsRunsAndGroupsRepeats()
    {
        StoreFixture f;
        const Comparison c = loadComparison(*f.store, f.runIds, {false, 0});
        QCOMPARE(c.runs.size(), size_t(6));
        QCOMPARE(c.groups.size(), size_t(3));
        QCOMPARE(c.groups[0].label, QStringLiteral("Prompt Tuning"));
        QCOMPARE(c.groups[1].label, QStringLiteral("LoRA r=8"));
        QCOMPARE(c.groups[2].label, QStringLiteral("Full"));
        // Repeats are the outer loop: runs 0..2 have the first seed, 3..5 the second.
        QCOMPARE(c.groups[1].members, (std::vector<int>{1, 4}));
        QCOMPARE(c.runs[4].group, 1);
        QCOMPARE(c.groups[1].method, QStringLiteral("lora"));
        QCOMPARE(c.runs[1].settings.value(QStringLiteral("lora.r")), QStringLiteral("8"));
        QCOMPARE(c.runs[1].settings.value(QStringLiteral("train.seed")), QStringLiteral("42"));
        QCOMPARE(c.runs[4].settings.value(QStringLiteral("train.seed")), QStringLiteral("43"));
        QCOMPARE(c.runs[0].settings.value(QStringLiteral("prompt_tuning.num_virtual_tokens")), QStringLiteral("20"));
        QCOMPARE(c.runs[0].steps.size(), qsizetype(30));
        QCOMPARE(c.runs[0].evaluations.size(), size_t(2));
        QCOMPARE(c.metricName, QStringLiteral("accuracy"));
        QCOMPARE(c.memoryLabel, QStringLiteral("RAM"));
        QVERIFY(!c.mixedMetrics);
        QVERIFY(!c.runs[0].estimate);   // not asked for
    }

    void keepsTheOrderAsked()
    {
        StoreFixture f;
        const Comparison c = loadComparison(*f.store, {f.runIds[5], f.runIds[0]}, {false, 0});
        QCOMPARE(c.runs[0].record.id, f.runIds[5]);
        QCOMPARE(c.groups[0].label, QStringLiteral("Full"));
        QCOMPARE(c.groups[1].label, QStringLiteral("Prompt Tuning"));
    }

    void refusesWhatCannotBeCompared()
    {
        StoreFixture f;
        const auto message = [&](const std::vector<int64_t> &ids) {
            try {
                loadComparison(*f.store, ids, {false, 0});
            } catch (const ComparisonError &e) {
                return e.message();
            }
            return QStringLiteral("no error");
        };
        QVERIFY2(message({f.runIds[0], 4242}).contains(QStringLiteral("no run 4242")), qPrintable(message({4242})));
        const QString unfinished = message({f.queuedRunId});
        QVERIFY2(unfinished.contains(QStringLiteral("run %1 'late' is queued").arg(f.queuedRunId)), qPrintable(unfinished));
        QVERIFY(message({f.runIds[0], f.runIds[0]}).contains(QStringLiteral("listed twice")));
        QVERIFY(message({}).contains(QStringLiteral("no runs")));
    }

    void listsAnExperimentsFinishedRuns()
    {
        StoreFixture f;
        QCOMPARE(finishedRunIds(*f.store, f.experimentId), f.runIds);   // the queued one is left out
        QVERIFY_THROWS_EXCEPTION(ComparisonError, finishedRunIds(*f.store, 777));
    }

    void stripsRepeatSuffixes()
    {
        QCOMPARE(nameWithoutRepeat(QStringLiteral("lora r=8 #12")), QStringLiteral("lora r=8"));
        QCOMPARE(nameWithoutRepeat(QStringLiteral("run #1 of many")), QStringLiteral("run #1 of many"));
        QCOMPARE(nameWithoutRepeat(QStringLiteral("full")), QStringLiteral("full"));
    }

    void groupStatisticsByHand()
    {
        // Peak memory 1, 2, 4 (and a run without it): mean 7/3, sample std sqrt(7/3).
        Comparison c = comparisonFromSpec(QStringLiteral("full peak=1,2,4,0 | lora peak=5"));
        const Stat s = groupStat(c, 0, RunMetric::PeakMemory);
        QCOMPARE(s.n, 3);   // 0 bytes means "not measured"
        QVERIFY(std::abs(s.mean - 7.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(s.std - std::sqrt(7.0 / 3.0)) < 1e-12);
        const Stat single = groupStat(c, 1, RunMetric::PeakMemory);
        QCOMPARE(single.n, 1);
        QCOMPARE(single.mean, 5.0);
        QCOMPARE(single.std, 0.0);
        const Stat none = groupStat(c, 1, RunMetric::TestMetric);
        QCOMPARE(none.n, 0);
        QVERIFY(std::isnan(none.mean));
    }

    void paretoFront_data()
    {
        using Points = CostQualityPoints;
        QTest::addColumn<Points>("points");
        QTest::addColumn<std::vector<int>>("front");
        QTest::newRow("none") << Points{} << std::vector<int>{};
        QTest::newRow("one") << Points{{1, 1}} << std::vector<int>{0};
        QTest::newRow("a trade-off, sorted by cost") << Points{{3, 0.9}, {1, 0.5}, {2, 0.7}} << std::vector<int>{1, 2, 0};
        QTest::newRow("dominated: dearer and worse") << Points{{1, 0.9}, {2, 0.8}} << std::vector<int>{0};
        QTest::newRow("dominated: same cost, worse") << Points{{1, 0.9}, {1, 0.8}} << std::vector<int>{0};
        QTest::newRow("dominated: same quality, dearer") << Points{{2, 0.9}, {1, 0.9}} << std::vector<int>{1};
        QTest::newRow("duplicates both stay") << Points{{1, 0.5}, {1, 0.5}} << std::vector<int>{0, 1};
        QTest::newRow("NaN is never on it") << Points{{kNoValue, 1.0}, {2, kNoValue}, {3, 0.1}} << std::vector<int>{2};
        QTest::newRow("mixed") << Points{{10, 0.95}, {1, 0.6}, {5, 0.5}, {4, 0.9}, {12, 0.94}} << std::vector<int>{1, 3, 0};
    }

    void paretoFront()
    {
        QFETCH(CostQualityPoints, points);
        QFETCH(std::vector<int>, front);
        QCOMPARE(peftbench::paretoFront(points), front);
    }

    void configDiffShowsWhatDiffers()
    {
        StoreFixture f;
        const Comparison c = loadComparison(*f.store, {f.runIds[0], f.runIds[1], f.runIds[2], f.runIds[4]}, {false, 0});
        const ConfigDiff differences = configDiff(c, true);
        QVERIFY(differences.keys.contains(QStringLiteral("method")));
        QVERIFY(differences.keys.contains(QStringLiteral("train.lr")));
        QVERIFY(differences.keys.contains(QStringLiteral("train.seed")));
        QVERIFY(!differences.keys.contains(QStringLiteral("train.steps")));
        QVERIFY(!differences.keys.contains(QStringLiteral("dataset.source")));
        const int r = int(differences.keys.indexOf(QStringLiteral("lora.r")));
        QVERIFY(r >= 0);
        QCOMPARE(differences.values[size_t(r)], (QStringList{QString(), QStringLiteral("8"), QString(), QStringLiteral("8")}));
        const int seed = int(differences.keys.indexOf(QStringLiteral("train.seed")));
        QCOMPARE(differences.values[size_t(seed)],
                 (QStringList{QStringLiteral("42"), QStringLiteral("42"), QStringLiteral("42"), QStringLiteral("43")}));
        QVERIFY(std::is_sorted(differences.keys.cbegin(), differences.keys.cend()));

        const ConfigDiff all = configDiff(c, false);
        QVERIFY(all.keys.contains(QStringLiteral("train.steps")));
        const int steps = int(all.keys.indexOf(QStringLiteral("train.steps")));
        QCOMPARE(all.values[size_t(steps)], QStringList(4, QStringLiteral("30")));
        QVERIFY(all.keys.size() > differences.keys.size());
    }

    void curveAxes()
    {
        ComparedRun run;
        run.steps = stepsFor(4, 100);
        QCOMPARE(curveX(run.steps, CurveAxis::Step), (QVector<double>{1, 2, 3, 4}));
        QCOMPARE(curveX(run.steps, CurveAxis::Tokens), (QVector<double>{100, 200, 300, 400}));
        QCOMPARE(curveX(run.steps, CurveAxis::WallTime), (QVector<double>{0.5, 1.0, 1.5, 2.0}));
        QCOMPARE(curveX(run.steps, CurveAxis::Epoch), (QVector<double>{0.1, 0.2, 0.3, 0.4}));
        // Evaluations: before training, at a recorded step, and past the last.
        run.evaluations = {{0, 2.0, {}, 0}, {2, 1.0, {}, 0}, {9, 0.5, {}, 0}};
        QCOMPARE(evaluationX(run, CurveAxis::Tokens), (QVector<double>{0, 200, 400}));
        QCOMPARE(evaluationX(run, CurveAxis::Step), (QVector<double>{0, 2, 9}));
    }

    void chartTicksAreRound()
    {
        constexpr double MiB = 1024.0 * 1024.0;
        AxisScale bytes{0, 300 * MiB, false, true};
        QCOMPARE(axisTicks(bytes), (std::vector<double>{0, 100 * MiB, 200 * MiB, 300 * MiB}));
        AxisScale logBytes = fitScale({80000, 4000000}, true, false);
        QCOMPARE(logBytes.min, 1e4);
        QCOMPARE(logBytes.max, 1e7);
        logBytes.binary = true;
        QCOMPARE(axisTicks(logBytes), (std::vector<double>{10 * 1024.0, 100 * 1024.0, MiB}));
        QCOMPARE(axisTicks(fitScale({0.0, 0.93}, false, true)), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8}));
    }

    void claims_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QString>("spec");
        QTest::addColumn<Verdict>("verdict");
        const auto row = [](const char *name, const char *claim, const char *spec, Verdict v) {
            QTest::newRow(name) << QString::fromLatin1(claim) << QString::fromLatin1(spec) << v;
        };
        const Verdict S = Verdict::Supported, R = Verdict::Refuted, I = Verdict::Inconclusive;
        // Deterministic: one run per method decides.
        row("fewest params: yes", "pt_fewest_params", "pt params=100 | lora params=1000 | full params=1000000", S);
        row("fewest params: no", "pt_fewest_params", "pt params=5000 | lora params=1000 | full params=1000000", R);
        row("fewest params: tie is no", "pt_fewest_params", "pt params=1000 | lora params=1000 | full params=1000000", R);
        row("fewest params: no full run", "pt_fewest_params", "pt params=100 | lora params=1000", I);
        // Measured cost: a 10% margin with one run, 2 pooled std with repeats.
        row("least memory: yes", "pt_least_memory", "pt peak=100 | lora peak=200 | full peak=400", S);
        row("least memory: no", "pt_least_memory", "pt peak=300 | lora peak=200 | full peak=400", R);
        row("least memory: within 10%", "pt_least_memory", "pt peak=100 | lora peak=105 | full peak=400", I);
        row("least memory: repeats apart", "pt_least_memory", "pt peak=100,102 | lora peak=200,202 | full peak=400,404", S);
        row("least memory: repeats overlap", "pt_least_memory", "pt peak=100,140 | lora peak=120,160 | full peak=400,410", I);
        row("lora less memory: yes", "lora_less_memory", "lora peak=200 | full peak=400", S);
        row("lora less memory: no", "lora_less_memory", "lora peak=500 | full peak=400", R);
        row("lora less memory: no full", "lora_less_memory", "pt peak=100 | lora peak=200", I);
        // Quality: needs two seeds a side.
        row("full best: one seed", "full_best_quality", "full acc=0.9 | lora acc=0.8 | pt acc=0.6", I);
        row("full best: yes", "full_best_quality", "full acc=0.90,0.91 | lora acc=0.80,0.81 | pt acc=0.60,0.61", S);
        row("full best: no", "full_best_quality", "full acc=0.80,0.81 | lora acc=0.90,0.91 | pt acc=0.60,0.61", R);
        row("full best: within spread", "full_best_quality", "full acc=0.85,0.95 | lora acc=0.80,0.90 | pt acc=0.60,0.61", I);
        row("full best: on val loss", "full_best_quality", "full val=1.0,1.01 | lora val=1.5,1.51 | pt val=2.0,2.01", S);
        row("lora beats pt: yes", "lora_beats_pt", "pt acc=0.60,0.61 | lora acc=0.80,0.81", S);
        row("lora beats pt: no", "lora_beats_pt", "pt acc=0.80,0.81 | lora acc=0.60,0.61", R);
        row("lora beats pt: one seed", "lora_beats_pt", "pt acc=0.6 | lora acc=0.8", I);
        row("full overfits: yes", "full_overfits_more", "full gap=0.50,0.52 | lora gap=0.10,0.12 | pt gap=0.05,0.06", S);
        row("full overfits: no", "full_overfits_more", "full gap=0.10,0.11 | lora gap=0.50,0.52 | pt gap=0.05,0.06", R);
        row("full overfits: one seed", "full_overfits_more", "full gap=0.5 | lora gap=0.1 | pt gap=0.05", I);
        row("far smaller: yes", "adapters_far_smaller", "full disk=100000000 | lora disk=1000000 | pt disk=10000", S);
        row("far smaller: only 5x", "adapters_far_smaller", "full disk=100000000 | lora disk=20000000 | pt disk=10000", R);
        row("far smaller: no full", "adapters_far_smaller", "lora disk=1000000 | pt disk=10000", I);
        row("far smaller: lora alone", "adapters_far_smaller", "full disk=100000000 | lora disk=1000000", S);
        row("faster per step: yes", "lora_faster_per_step", "lora sps=0.1 | full sps=0.3", S);
        row("faster per step: no", "lora_faster_per_step", "lora sps=0.3 | full sps=0.1", R);
        row("faster per step: within 10%", "lora_faster_per_step", "lora sps=0.1 | full sps=0.105", I);
    }

    void claims()
    {
        QFETCH(QString, claim);
        QFETCH(QString, spec);
        QFETCH(Verdict, verdict);
        const std::vector<ClaimResult> results = checkClaims(comparisonFromSpec(spec));
        QCOMPARE(results.size(), size_t(8));
        for (int i = 0; i < 8; ++i)
            QCOMPARE(results[size_t(i)].id, claimIds()[i]);
        const auto it = std::find_if(results.begin(), results.end(), [&](const ClaimResult &r) { return r.id == claim; });
        QVERIFY(it != results.end());
        QVERIFY2(it->verdict == verdict, qPrintable(QStringLiteral("%1: %2").arg(verdictName(it->verdict), it->evidence)));
        QVERIFY(!it->statement.isEmpty());
        QVERIFY(!it->evidence.isEmpty());
    }

    void evidenceQuotesTheNumbers()
    {
        const std::vector<ClaimResult> results =
            checkClaims(comparisonFromSpec(QStringLiteral("pt params=100 disk=10000 | lora params=1000 disk=1000000 | "
                                                          "full params=1000000 disk=100000000 acc=0.9")));
        QVERIFY2(results[0].evidence.contains(QStringLiteral("100")) && results[0].evidence.contains(QStringLiteral("1.00M")),
                 qPrintable(results[0].evidence));
        QVERIFY2(results[6].evidence.contains(QStringLiteral("100.0× smaller")), qPrintable(results[6].evidence));
        QVERIFY2(results[6].evidence.contains(QStringLiteral("at least 10×")), qPrintable(results[6].evidence));
        QVERIFY2(results[4].evidence.contains(QStringLiteral("single seed")), qPrintable(results[4].evidence));
    }

    void claimsOnAStoredComparison()
    {
        // The fixture's numbers: parameters and disk sizes decide; memory 200 vs 200 MiB does not.
        StoreFixture f;
        const std::vector<ClaimResult> results = checkClaims(loadComparison(*f.store, f.runIds, {false, 0}));
        QCOMPARE(results[0].verdict, Verdict::Supported);   // 2k < 20k < 1M trainable
        QCOMPARE(results[1].verdict, Verdict::Inconclusive);   // prompt tuning and LoRA both 200 MiB
        QCOMPARE(results[2].verdict, Verdict::Supported);   // 200 MiB vs 400 MiB, two seeds with no spread
        QCOMPARE(results[6].verdict, Verdict::Supported);   // 80 kB vs 4 MB
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "test_comparison.moc"
