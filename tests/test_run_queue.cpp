// The persisted run queue: submission, execution, cancellation, resume from a checkpoint.
#include "ExperimentFixtures.h"

#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/RunExpansion.h"
#include "experiment/RunQueue.h"
#include "store/RunStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

const QByteArray kThreeMethods = "  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 4}}\n"
                                 "  - {method: lora, lora: {r: [2, 4]}}\n"
                                 "  - {method: full, lr: 3.0e-3}\n";

struct Workspace {
    QTemporaryDir dir;
    ExperimentConfig config;
    QString database() const { return RunStore::pathInDataDirectory(dir.path()); }
    explicit Workspace(const QByteArray &runs, int steps = 24)
    {
        const QDir d(dir.path());
        config = loadExperimentConfig(writeFile(d, QStringLiteral("experiment.yaml"), tinyExperiment(d, runs, steps)));
    }
    SubmittedExperiment submit() const
    {
        RunStore store(database());
        return submitExperiment(store, config);
    }
    QueueParams queue(std::optional<int64_t> experimentId = std::nullopt) const
    {
        QueueParams p;
        p.databasePath = database();
        p.dataDirectory = dir.path();
        p.experimentId = experimentId;
        return p;
    }
};

// Records each run's training; can cancel at a given step of a given run.
class Watcher : public RunQueueObserver {
public:
    std::atomic<bool> cancel{false};
    int64_t cancelRun = 0;
    int64_t cancelAtStep = 0;
    std::vector<int64_t> started;
    std::vector<RunOutcome> outcomes;
    std::map<int64_t, std::unique_ptr<RecordingObserver>> training;

    TrainingObserver *runStarting(const RunRecord &run) override
    {
        started.push_back(run.id);
        auto &observer = training[run.id];
        observer = std::make_unique<RecordingObserver>();
        if (run.id == cancelRun)
            observer->afterStep = [this](const StepMetrics &m) {
                if (m.step == cancelAtStep)
                    cancel = true;
            };
        return observer.get();
    }
    void runFinished(const RunRecord &, const RunOutcome &outcome) override { outcomes.push_back(outcome); }
};

}  // namespace

class TestRunQueue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void submitQueuesEveryRunWithItsOwnConfig()
    {
        Workspace w(kThreeMethods);
        const std::vector<RunSpec> expected = expandRuns(w.config);
        const SubmittedExperiment submitted = w.submit();
        QCOMPARE(submitted.runIds.size(), size_t(4));

        // A new connection (as after a restart) finds the runs still queued, in order.
        RunStore store(w.database());
        const std::vector<RunRecord> runs = store.runs();
        QCOMPARE(runs.size(), size_t(4));
        for (size_t i = 0; i < runs.size(); ++i) {
            QCOMPARE(runs[i].status, RunStatus::Queued);
            QCOMPARE(runs[i].experimentId, submitted.experimentId);
            if (i > 0)
                QVERIFY(runs[i].queuePosition > runs[i - 1].queuePosition);
            const ExperimentConfig single = parseExperimentConfig(runs[i].configYaml.toUtf8(), QStringLiteral("stored"));
            QVERIFY2(single.baseModel.startsWith(QStringLiteral("file:") + w.dir.path()), qPrintable(single.baseModel));
            QVERIFY(QFileInfo(single.dataset.source).isAbsolute());
            const std::vector<RunSpec> one = expandRuns(single);
            QCOMPARE(one.size(), size_t(1));
            QCOMPARE(one[0].name, expected[i].name);
            QCOMPARE(runs[i].name, expected[i].name);
            QCOMPARE(one[0].method.kind, expected[i].method.kind);
            QCOMPARE(one[0].method.lora.rank, expected[i].method.lora.rank);
            QCOMPARE(one[0].method.promptTuning.numVirtualTokens, expected[i].method.promptTuning.numVirtualTokens);
            QCOMPARE(one[0].train.lr, expected[i].train.lr);
            QCOMPARE(one[0].train.seed, expected[i].train.seed);
        }
        QCOMPARE(store.nextQueuedRun()->id, submitted.runIds.front());
    }

    void queueTrainsEveryRunAndStoresWhatItMeasured()
    {
        Workspace w(kThreeMethods);
        const SubmittedExperiment submitted = w.submit();
        Watcher watcher;
        const QueueOutcome outcome = processQueue(w.queue(submitted.experimentId), &watcher, watcher.cancel);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QCOMPARE(outcome.runIds, submitted.runIds);
        QVERIFY(!outcome.cancelled);

        RunStore store(w.database());
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
        for (int64_t id : submitted.runIds) {
            const RunRecord run = *store.run(id);
            QVERIFY2(run.status == RunStatus::Completed, qPrintable(run.error));
            QCOMPARE(store.steps(id).size(), qsizetype(24));
            QCOMPARE(store.evaluations(id).size(), size_t(5));  // steps 0, 6, 12, 18, 24
            QCOMPARE(watcher.training[id]->steps.size(), size_t(24));
            const std::optional<RunSummary> summary = store.summary(id);
            QVERIFY(summary);
            QVERIFY(summary->trainableParams > 0);
            QVERIFY(!std::isnan(summary->testLoss));
            const QJsonObject fingerprint = QJsonDocument::fromJson(run.fingerprintJson.toUtf8()).object();
            QCOMPARE(fingerprint.value(QStringLiteral("dataset_sha256")).toString().size(), 64);
            QCOMPARE(fingerprint.value(QStringLiteral("threads")).toInt(), 1);
            bool savedFile = false;
            for (const ArtifactRecord &a : store.artifacts(id))
                savedFile = savedFile || ((a.kind == QLatin1String("adapter") || a.kind == QLatin1String("model"))
                                          && QFileInfo(a.path).size() == a.bytes && a.bytes > 0);
            QVERIFY(savedFile);
        }
        // The runs of one experiment share one dataset: every fingerprint names the same data.
        QCOMPARE(QJsonDocument::fromJson(store.run(submitted.runIds[0])->fingerprintJson.toUtf8())["dataset_sha256"],
                 QJsonDocument::fromJson(store.run(submitted.runIds[3])->fingerprintJson.toUtf8())["dataset_sha256"]);
        QVERIFY(!store.nextQueuedRun());
    }

    void cancelStopsTheRunAndLeavesTheRestQueued()
    {
        Workspace w(kThreeMethods);
        const SubmittedExperiment submitted = w.submit();
        Watcher watcher;
        watcher.cancelRun = submitted.runIds[1];
        watcher.cancelAtStep = 5;
        const QueueOutcome outcome = processQueue(w.queue(), &watcher, watcher.cancel);
        QVERIFY(outcome.cancelled);
        QCOMPARE(outcome.runIds.size(), size_t(2));

        RunStore store(w.database());
        QCOMPARE(store.run(submitted.runIds[0])->status, RunStatus::Completed);
        QCOMPARE(store.run(submitted.runIds[1])->status, RunStatus::Cancelled);
        QCOMPARE(store.steps(submitted.runIds[1]).size(), qsizetype(5));   // what it had is kept
        QCOMPARE(store.run(submitted.runIds[2])->status, RunStatus::Queued);
        QCOMPARE(store.run(submitted.runIds[3])->status, RunStatus::Queued);
        QCOMPARE(store.nextQueuedRun()->id, submitted.runIds[2]);
    }

    void resumedRunRepeatsTheUninterruptedLossCurve()
    {
        const QByteArray full = "  - {method: lora, lora: {r: 4, dropout: 0.1}}\n";
        Workspace straight(full), broken(full);
        const int64_t straightId = straight.submit().runIds.front();
        const int64_t brokenId = broken.submit().runIds.front();
        Watcher plain;
        processQueue(straight.queue(), &plain, plain.cancel);

        // Cancelled at step 9: a checkpoint at 9 (the cancel) follows the one at 6.
        Watcher stopper;
        stopper.cancelRun = brokenId;
        stopper.cancelAtStep = 9;
        processQueue(broken.queue(), &stopper, stopper.cancel);
        {
            RunStore store(broken.database());
            QCOMPARE(store.run(brokenId)->status, RunStatus::Cancelled);
            // As after a crash: steps recorded past the checkpoint that a resume must replace.
            StepMetrics stray;
            stray.step = 10;
            stray.trainLoss = 99.0;
            store.appendSteps(brokenId, {stray});
            store.setRunStatus(brokenId, RunStatus::Interrupted, QStringLiteral("killed"));
        }

        std::atomic<bool> noCancel{false};
        RunExecution execution;
        execution.databasePath = broken.database();
        execution.dataDirectory = broken.dir.path();
        execution.runId = brokenId;
        const RunOutcome resumed = executeRun(execution, nullptr, noCancel);
        QVERIFY2(resumed.status == RunStatus::Completed, qPrintable(resumed.error));
        QVERIFY(resumed.resumed);
        QCOMPARE(resumed.resumedFromStep, int64_t(9));

        RunStore a(straight.database()), b(broken.database());
        const StepSeries x = a.steps(straightId), y = b.steps(brokenId);
        QCOMPARE(y.size(), x.size());
        QCOMPARE(y.step, x.step);
        QCOMPARE(y.trainLoss, x.trainLoss);   // bit-identical: same seed, same data order, same RNG
        QCOMPARE(y.learningRate, x.learningRate);
        const std::vector<EvalMetrics> ex = a.evaluations(straightId), ey = b.evaluations(brokenId);
        QCOMPARE(ey.size(), ex.size());
        for (size_t i = 0; i < ex.size(); ++i) {
            QCOMPARE(ey[i].step, ex[i].step);
            QCOMPARE(ey[i].valLoss, ex[i].valLoss);
        }
        QCOMPARE(b.summary(brokenId)->testLoss, a.summary(straightId)->testLoss);
        QCOMPARE(b.run(brokenId)->status, RunStatus::Completed);
    }

    void aRunWhoseDataIsGoneFailsWithTheFileNamed()
    {
        Workspace w("  - {method: full}\n  - {method: lora}\n");
        const SubmittedExperiment submitted = w.submit();
        QVERIFY(QFile::remove(QDir(w.dir.path()).filePath(QStringLiteral("sentences.txt"))));
        Watcher watcher;
        const QueueOutcome outcome = processQueue(w.queue(), &watcher, watcher.cancel);
        QCOMPARE(outcome.runIds.size(), size_t(2));   // the queue goes on after a failed run
        RunStore store(w.database());
        for (int64_t id : submitted.runIds) {
            const RunRecord run = *store.run(id);
            QCOMPARE(run.status, RunStatus::Failed);
            QVERIFY2(run.error.contains(QStringLiteral("sentences.txt")), qPrintable(run.error));
        }
    }
};

QTEST_GUILESS_MAIN(TestRunQueue)
#include "test_run_queue.moc"
