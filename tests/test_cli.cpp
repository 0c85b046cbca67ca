// The headless CLI as a user runs it: the real `peftbench` executable in a child process, with
// its exit codes, its output, Ctrl-C, and SIGKILL at random moments followed by resume.
#include "ExperimentFixtures.h"

#include "store/RunStore.h"
#include "train/TrainerCheckpoint.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

struct Result {
    int exitCode = -1;
    QString out, err;
};

QProcessEnvironment childEnvironment(const QString &dataDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PEFTBENCH_DATA_DIR"), dataDir);
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    return env;
}

Result runCli(const QString &dataDir, const QStringList &args, const QString &workDir = {}, int timeoutMs = 240000)
{
    QProcess p;
    p.setProcessEnvironment(childEnvironment(dataDir));
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(QStringLiteral(PEFTBENCH_APP_PATH), args);
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

const QByteArray kOneFullRun = "  - {method: full, lr: 3.0e-3}\n";

// The highest "checkpoint at step N" the child printed: everything up to it was committed.
int64_t lastAcknowledgedStep(const QString &output)
{
    static const QRegularExpression checkpoint(QStringLiteral("checkpoint at step (\\d+)"));
    int64_t last = 0;
    for (auto it = checkpoint.globalMatch(output); it.hasNext();)
        last = std::max<int64_t>(last, it.next().captured(1).toLongLong());
    return last;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");   // in stdout or stderr
        QTest::newRow("help") << QStringList{"--help"} << 0 << "peftbench run EXPERIMENT.yaml";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command 'frobnicate'";
        QTest::newRow("run help") << QStringList{"run", "--help"} << 0 << "Usage: peftbench run EXPERIMENT.yaml";
        QTest::newRow("run without file") << QStringList{"run"} << 2 << "usage: peftbench run EXPERIMENT.yaml";
        QTest::newRow("missing config") << QStringList{"validate", "missing.yaml"} << 2 << "missing.yaml: cannot read the file";
        QTest::newRow("unknown key") << QStringList{"validate", "typo.yaml"} << 2
                                     << "typo.yaml:5:4: train.step: unknown key, did you mean 'steps'?";
        QTest::newRow("rank above width") << QStringList{"validate", "rank.yaml"} << 2 << "runs[0].lora.r";
        QTest::newRow("valid") << QStringList{"validate", "good.yaml"} << 0 << "valid: 2 runs";
        QTest::newRow("bad option") << QStringList{"validate", "good.yaml", "--threads", "0"} << 2
                                    << "--threads: expected a whole number from 1 to 1024, got '0'";
        QTest::newRow("runs list empty") << QStringList{"runs", "list"} << 0 << "no runs in";
        QTest::newRow("runs bogus") << QStringList{"runs", "bogus"} << 2 << "usage: peftbench runs list|show ID|delete ID";
        QTest::newRow("runs show unknown") << QStringList{"runs", "show", "99"} << 2 << "no run 99";
        QTest::newRow("runs delete not a number") << QStringList{"runs", "delete", "x"} << 2 << "expected a run id";
        QTest::newRow("resume unknown") << QStringList{"resume", "42"} << 2 << "no run 42";
        QTest::newRow("status filter") << QStringList{"runs", "list", "--status", "done"} << 2 << "unknown status 'done'";
        const QString tiny = QStringLiteral("file:tiny.pwbc");
        QTest::newRow("score without model") << QStringList{"score", "--text", "sentences.txt"} << 2 << "score: --model is required";
        QTest::newRow("score unknown builtin") << QStringList{"score", "--model", "builtin:nope", "--text", "sentences.txt"} << 2
                                               << "no built-in model named 'nope' (built in: byte-gpt)";
        QTest::newRow("score missing text") << QStringList{"score", "--model", tiny, "--text", "missing.txt"} << 2
                                            << "missing.txt: cannot read the file";
        QTest::newRow("score empty text") << QStringList{"score", "--model", tiny, "--text", "empty.txt"} << 2
                                          << "empty.txt: empty: nothing to score";
        QTest::newRow("score both sources") << QStringList{"score", "--model", tiny, "--text", "a", "--dataset", "b"} << 2
                                            << "give exactly one of --text FILE and --dataset SOURCE";
        QTest::newRow("score unknown run") << QStringList{"score", "--model", tiny, "--run", "99", "--text", "sentences.txt"} << 2
                                           << "run 99: no such run";
        QTest::newRow("score missing model file") << QStringList{"score", "--model", "file:nope.pwbc", "--text", "sentences.txt"} << 2
                                                  << "no such file";
        QTest::newRow("score") << QStringList{"score", "--model", tiny, "--text", "sentences.txt"} << 0
                               << "scored in";
        QTest::newRow("generate bad temperature") << QStringList{"generate", "--model", tiny, "--prompt", "a", "--temperature", "-1"} << 2
                                                  << "--temperature: expected a number from 0 to 100, got '-1'";
        QTest::newRow("generate without prompt") << QStringList{"generate", "--model", tiny} << 2 << "--prompt TEXT is required";
        QTest::newRow("pretrain missing recipe") << QStringList{"pretrain", "nope.yaml"} << 2 << "nope.yaml: cannot read the file";
    }

    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QDir d(dir.path());
        const QByteArray good = tinyExperiment(d, "  - {method: full}\n  - {method: lora}\n");
        writeFile(d, QStringLiteral("good.yaml"), good);
        QByteArray typo = good;
        typo.replace("train: {steps:", "train: {step:");
        typo.replace("train: {", "train:\n  {");
        writeFile(d, QStringLiteral("typo.yaml"), typo);
        QByteArray rank = good;
        rank.replace("  - {method: full}\n  - {method: lora}\n", "  - {method: lora, lora: {r: 64}}\n");
        writeFile(d, QStringLiteral("rank.yaml"), rank);
        writeFile(d, QStringLiteral("empty.txt"), {});

        const Result r = runCli(dir.filePath(QStringLiteral("data")), args, dir.path());
        QVERIFY2(r.exitCode == exitCode, qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err)));
        QVERIFY2((r.out + r.err).contains(expected), qPrintable(r.out + r.err));
    }

    // The score of a text shorter than the context, against the log-softmax of one forward pass
    // computed here in double precision.
    void scoreMatchesAnIndependentComputation()
    {
        QTemporaryDir dir;
        const QDir d(dir.path());
        writeTinyModel(d.filePath(QStringLiteral("tiny.pwbc")));
        const QByteArray text = "The cat sees the ball. A dog reads a letter.";
        writeFile(d, QStringLiteral("t.txt"), text);
        const Result r = runCli(dir.path(), {QStringLiteral("score"), QStringLiteral("--model"), QStringLiteral("file:tiny.pwbc"),
                                             QStringLiteral("--text"), QStringLiteral("t.txt"), QStringLiteral("--json")}, dir.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();

        Transformer model = loadTransformer(d.filePath(QStringLiteral("tiny.pwbc")));
        model->eval();
        torch::NoGradGuard noGrad;
        std::vector<int64_t> ids{ByteTokenizer().bosId()};
        for (char c : text)
            ids.push_back(uint8_t(c));
        const torch::Tensor logits = model->forward(torch::tensor(ids).unsqueeze(0)).squeeze(0).to(torch::kDouble);
        const torch::Tensor next = torch::tensor(std::vector<int64_t>(ids.begin() + 1, ids.end()));
        const double nll = -torch::log_softmax(logits.slice(0, 0, int64_t(ids.size()) - 1), -1)
                                .gather(1, next.unsqueeze(1))
                                .mean()
                                .item<double>();
        QVERIFY2(std::abs(json.value(QStringLiteral("mean_nll")).toDouble() - nll) < 1e-4, qPrintable(r.out));
        QCOMPARE(json.value(QStringLiteral("tokens")).toInt(), int(text.size()));
        QCOMPARE(json.value(QStringLiteral("token_ids")).toArray().size(), text.size());
        QCOMPARE(json.value(QStringLiteral("token_ids")).toArray().first().toInt(), int('T'));
        QVERIFY(std::abs(json.value(QStringLiteral("perplexity")).toDouble() - std::exp(nll)) < 1e-3);
        QVERIFY(std::abs(json.value(QStringLiteral("bits_per_byte")).toDouble() - nll / std::log(2.0)) < 1e-4);
        QCOMPARE(json.value(QStringLiteral("windows")).toInt(), 1);
    }

    void generateIsSeededAndGreedyFollowsTheArgmax()
    {
        QTemporaryDir dir;
        const QDir d(dir.path());
        TensorFile base = *pretrainedTinyBase(ModelFamily::Gpt2);
        base.metadata.insert(QStringLiteral("tokenizer"), QStringLiteral("byte"));
        writeTensorFile(d.filePath(QStringLiteral("base.pwbc")), base);
        const QStringList common{QStringLiteral("generate"), QStringLiteral("--model"), QStringLiteral("file:base.pwbc"),
                                 QStringLiteral("--prompt"), QStringLiteral("the cat"), QStringLiteral("--max-new-tokens"),
                                 QStringLiteral("30")};
        const auto generate = [&](const QStringList &extra) {
            const Result r = runCli(dir.path(), common + extra, dir.path());
            return r.exitCode == 0 ? r.out : QStringLiteral("failed: ") + r.err;
        };
        const QString a = generate({QStringLiteral("--seed"), QStringLiteral("3")});
        QVERIFY2(a.startsWith(QStringLiteral("the cat")), qPrintable(a));
        QCOMPARE(generate({QStringLiteral("--seed"), QStringLiteral("3")}), a);

        Transformer model = loadTransformer(d.filePath(QStringLiteral("base.pwbc")));
        model->eval();
        torch::NoGradGuard noGrad;
        ByteTokenizer tok;
        std::vector<int64_t> ids{tok.bosId()};
        for (char c : std::string("the cat"))
            ids.push_back(uint8_t(c));
        std::vector<int64_t> chain;
        for (int i = 0; i < 30; ++i) {
            const int64_t next = model->forward(torch::tensor(ids).unsqueeze(0))[0][-1].argmax().item<int64_t>();
            if (next == tok.eosId())
                break;
            chain.push_back(next);
            ids.push_back(next);
        }
        QCOMPARE(generate({QStringLiteral("--temperature"), QStringLiteral("0")}),
                 QStringLiteral("the cat") + QString::fromStdString(tok.decode(chain)) + QLatin1Char('\n'));
    }

    void runPrintsTheComparisonAndStoresTheRuns()
    {
        QTemporaryDir dir;
        const QDir d(dir.path());
        writeFile(d, QStringLiteral("e.yaml"),
                  tinyExperiment(d, "  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 4}}\n"
                                    "  - {method: lora}\n" + kOneFullRun, 12, 6));
        const QString data = dir.filePath(QStringLiteral("data"));
        const Result r = runCli(data, {QStringLiteral("run"), QStringLiteral("e.yaml")}, dir.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        for (const char *expected : {"3 runs queued", "trainable", "peak RAM", "tokens/s", "best val loss",
                                     "prompt_tuning", "lora", "full", "completed"})
            QVERIFY2(r.out.contains(QLatin1String(expected)), qPrintable(expected + QStringLiteral(" missing in\n") + r.out));
        // Not a terminal: one line per evaluation, no progress bar.
        QVERIFY(r.out.contains(QStringLiteral("step 6/12: validation loss")));
        QVERIFY(!r.out.contains(QLatin1Char('\r')));

        const Result list = runCli(data, {QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--method"), QStringLiteral("lora")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY(list.out.contains(QStringLiteral("lora")) && !list.out.contains(QStringLiteral("prompt_tuning")));
        const Result show = runCli(data, {QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("2")});
        QCOMPARE(show.exitCode, 0);
        for (const char *expected : {"status      completed", "evaluations", "config", "method: lora", "adapter"})
            QVERIFY2(show.out.contains(QLatin1String(expected)), qPrintable(show.out));
        // Each finished run's adapter (or model) scores the data better than the base it started from.
        const auto score = [&](const QStringList &run) {
            const Result r = runCli(data, QStringList{QStringLiteral("score"), QStringLiteral("--model"), QStringLiteral("file:tiny.pwbc"),
                                                      QStringLiteral("--text"), QStringLiteral("sentences.txt"), QStringLiteral("--json")} + run,
                                    dir.path());
            if (r.exitCode != 0)
                qWarning("score %s: %s", qPrintable(run.join(QLatin1Char(' '))), qPrintable(r.err));
            return r.exitCode == 0 ? QJsonDocument::fromJson(r.out.toUtf8())[QStringLiteral("mean_nll")].toDouble() : -1.0;
        };
        const double base = score({});
        QVERIFY(base > 0);
        for (const char *run : {"1", "2", "3"}) {
            const double tuned = score({QStringLiteral("--run"), QLatin1String(run)});
            QVERIFY2(tuned > 0 && tuned < base, qPrintable(QStringLiteral("run %1: %2 vs base %3").arg(QLatin1String(run)).arg(tuned).arg(base)));
        }

        const Result del = runCli(data, {QStringLiteral("runs"), QStringLiteral("delete"), QStringLiteral("2")});
        QCOMPARE(del.exitCode, 0);
        QVERIFY(!QFileInfo::exists(data + QStringLiteral("/runs/2")));
        QCOMPARE(runCli(data, {QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("2")}).exitCode, 2);
    }

    void ctrlCCancelsTheRunAndExitsWithOne()
    {
        QTemporaryDir dir;
        const QDir d(dir.path());
        writeFile(d, QStringLiteral("e.yaml"), tinyExperiment(d, kOneFullRun + "  - {method: lora}\n", 100000, 50));
        const QString data = dir.filePath(QStringLiteral("data"));
        QProcess p;
        p.setProcessEnvironment(childEnvironment(data));
        p.setWorkingDirectory(dir.path());
        p.start(QStringLiteral(PEFTBENCH_APP_PATH), {QStringLiteral("run"), QStringLiteral("e.yaml")});
        QString out;
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(p.readAllStandardOutput())).contains(QStringLiteral("checkpoint at step 50")),
                                 120000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        out += QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(out.contains(QStringLiteral("run 1 cancelled")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("1 runs are still queued")), qPrintable(out));
        RunStore store(RunStore::pathInDataDirectory(data));
        QCOMPARE(store.run(1)->status, RunStatus::Cancelled);
        QVERIFY(store.steps(1).size() >= 50);
        QCOMPARE(store.run(2)->status, RunStatus::Queued);
    }

    // SIGKILL at random moments, then resume, again and again (50 kills by default): the store
    // stays intact, no acknowledged metric is lost, the run is found interrupted, a checkpoint is
    // always whole (a kill inside its write leaves the previous one), and the finished run's loss
    // curve is the uninterrupted one.
    //
    // Kills are timed by the child's own progress, so each round trains a little and the test's
    // length does not depend on the machine's speed: a fifth of the rounds kill at a random time
    // from the start (start-up, store, loading), two fifths a random 0-30 ms after a random
    // evaluation line, and two fifths the instant an evaluation line appears, which is when that
    // step's checkpoint is being written.
    void killedRunsResumeToTheUninterruptedCurve()
    {
        constexpr int kSteps = 400, kEvalEvery = 5;
        QTemporaryDir dir;
        const QDir d(dir.path());
        writeFile(d, QStringLiteral("e.yaml"), tinyExperiment(d, kOneFullRun, kSteps, kEvalEvery));
        const QString straight = dir.filePath(QStringLiteral("straight"));
        QElapsedTimer clock;
        clock.start();
        const Result reference = runCli(straight, {QStringLiteral("run"), QStringLiteral("e.yaml")}, dir.path());
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.out + reference.err));
        const qint64 referenceMs = clock.restart();

        const QString data = dir.filePath(QStringLiteral("killed"));
        const QString runFolder = data + QStringLiteral("/runs/1");
        const QString checkpoint = runFolder + QStringLiteral("/trainer-state.pwbc");
        QRandomGenerator random(20261129);
        const int kills = qEnvironmentVariableIntValue("PEFTBENCH_KILL_ROUNDS") > 0
                              ? qEnvironmentVariableIntValue("PEFTBENCH_KILL_ROUNDS")
                              : 50;
        static const QRegularExpression evaluation(QStringLiteral("step (\\d+)/\\d+: validation loss"));
        int killed = 0, inCheckpointWrites = 0, beforeTheRename = 0;
        qsizetype stepsAtTheLastKill = 0;
        bool completed = false;
        for (int round = 0; round < kills + 20 && !completed; ++round) {
            bool stored = false;
            if (QFileInfo::exists(RunStore::pathInDataDirectory(data))) {
                RunStore store(RunStore::pathInDataDirectory(data));
                stored = store.run(1).has_value();
            }
            QProcess p;
            p.setProcessEnvironment(childEnvironment(data));
            p.setWorkingDirectory(dir.path());
            // Until the experiment is stored, `run` again; from then on, `resume` its run.
            p.start(QStringLiteral(PEFTBENCH_APP_PATH), stored ? QStringList{QStringLiteral("resume"), QStringLiteral("1")}
                                                               : QStringList{QStringLiteral("run"), QStringLiteral("e.yaml")});
            QVERIFY(p.waitForStarted());
            QString out;
            int64_t killedAtEvaluation = -1;   // the evaluated step whose checkpoint write the kill aims at
            if (killed < kills) {
                const int kind = round % 5;
                if (kind == 0) {
                    p.waitForFinished(int(random.bounded(0, 400)));
                } else {
                    // Wait for the k-th evaluation line of this child, then kill at once or a little later.
                    int wanted = int(random.bounded(1, 4)), seen = 0;
                    QElapsedTimer waited;
                    waited.start();
                    while (seen < wanted && p.state() == QProcess::Running && waited.elapsed() < 120000) {
                        p.waitForReadyRead(50);
                        out += QString::fromUtf8(p.readAllStandardOutput());
                        seen = 0;
                        for (auto it = evaluation.globalMatch(out); it.hasNext(); ++seen)
                            killedAtEvaluation = it.next().captured(1).toLongLong();
                    }
                    if (kind <= 2) {
                        killedAtEvaluation = -1;
                        QThread::usleep(random.bounded(0, 30000));
                    }
                }
                if (p.state() == QProcess::Running) {
                    ::kill(pid_t(p.processId()), SIGKILL);
                    QVERIFY(p.waitForFinished(30000));
                    ++killed;
                } else {
                    killedAtEvaluation = -1;
                }
            } else {
                QVERIFY(p.waitForFinished(240000));
            }
            out += QString::fromUtf8(p.readAllStandardOutput());
            completed = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;

            RunStore store(RunStore::pathInDataDirectory(data));
            QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
            const std::optional<RunRecord> run = store.run(1);
            if (!run)
                continue;   // killed before the experiment was stored
            store.markAbandonedRunsInterrupted();
            const RunStatus status = store.run(1)->status;
            QVERIFY2(status == (completed ? RunStatus::Completed : RunStatus::Interrupted) || status == RunStatus::Queued,
                     qPrintable(runStatusName(status)));
            // Every step up to the last acknowledged checkpoint is there, in order, once.
            const StepSeries steps = store.steps(1);
            const int64_t acknowledged = lastAcknowledgedStep(out);
            QVERIFY2(steps.size() >= acknowledged, qPrintable(QStringLiteral("%1 < %2").arg(steps.size()).arg(acknowledged)));
            for (qsizetype i = 0; i < steps.size(); ++i)
                QCOMPARE(steps.step[i], int64_t(i + 1));
            if (!completed)
                stepsAtTheLastKill = steps.size();
            // The checkpoint is whole or absent, and nothing else (no partial file) is in the run's folder.
            const QStringList files = QDir(runFolder).entryList(QDir::Files | QDir::Hidden);
            for (const QString &f : files)
                QVERIFY2(f == QLatin1String("trainer-state.pwbc") || (completed && f == QLatin1String("model.pwbc")),
                         qPrintable(QStringLiteral("round %1: unexpected file %2").arg(round).arg(f)));
            if (QFileInfo::exists(checkpoint)) {
                const int64_t step = checkpointStep(checkpoint);
                QCOMPARE(step % kEvalEvery, int64_t(0));
                if (killedAtEvaluation > 0) {
                    ++inCheckpointWrites;
                    // The previous checkpoint or a newer one, never less (a slow parent may kill later).
                    QVERIFY2(step >= killedAtEvaluation - kEvalEvery,
                             qPrintable(QStringLiteral("checkpoint of step %1 after a kill at step %2's").arg(step).arg(killedAtEvaluation)));
                    beforeTheRename += step < killedAtEvaluation;
                }
            }
        }
        QVERIFY(completed);
        QCOMPARE(killed, kills);
        qInfo("%d kills survived (%d aimed at a checkpoint write, %d of them landed before its rename), the last at "
              "step %lld of %d; uninterrupted run %.1f s, the killed rounds and the resume to the end %.1f s",
              killed, inCheckpointWrites, beforeTheRename, static_cast<long long>(stepsAtTheLastKill), kSteps,
              double(referenceMs) / 1e3, double(clock.elapsed()) / 1e3);

        RunStore a(RunStore::pathInDataDirectory(straight)), b(RunStore::pathInDataDirectory(data));
        const StepSeries x = a.steps(1), y = b.steps(1);
        QCOMPARE(y.step, x.step);
        QCOMPARE(y.trainLoss, x.trainLoss);
        QCOMPARE(b.summary(1)->testLoss, a.summary(1)->testLoss);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
