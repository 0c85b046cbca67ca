// The trainer: all three methods learn a small task through the same loop; runs are
// deterministic; cancellation stops within one step; divergence and bad settings end the run
// with a clear status; the summary's numbers add up.
#include "TrainingFixtures.h"

#include "data/BatchSampler.h"
#include "train/LrSchedule.h"
#include "train/MemoryProbe.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <thread>

using namespace peftbench;
using namespace peftbench::testing;

Q_DECLARE_METATYPE(peftbench::MethodKind)
Q_DECLARE_METATYPE(peftbench::ModelFamily)

namespace {

TrainResult train(const TrainRequest &request, RecordingObserver *observer = nullptr)
{
    std::atomic<bool> cancel{false};
    return trainRun(request, observer, cancel);
}

std::vector<double> lossCurve(const RecordingObserver &o)
{
    std::vector<double> losses;
    for (const auto &s : o.steps)
        losses.push_back(s.trainLoss);
    return losses;
}

// A two-class task: does the sentence mention something good or something bad?
std::shared_ptr<TrainingData> sentimentTask()
{
    static const char *good[] = {"sunny", "kind", "tasty", "happy", "bright", "warm"};
    static const char *bad[] = {"rainy", "cruel", "bitter", "sad", "dark", "cold"};
    static const char *frames[] = {"the day was %s", "it felt %s today", "a %s little story", "so %s and quiet"};
    std::vector<TextRecord> train, val;
    for (int f = 0; f < 4; ++f)  // the last frame is held out: every word is seen in training
        for (int i = 0; i < 6; ++i)
            for (const auto &[word, label] : {std::pair{good[i], "pos"}, std::pair{bad[i], "neg"}}) {
                char text[64];
                std::snprintf(text, sizeof text, frames[f], word);
                (f == 3 ? val : train).push_back({text, {}, {}, label});
            }
    ByteTokenizer tok;
    auto data = std::make_shared<TrainingData>();
    data->task = TaskKind::Classification;
    data->layout = makeClassificationLayout(train, tok);
    data->train = buildClassificationExamples(train, tok, data->layout, 40);
    data->validation = buildClassificationExamples(val, tok, data->layout, 40);
    data->test = data->validation;
    data->padId = tok.padId();
    data->byteLevel = true;
    return data;
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyMethodLowersValidationLoss_data();
    void everyMethodLowersValidationLoss();
    void sameSeedSameCurve_data();
    void sameSeedSameCurve();
    void cancelStopsWithinOneStep();
    void cancelFromAnotherThread();
    void nonFiniteLossDiverges();
    void badSettingsFailClearly_data();
    void badSettingsFailClearly();
    void promptTuningSaysWhenDataDoesNotFit();
    void summaryAddsUp_data();
    void summaryAddsUp();
    void classificationScoresLabels();
    void gradientAccumulationConsumesMoreData();
    void earlyStoppingStops();
    void resumeContinuesTheSameCurve_data();
    void resumeContinuesTheSameCurve();
    void bf16AutocastTrains();
    void learningRateSchedule_data();
    void learningRateSchedule();
    void memoryProbeResetsPeak();
};

void TestTrainer::everyMethodLowersValidationLoss_data()
{
    QTest::addColumn<MethodKind>("method");
    QTest::addColumn<ModelFamily>("family");
    QTest::newRow("full gpt2") << MethodKind::Full << ModelFamily::Gpt2;
    QTest::newRow("lora gpt2") << MethodKind::Lora << ModelFamily::Gpt2;
    QTest::newRow("prompt gpt2") << MethodKind::PromptTuning << ModelFamily::Gpt2;
    QTest::newRow("full llama") << MethodKind::Full << ModelFamily::Llama;
    QTest::newRow("lora llama") << MethodKind::Lora << ModelFamily::Llama;
    QTest::newRow("prompt llama") << MethodKind::PromptTuning << ModelFamily::Llama;
}

void TestTrainer::everyMethodLowersValidationLoss()
{
    QFETCH(MethodKind, method);
    QFETCH(ModelFamily, family);
    RecordingObserver observer;
    // Adapt a base that learned one set of sentences to sentences with other words.
    TrainRequest request = tinyRequest(method, family, 30);
    request.baseWeights = pretrainedTinyBase(family);
    request.data = sentenceTask(48, true);
    request.params.lr = method == MethodKind::Full ? 3e-3 : method == MethodKind::Lora ? 1e-2 : 3e-2;
    const TrainResult r = train(request, &observer);
    QVERIFY2(r.status == RunStatus::Completed, qPrintable(r.error));
    QCOMPARE(int(observer.steps.size()), 30);
    QCOMPARE(observer.evals.front().step, int64_t(0));
    QCOMPARE(observer.evals.back().step, int64_t(30));
    const double before = observer.evals.front().valLoss, after = observer.evals.back().valLoss;
    qInfo("%s: validation loss %.4f -> %.4f", QTest::currentDataTag(), before, after);
    // The tiny base adapts slowly through the small methods; runs are deterministic, so a small
    // but real decrease is a stable signal.
    QVERIFY2(after < before * 0.997, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
}

void TestTrainer::sameSeedSameCurve_data()
{
    QTest::addColumn<MethodKind>("method");
    QTest::newRow("full") << MethodKind::Full;
    QTest::newRow("lora (dropout)") << MethodKind::Lora;
    QTest::newRow("prompt_tuning") << MethodKind::PromptTuning;
}

void TestTrainer::sameSeedSameCurve()
{
    QFETCH(MethodKind, method);
    RecordingObserver a, b, c;
    TrainRequest request = tinyRequest(method, ModelFamily::Gpt2, 8);
    train(request, &a);
    train(request, &b);
    QCOMPARE(lossCurve(a), lossCurve(b));  // bit-identical
    request.params.seed += 1;
    train(request, &c);
    QVERIFY(lossCurve(a) != lossCurve(c));
}

void TestTrainer::cancelStopsWithinOneStep()
{
    std::atomic<bool> cancel{false};
    RecordingObserver observer;
    observer.afterStep = [&](const StepMetrics &m) {
        if (m.step == 3)
            cancel = true;
    };
    const TrainResult r = trainRun(tinyRequest(MethodKind::Lora), &observer, cancel);
    QCOMPARE(runStatusName(r.status), QStringLiteral("cancelled"));
    QCOMPARE(int(observer.steps.size()), 3);
    QCOMPARE(r.summary.steps, int64_t(3));
    QVERIFY(r.error.contains(QStringLiteral("step 4")));
}

void TestTrainer::cancelFromAnotherThread()
{
    std::atomic<bool> cancel{false};
    std::atomic<int> stepsAtCancel{-1};
    RecordingObserver observer;
    TrainRequest request = tinyRequest(MethodKind::Full, ModelFamily::Gpt2, 100000);
    request.params.evalEvery = 100000;
    std::thread canceller([&] {
        while (observer.steps.size() < 5)  // let it get going, then cancel at an arbitrary moment
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(7));
        stepsAtCancel = int(observer.steps.size());
        cancel = true;
    });
    std::vector<StepMetrics> steps;
    const TrainResult r = trainRun(request, &observer, cancel);
    canceller.join();
    QCOMPARE(runStatusName(r.status), QStringLiteral("cancelled"));
    QVERIFY2(int(observer.steps.size()) - stepsAtCancel <= 1,
             qPrintable(QStringLiteral("%1 steps finished after the cancel").arg(int(observer.steps.size()) - stepsAtCancel)));
}

void TestTrainer::nonFiniteLossDiverges()
{
    TrainRequest request = tinyRequest(MethodKind::Lora);
    Transformer base(request.baseConfig);
    {
        torch::NoGradGuard g;
        base->finalNorm->weight[0] = std::numeric_limits<float>::quiet_NaN();
    }
    request.baseWeights = std::make_shared<TensorFile>(base->toTensorFile());
    request.params.evalEvery = 1000;
    RecordingObserver observer;
    const TrainResult r = train(request, &observer);
    QCOMPARE(runStatusName(r.status), QStringLiteral("diverged"));
    QVERIFY2(r.error.contains(QStringLiteral("NaN at step 1")), qPrintable(r.error));
    QVERIFY(observer.steps.empty());
}

void TestTrainer::badSettingsFailClearly_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("cuda without CUDA") << "device" << "cuda:0" << "device 'cuda:0' requested, but CUDA is not available";
    QTest::newRow("unknown device") << "device" << "tpu" << "unknown device 'tpu' (expected auto, cpu, cuda or cuda:N)";
    QTest::newRow("fp16 on cpu") << "dtype" << "fp16" << "train.dtype fp16 needs a CUDA device";
    QTest::newRow("unknown dtype") << "dtype" << "fp8" << "train.dtype 'fp8' is not one of fp32, bf16, fp16";
    QTest::newRow("zero lr") << "lr" << "0" << "learning rate must be > 0, got 0";
    QTest::newRow("zero batch") << "batch" << "0" << "batch_size";
}

void TestTrainer::badSettingsFailClearly()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, message);
    if (field == QLatin1String("device") && value.startsWith(QLatin1String("cuda")) && torch::cuda::is_available())
        QSKIP("CUDA is available here");
    TrainRequest request = tinyRequest(MethodKind::Lora);
    if (field == QLatin1String("device"))
        request.params.device = value;
    else if (field == QLatin1String("dtype"))
        request.params.dtype = value;
    else if (field == QLatin1String("lr"))
        request.params.lr = value.toDouble();
    else
        request.params.batchSize = value.toLongLong();
    const TrainResult r = train(request);
    QCOMPARE(runStatusName(r.status), QStringLiteral("failed"));
    QVERIFY2(r.error.contains(message), qPrintable(r.error));
}

void TestTrainer::promptTuningSaysWhenDataDoesNotFit()
{
    TrainRequest request = tinyRequest(MethodKind::PromptTuning);
    request.baseConfig.contextLength = 52;   // examples are 48 tokens; 8 virtual tokens leave 44
    const TrainResult r = train(request);
    QCOMPARE(runStatusName(r.status), QStringLiteral("failed"));
    QCOMPARE(r.error, QStringLiteral("examples are up to 48 tokens long, but the model's context is 52 tokens and 8 of them "
                                     "hold prompt tuning's virtual tokens, leaving 44: lower dataset.max_length to 44 or less"));
}

void TestTrainer::summaryAddsUp_data()
{
    QTest::addColumn<MethodKind>("method");
    QTest::addColumn<qint64>("trainable");
    const ModelConfig c = tinyConfig(ModelFamily::Gpt2);
    // LoRA r=4 on q and v: each adds A [4, 32] + B [32, 4] per layer.
    QTest::newRow("lora") << MethodKind::Lora << qint64(c.nLayers * 2 * (4 * 32 + 32 * 4));
    QTest::newRow("prompt_tuning") << MethodKind::PromptTuning << qint64(8 * c.dModel);
    QTest::newRow("full") << MethodKind::Full << qint64(c.parameterCount());
}

void TestTrainer::summaryAddsUp()
{
    QFETCH(MethodKind, method);
    QFETCH(qint64, trainable);
    RecordingObserver observer;
    const TrainResult r = train(tinyRequest(method, ModelFamily::Gpt2, 10), &observer);
    QVERIFY2(r.status == RunStatus::Completed, qPrintable(r.error));
    const RunSummary &s = r.summary;
    QCOMPARE(s.trainableParams, int64_t(trainable));
    const int64_t base = tinyConfig(ModelFamily::Gpt2).parameterCount();
    QCOMPARE(s.totalParams, method == MethodKind::Full ? base : base + trainable);
    QCOMPARE(s.trainablePercent, 100.0 * double(trainable) / double(s.totalParams));
    QCOMPARE(s.memoryLabel, QStringLiteral("RAM"));
    QVERIFY(s.peakMemoryBytes >= s.memory.baselineBytes);
    QCOMPARE(s.memory.gradientBytes, int64_t(trainable) * 4);
    QCOMPARE(s.memory.optimizerBytes, int64_t(trainable) * 8);  // AdamW: two moments per parameter
    QVERIFY(s.adapterBytes > trainable * 4 && s.adapterBytes < trainable * 4 + 64 * 1024);
    QCOMPARE(s.steps, int64_t(10));
    QVERIFY(s.tokensPerSecond > 0 && s.meanStepSeconds > 0 && s.wallSeconds >= s.meanStepSeconds * 10);
    QCOMPARE(s.metricName, QStringLiteral("perplexity"));
    QCOMPARE(s.finalValLoss, observer.evals.back().valLoss);
    QCOMPARE(s.finalMetric, std::exp(s.finalValLoss));
    QCOMPARE(observer.evals.back().bitsPerByte, s.finalValLoss / std::log(2.0));
    QCOMPARE(s.generalizationGap, s.finalValLoss - s.finalTrainLoss);
    QVERIFY(std::isfinite(s.testLoss) && std::isfinite(s.testMetric));
    for (const StepMetrics &m : observer.steps) {
        QVERIFY(m.memoryBytes > 0 && m.memoryPeakBytes >= m.memoryBytes);
        QVERIFY(m.gradNorm > 0 && m.tokensPerSecond > 0);
    }
    // Tokens seen: exactly the real input tokens of the batches the sampler hands out.
    const TrainRequest request = tinyRequest(method, ModelFamily::Gpt2, 10);
    BatchSampler sampler(request.data->train.size(), 8, request.params.seed);
    int64_t tokens = 0;
    for (int step = 0; step < 10; ++step)
        for (size_t i : sampler.next())
            tokens += int64_t(request.data->train[i].tokens.size()) - 1;
    QCOMPARE(observer.steps.back().tokensSeen, tokens);
}

void TestTrainer::classificationScoresLabels()
{
    TrainRequest request = tinyRequest(MethodKind::Full, ModelFamily::Gpt2, 80);
    request.baseWeights = pretrainedTinyBase(ModelFamily::Gpt2);
    request.data = sentimentTask();
    request.params.lr = 3e-3;
    request.params.evalEvery = 20;
    RecordingObserver observer;
    const TrainResult r = train(request, &observer);
    QVERIFY2(r.status == RunStatus::Completed, qPrintable(r.error));
    QCOMPARE(r.summary.metricName, QStringLiteral("accuracy"));
    for (const EvalMetrics &e : observer.evals) {
        QVERIFY(e.metric >= 0 && e.metric <= 1);
        QVERIFY(std::isfinite(e.macroF1));
    }
    qInfo("sentiment accuracy %.3f -> %.3f, macro-F1 %.3f", observer.evals.front().metric, r.summary.finalMetric,
          r.summary.testMacroF1);
    QVERIFY(r.summary.finalMetric > 0.6);  // chance is 0.5: the held-out frame is classified from its word
}

void TestTrainer::gradientAccumulationConsumesMoreData()
{
    RecordingObserver one, two;
    TrainRequest request = tinyRequest(MethodKind::Lora, ModelFamily::Gpt2, 4);
    train(request, &one);
    request.params.gradAccumulation = 2;
    train(request, &two);
    QCOMPARE(two.steps.back().tokensSeen, 2 * one.steps.back().tokensSeen);
    QCOMPARE(two.steps.back().epoch, 2 * one.steps.back().epoch);
}

void TestTrainer::earlyStoppingStops()
{
    TrainRequest request = tinyRequest(MethodKind::Full, ModelFamily::Gpt2, 200);
    request.params.lr = 0.5;  // far too high: validation loss gets worse, so patience runs out
    request.params.gradClip = 0;
    request.params.evalEvery = 2;
    request.params.earlyStoppingPatience = 2;
    RecordingObserver observer;
    const TrainResult r = train(request, &observer);
    QVERIFY(r.status == RunStatus::Completed || r.status == RunStatus::Diverged);
    QVERIFY2(observer.steps.size() < 200, "early stopping never triggered");
    if (r.status == RunStatus::Completed)
        QVERIFY(observer.messages.join(QLatin1Char('\n')).contains(QStringLiteral("early stopping at step")));
}

void TestTrainer::resumeContinuesTheSameCurve_data()
{
    QTest::addColumn<MethodKind>("method");
    QTest::addColumn<bool>("fromCancel");
    QTest::newRow("lora from periodic checkpoint") << MethodKind::Lora << false;
    QTest::newRow("lora from cancel") << MethodKind::Lora << true;
    QTest::newRow("prompt_tuning from periodic checkpoint") << MethodKind::PromptTuning << false;
    QTest::newRow("full from cancel") << MethodKind::Full << true;
}

void TestTrainer::resumeContinuesTheSameCurve()
{
    QFETCH(MethodKind, method);
    QFETCH(bool, fromCancel);
    QTemporaryDir dir;
    TrainRequest request = tinyRequest(method, ModelFamily::Gpt2, 12);
    request.params.evalEvery = 3;
    request.params.schedule = LrScheduleKind::Cosine;  // the schedule must continue too
    request.params.warmupSteps = 2;
    request.checkpointEvery = 4;

    RecordingObserver whole;
    request.checkpointPath = dir.filePath(QStringLiteral("whole.pwbc"));
    const TrainResult uninterrupted = train(request, &whole);
    QVERIFY(uninterrupted.status == RunStatus::Completed);

    // First half: stops after step 6 (cancel) or is "killed" after step 6 with the checkpoint of step 4.
    request.checkpointPath = dir.filePath(QStringLiteral("part.pwbc"));
    const QString atStep4 = dir.filePath(QStringLiteral("step4.pwbc"));
    std::atomic<bool> cancel{false};
    RecordingObserver first;
    first.afterStep = [&](const StepMetrics &m) {
        if (m.step == 6)
            cancel = true;
    };
    struct : RecordingObserver {
        RecordingObserver *inner = nullptr;
        QString from, to;
        void onStep(const StepMetrics &m) override { inner->onStep(m); }
        void onCheckpoint(int64_t step) override
        {
            if (step == 4)
                QFile::copy(from, to);
        }
    } copier;
    copier.inner = &first;
    copier.from = request.checkpointPath;
    copier.to = atStep4;
    QCOMPARE(runStatusName(trainRun(request, &copier, cancel).status), QStringLiteral("cancelled"));
    const int64_t resumeStep = fromCancel ? 6 : 4;
    if (!fromCancel)
        request.checkpointPath = atStep4;

    RecordingObserver second;
    request.resume = true;
    const TrainResult resumed = train(request, &second);
    QVERIFY2(resumed.status == RunStatus::Completed, qPrintable(resumed.error));
    QCOMPARE(second.steps.front().step, resumeStep + 1);
    QCOMPARE(int(second.steps.size()), int(12 - resumeStep));
    for (const StepMetrics &m : second.steps) {
        const StepMetrics &ref = whole.steps[size_t(m.step - 1)];
        QCOMPARE(m.trainLoss, ref.trainLoss);  // bit-identical continuation
        QCOMPARE(m.learningRate, ref.learningRate);
        QCOMPARE(m.tokensSeen, ref.tokensSeen);
    }
    QCOMPARE(second.evals.back().valLoss, whole.evals.back().valLoss);
    QCOMPARE(resumed.summary.bestValLoss, uninterrupted.summary.bestValLoss);
    QCOMPARE(resumed.summary.testLoss, uninterrupted.summary.testLoss);
}

void TestTrainer::bf16AutocastTrains()
{
    TrainRequest request = tinyRequest(MethodKind::Lora, ModelFamily::Llama, 6);
    request.params.dtype = QStringLiteral("bf16");
    RecordingObserver observer;
    const TrainResult r = train(request, &observer);
    QVERIFY2(r.status == RunStatus::Completed, qPrintable(r.error));
    for (const StepMetrics &m : observer.steps)
        QVERIFY(std::isfinite(m.trainLoss));
    // bf16 rounds the forward pass: close to the fp32 curve, but not identical.
    RecordingObserver fp32;
    request.params.dtype = QStringLiteral("fp32");
    train(request, &fp32);
    QVERIFY(std::abs(observer.steps.front().trainLoss - fp32.steps.front().trainLoss) < 0.05);
    QVERIFY(lossCurve(observer) != lossCurve(fp32));
}

void TestTrainer::learningRateSchedule_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<qint64>("step");
    QTest::addColumn<double>("expected");
    // lr 1.0, 10 warmup steps, 110 steps in all.
    QTest::newRow("warmup first") << "cosine" << qint64(0) << 0.1;
    QTest::newRow("warmup last") << "linear" << qint64(9) << 1.0;
    QTest::newRow("constant") << "constant" << qint64(50) << 1.0;
    QTest::newRow("linear half") << "linear" << qint64(60) << 0.5;
    QTest::newRow("linear end") << "linear" << qint64(110) << 0.0;
    QTest::newRow("cosine half") << "cosine" << qint64(60) << 0.5;
    QTest::newRow("cosine quarter") << "cosine" << qint64(35) << 0.5 * (1 + std::cos(M_PI * 0.25));
}

void TestTrainer::learningRateSchedule()
{
    QFETCH(QString, schedule);
    QFETCH(qint64, step);
    QFETCH(double, expected);
    TrainingParams p;
    p.lr = 1.0;
    p.steps = 110;
    p.warmupSteps = 10;
    p.schedule = *parseLrSchedule(schedule);
    QVERIFY(std::abs(learningRateAt(p, step) - expected) < 1e-12);
}

void TestTrainer::memoryProbeResetsPeak()
{
    const MemoryProbe probe;
    QCOMPARE(probe.label(), QStringLiteral("RAM"));
    {
        torch::Tensor big = torch::ones({64, 1024, 1024});  // 256 MiB, touched
        QVERIFY(probe.sample().currentBytes > 256LL << 20);
    }
    const MemorySample before = probe.sample();
    QVERIFY(before.peakBytes > before.currentBytes + (200LL << 20));
    probe.resetPeak();
    const MemorySample after = probe.sample();
    QVERIFY2(after.peakBytes < before.peakBytes - (200LL << 20),
             qPrintable(QStringLiteral("peak %1 -> %2").arg(before.peakBytes).arg(after.peakBytes)));
}

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
