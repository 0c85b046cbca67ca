// How a stored run ends when training goes wrong: a loss that turns NaN, running out of memory,
// a full disk while checkpointing, and a cancel at any moment. Each fault is the real thing or, where
// a CPU machine cannot produce it (CUDA out of memory, NaN on cue), injected through TrainingFaults
// into the same code path. Every case checks the run store afterwards as the window would read it.
#include "ExperimentFixtures.h"

#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/RunExecutor.h"
#include "store/RunStore.h"
#include "train/MemoryProbe.h"
#include "train/OutOfMemory.h"
#include "train/TrainerCheckpoint.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <csignal>
#include <thread>

#include <sys/resource.h>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

using Clock = std::chrono::steady_clock;

const QByteArray kFullRun = "  - {method: full, lr: 3.0e-3}\n";

// A data directory with one stored, queued run of the tiny experiment.
struct StoredRun {
    QTemporaryDir dir;
    QString dataDirectory;
    QString databasePath;
    int64_t runId = 0;

    StoredRun(const QByteArray &runs, int steps, int evalEvery, const QByteArray &extraTrain = {})
    {
        const QDir d(dir.path());
        QByteArray yaml = tinyExperiment(d, runs, steps, evalEvery);
        if (!extraTrain.isEmpty())
            yaml.replace("schedule: constant}", "schedule: constant, " + extraTrain + "}");
        writeFile(d, QStringLiteral("e.yaml"), yaml);
        dataDirectory = dir.filePath(QStringLiteral("data"));
        databasePath = RunStore::pathInDataDirectory(dataDirectory);
        RunStore store(databasePath);
        runId = submitExperiment(store, loadExperimentConfig(d.filePath(QStringLiteral("e.yaml")))).runIds.front();
    }

    RunExecution execution(const TrainingFaults &faults = {}) const
    {
        RunExecution e;
        e.databasePath = databasePath;
        e.dataDirectory = dataDirectory;
        e.runId = runId;
        e.faults = faults;
        return e;
    }

    QString checkpointPath() const { return runCheckpointPath(dataDirectory, runId); }
};

// Steps 1..n stored once each, in order.
bool contiguousFromOne(const StepSeries &steps)
{
    for (qsizetype i = 0; i < steps.step.size(); ++i)
        if (steps.step[i] != int64_t(i + 1))
            return false;
    return true;
}

struct TimedObserver : TrainingObserver {
    std::vector<Clock::time_point> stepEnds;
    std::vector<double> stepSeconds;
    std::function<void(int64_t)> atCheckpoint;
    void onStep(const StepMetrics &m) override
    {
        stepEnds.push_back(Clock::now());
        stepSeconds.push_back(m.stepSeconds);
    }
    void onCheckpoint(int64_t step) override
    {
        if (atCheckpoint)
            atCheckpoint(step);
    }
};

double seconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

}  // namespace

class TestTrainingFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nonFiniteLossEndsTheRunAsDiverged_data()
    {
        QTest::addColumn<QByteArray>("runs");
        QTest::addColumn<int>("step");
        QTest::newRow("full, first step") << kFullRun << 1;
        QTest::newRow("full, step 7") << kFullRun << 7;
        QTest::newRow("lora, step 10") << QByteArray("  - {method: lora}\n") << 10;
        QTest::newRow("prompt tuning, step 4")
            << QByteArray("  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 4}}\n") << 4;
    }

    // Diverged at K, with the steps and evaluations before K kept and the summary saved.
    void nonFiniteLossEndsTheRunAsDiverged()
    {
        QFETCH(QByteArray, runs);
        QFETCH(int, step);
        const StoredRun stored(runs, 12, 3);
        TrainingFaults faults;
        faults.nonFiniteLossAtStep = step;
        const std::atomic<bool> cancel{false};
        const RunOutcome outcome = executeRun(stored.execution(faults), nullptr, cancel);
        QCOMPARE(runStatusName(outcome.status), runStatusName(RunStatus::Diverged));
        QVERIFY2(outcome.error.contains(QStringLiteral("became NaN at step %1;").arg(step)), qPrintable(outcome.error));
        QVERIFY2(outcome.error.contains(QStringLiteral("lower learning rate")), qPrintable(outcome.error));

        RunStore store(stored.databasePath);
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
        const RunRecord run = *store.run(stored.runId);
        QCOMPARE(runStatusName(run.status), runStatusName(RunStatus::Diverged));
        QCOMPARE(run.error, outcome.error);
        const StepSeries steps = store.steps(stored.runId);
        QCOMPARE(steps.step.size(), qsizetype(step - 1));
        QVERIFY(contiguousFromOne(steps));
        for (double loss : steps.trainLoss)
            QVERIFY(std::isfinite(loss));
        const std::vector<EvalMetrics> evals = store.evaluations(stored.runId);
        QCOMPARE(int(evals.size()), 1 + (step - 1) / 3);   // step 0 and every third step before K
        QVERIFY(evals.back().step < step);
        QCOMPARE(store.summary(stored.runId)->steps, int64_t(step - 1));
    }

    void outOfMemoryEndsTheRunAsFailed_data()
    {
        QTest::addColumn<QByteArray>("runs");
        QTest::addColumn<QByteArray>("train");
        QTest::addColumn<int>("step");
        QTest::addColumn<QStringList>("advice");
        QTest::addColumn<QStringList>("notAdvised");
        const QString batch = QStringLiteral("a smaller train.batch_size (now 8;");
        const QString recompute = QStringLiteral("train.gradient_checkpointing: true");
        const QString length = QStringLiteral("a smaller dataset.max_length (examples are up to");
        const QString method = QStringLiteral("LoRA or prompt tuning instead of full fine-tuning");
        QTest::newRow("full, step 3") << kFullRun << QByteArray() << 3 << QStringList{batch, recompute, length, method}
                                      << QStringList{};
        QTest::newRow("lora, first step") << QByteArray("  - {method: lora}\n") << QByteArray() << 1
                                          << QStringList{batch, recompute, length} << QStringList{method};
        QTest::newRow("full, already recomputing") << kFullRun << QByteArray("gradient_checkpointing: true") << 5
                                                   << QStringList{batch, method} << QStringList{recompute};
    }

    // Failed at K with the allocator's figures and what to change; the steps before K are kept
    // and the run resumes without the fault from its last checkpoint.
    void outOfMemoryEndsTheRunAsFailed()
    {
        QFETCH(QByteArray, runs);
        QFETCH(QByteArray, train);
        QFETCH(int, step);
        QFETCH(QStringList, advice);
        QFETCH(QStringList, notAdvised);
        const StoredRun stored(runs, 8, 2, train);
        TrainingFaults faults;
        faults.outOfMemoryAtStep = step;
        faults.outOfMemoryRequestedBytes = int64_t(3) << 29;   // 1.50 GiB
        faults.outOfMemoryFreeBytes = int64_t(200) << 20;
        faults.outOfMemoryTotalBytes = int64_t(24) << 30;
        const std::atomic<bool> cancel{false};
        const RunOutcome outcome = executeRun(stored.execution(faults), nullptr, cancel);
        QCOMPARE(runStatusName(outcome.status), runStatusName(RunStatus::Failed));
        const QString &e = outcome.error;
        QVERIFY2(e.startsWith(QStringLiteral("out of memory on the CPU at step %1: tried to allocate 1.50 GiB, with "
                                             "200.00 MiB free of 24.00 GiB, this run held ").arg(step)),
                 qPrintable(e));
        for (const QString &a : advice)
            QVERIFY2(e.contains(a), qPrintable(a + QStringLiteral(" missing in: ") + e));
        for (const QString &a : notAdvised)
            QVERIFY2(!e.contains(a), qPrintable(a + QStringLiteral(" should not be in: ") + e));
        QVERIFY2(!e.contains(QStringLiteral("Exception raised from")), qPrintable(e));

        {
            RunStore store(stored.databasePath);
            QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
            QCOMPARE(runStatusName(store.run(stored.runId)->status), runStatusName(RunStatus::Failed));
            QCOMPARE(store.run(stored.runId)->error, e);
            const StepSeries steps = store.steps(stored.runId);
            QCOMPARE(steps.step.size(), qsizetype(step - 1));
            QVERIFY(contiguousFromOne(steps));
        }
        const RunOutcome resumed = executeRun(stored.execution(), nullptr, cancel);
        QVERIFY2(resumed.status == RunStatus::Completed, qPrintable(resumed.error));
        QCOMPARE(resumed.resumedFromStep, int64_t((step - 1) / 2 * 2));
        RunStore store(stored.databasePath);
        QCOMPARE(store.steps(stored.runId).step.size(), qsizetype(8));
        QVERIFY(contiguousFromOne(store.steps(stored.runId)));
    }

    // A real allocation failure on the CPU (LibTorch 1.13's allocator throws a plain c10::Error,
    // not OutOfMemoryError) is recognised and described with its figure.
    void realCpuAllocationFailureIsRecognised()
    {
        try {
            const torch::Tensor huge = torch::empty({int64_t(1) << 50}, torch::kFloat);   // 4 PiB
            QFAIL("allocating 4 PiB succeeded");
        } catch (const std::exception &error) {
            QVERIFY2(isOutOfMemory(error), error.what());
            OutOfMemoryContext context;
            context.device = QStringLiteral("the CPU");
            context.when = QStringLiteral("at step 2");
            TrainingParams params;
            params.batchSize = 16;
            const QString text = describeOutOfMemory(error, context, params);
            QVERIFY2(text.startsWith(QStringLiteral("out of memory on the CPU at step 2: tried to allocate 4194304.00 GiB. "
                                                    "To fit, try a smaller train.batch_size (now 16;")),
                     qPrintable(text));
        }
        QVERIFY(!isOutOfMemory(std::runtime_error("disk full")));
    }

    // On CUDA only (tests/gpu/run_cuda_checks.sh runs it on a GPU machine): a batch far beyond the
    // device's memory fails step 1 with the allocator's figures and advice, and the caching
    // allocator's allocated and reserved bytes return to what they were before the run.
    void cudaOutOfMemoryReturnsMemoryToBaseline()
    {
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device here; tests/gpu/run_cuda_checks.sh runs this case on a GPU machine");
        const MemoryProbe probe(true, 0);
        const MemorySample before = probe.sample();
        TrainRequest request = tinyRequest(MethodKind::Full);
        request.params.device = QStringLiteral("cuda:0");
        request.params.batchSize = int64_t(1) << 20;   // logits alone: 2^20 x 48 x 259 floats, 52 GB
        const std::atomic<bool> cancel{false};
        const TrainResult result = trainRun(request, nullptr, cancel);
        QCOMPARE(runStatusName(result.status), runStatusName(RunStatus::Failed));
        QVERIFY2(result.error.startsWith(QStringLiteral("out of memory on cuda:0 at step 1: tried to allocate ")), qPrintable(result.error));
        QVERIFY2(result.error.contains(QStringLiteral(" free of ")), qPrintable(result.error));
        QVERIFY2(result.error.contains(QStringLiteral("To fit, try a smaller train.batch_size (now 1048576;")), qPrintable(result.error));
        const MemorySample after = probe.sample();
        QCOMPARE(after.currentBytes, before.currentBytes);
        QCOMPARE(after.reservedBytes, before.reservedBytes);
        qInfo("%s; allocated %lld -> %lld bytes, reserved %lld -> %lld bytes", qPrintable(result.error),
              static_cast<long long>(before.currentBytes), static_cast<long long>(after.currentBytes),
              static_cast<long long>(before.reservedBytes), static_cast<long long>(after.reservedBytes));
    }

    // Cancel at 50 seeded random moments, each resuming the same run: training stops within one
    // step of the cancel, and the store is consistent every time (integrity ok, cancelled, steps
    // 1..n once each, n = the checkpoint's step).
    void cancelAtRandomMomentsEndsWithinOneStep()
    {
        const int rounds = qEnvironmentVariableIntValue("PEFTBENCH_CANCEL_ROUNDS") > 0
                               ? qEnvironmentVariableIntValue("PEFTBENCH_CANCEL_ROUNDS")
                               : 50;
        const StoredRun stored(kFullRun, 1000000, 1000000);
        QRandomGenerator random(1129);
        double longestStep = 0;     // the longest step period measured in this run
        double longestStop = 0;     // cancel -> the end of the last step
        double longestReturn = 0;   // cancel -> executeRun returned (checkpoint, adapter and store written)
        int stepsAfterCancel[2] = {0, 0};
        std::vector<double> stops;
        for (int round = 0; round < rounds; ++round) {
            std::atomic<bool> cancel{false};
            Clock::time_point cancelledAt;
            const int delayMs = int(random.bounded(0, 250));
            std::thread canceller([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
                cancelledAt = Clock::now();
                cancel.store(true);
            });
            TimedObserver observer;
            const RunOutcome outcome = executeRun(stored.execution(), &observer, cancel);
            const Clock::time_point returned = Clock::now();
            canceller.join();
            QVERIFY2(outcome.status == RunStatus::Cancelled,
                     qPrintable(QStringLiteral("round %1: %2 %3").arg(round).arg(runStatusName(outcome.status), outcome.error)));

            int after = 0;
            Clock::time_point lastEnd = cancelledAt;
            for (size_t i = 0; i < observer.stepEnds.size(); ++i) {
                longestStep = std::max(longestStep, observer.stepSeconds[i]);
                if (i > 0)
                    longestStep = std::max(longestStep, seconds(observer.stepEnds[i] - observer.stepEnds[i - 1]));
                if (observer.stepEnds[i] > cancelledAt) {
                    ++after;
                    lastEnd = observer.stepEnds[i];
                }
            }
            QVERIFY2(after <= 1, qPrintable(QStringLiteral("round %1: %2 steps ended after the cancel").arg(round).arg(after)));
            ++stepsAfterCancel[after];
            stops.push_back(seconds(lastEnd - cancelledAt));
            longestStop = std::max(longestStop, stops.back());
            longestReturn = std::max(longestReturn, seconds(returned - cancelledAt));

            RunStore store(stored.databasePath);
            QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
            const RunRecord run = *store.run(stored.runId);
            QCOMPARE(runStatusName(run.status), runStatusName(RunStatus::Cancelled));
            const StepSeries steps = store.steps(stored.runId);
            QVERIFY2(contiguousFromOne(steps), qPrintable(QStringLiteral("round %1").arg(round)));
            QCOMPARE(int64_t(steps.step.size()), checkpointStep(stored.checkpointPath()));
        }
        // The stop waits for the step in progress only, so it is never longer than the longest step.
        for (double stop : stops)
            QVERIFY2(stop <= longestStep + 0.002,
                     qPrintable(QStringLiteral("a stop took %1 s, the longest step %2 s").arg(stop).arg(longestStep)));
        QVERIFY2(longestReturn < 10.0, qPrintable(QString::number(longestReturn)));
        qInfo("%d cancels: %d stopped before another step, %d after the step in progress; longest stop %.1f ms, "
              "longest step %.1f ms, longest cancel-to-stored %.1f ms",
              rounds, stepsAfterCancel[0], stepsAfterCancel[1], longestStop * 1e3, longestStep * 1e3, longestReturn * 1e3);
    }

    // The disk fills while the second checkpoint is written (RLIMIT_FSIZE below the checkpoint's
    // size: the same EFBIG a full disk's ENOSPC is): the run fails with a message naming the file
    // and the kept checkpoint, that checkpoint still loads, no partial file is left under any name,
    // and once there is room the run resumes from it to the end.
    void fullDiskWhileCheckpointingKeepsThePreviousCheckpoint()
    {
        const StoredRun stored(kFullRun, 18, 6);
        struct rlimit before{};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &before) == 0);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);   // EFBIG instead of a core dump
        qint64 limit = 0, storeBytes = 0;
        TimedObserver observer;
        observer.atCheckpoint = [&](int64_t step) {
            if (step != 6)
                return;
            limit = QFileInfo(stored.checkpointPath()).size() * 3 / 4;
            for (const char *suffix : {"", "-wal"})
                storeBytes = std::max(storeBytes, QFileInfo(stored.databasePath + QLatin1String(suffix)).size());
            struct rlimit full = before;
            full.rlim_cur = rlim_t(limit);
            setrlimit(RLIMIT_FSIZE, &full);
        };
        const std::atomic<bool> cancel{false};
        const RunOutcome outcome = executeRun(stored.execution(), &observer, cancel);
        setrlimit(RLIMIT_FSIZE, &before);
        std::signal(SIGXFSZ, previousHandler);
        QVERIFY2(limit > 0, "the first checkpoint was never written");
        QVERIFY2(storeBytes < limit / 2, qPrintable(QStringLiteral("the store (%1 bytes) is too close to the limit (%2)")
                                                         .arg(storeBytes).arg(limit)));

        QCOMPARE(runStatusName(outcome.status), runStatusName(RunStatus::Failed));
        QVERIFY2(outcome.error.startsWith(QStringLiteral("could not write the checkpoint of step 12 (%1: ")
                                              .arg(stored.checkpointPath())),
                 qPrintable(outcome.error));
        QVERIFY2(outcome.error.contains(QStringLiteral("File too large")), qPrintable(outcome.error));
        QVERIFY2(outcome.error.endsWith(QStringLiteral("the checkpoint of step 6 is kept: free some disk space, then "
                                                       "resume the run from it")),
                 qPrintable(outcome.error));
        qInfo("file size limit %lld bytes (the store at most %lld): %s", static_cast<long long>(limit),
              static_cast<long long>(storeBytes), qPrintable(outcome.error));
        QCOMPARE(checkpointStep(stored.checkpointPath()), int64_t(6));
        QCOMPARE(QDir(QFileInfo(stored.checkpointPath()).absolutePath()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("trainer-state.pwbc")});
        {
            RunStore store(stored.databasePath);
            QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
            QCOMPARE(runStatusName(store.run(stored.runId)->status), runStatusName(RunStatus::Failed));
            QCOMPARE(store.run(stored.runId)->error, outcome.error);
            QCOMPARE(store.steps(stored.runId).step.size(), qsizetype(12));   // committed before the write
        }

        const RunOutcome resumed = executeRun(stored.execution(), nullptr, cancel);
        QVERIFY2(resumed.status == RunStatus::Completed, qPrintable(resumed.error));
        QCOMPARE(resumed.resumedFromStep, int64_t(6));
        RunStore store(stored.databasePath);
        QVERIFY(contiguousFromOne(store.steps(stored.runId)));
        QCOMPARE(store.steps(stored.runId).step.size(), qsizetype(18));
    }
};

QTEST_GUILESS_MAIN(TestTrainingFaults)
#include "test_training_faults.moc"
