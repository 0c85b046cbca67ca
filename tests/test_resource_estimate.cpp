// The memory and time estimator: its parameter counts are the ones the real model and method
// report, its memory breakdown matches a real training run's, it moves the right way when the
// run changes, and its FLOP count is the one derived by hand.
#include "TrainingFixtures.h"

#include "experiment/BaseModels.h"
#include "experiment/ResourceEstimate.h"
#include "model/CausalAttention.h"
#include "system/ComputeEnvironment.h"
#include "system/CpuBlockCache.h"
#include "system/HostHeap.h"

#include <c10/core/Allocator.h>
#include <c10/util/ThreadLocalDebugInfo.h>
#include <torch/torch.h>

#include <QElapsedTimer>
#include <QtTest>

#include <malloc.h>

#include <random>
#include <tuple>

using namespace peftbench;
using namespace peftbench::testing;

Q_DECLARE_METATYPE(peftbench::ModelConfig)
Q_DECLARE_METATYPE(peftbench::MethodSettings)

namespace {

MethodSettings fullMethod()
{
    return {};
}

MethodSettings loraMethod(int64_t rank, std::vector<std::string> targets, double dropout = 0.05)
{
    MethodSettings m;
    m.kind = MethodKind::Lora;
    m.lora.rank = rank;
    m.lora.targets = std::move(targets);
    m.lora.dropout = dropout;
    return m;
}

MethodSettings promptMethod(int64_t virtualTokens)
{
    MethodSettings m;
    m.kind = MethodKind::PromptTuning;
    m.promptTuning.numVirtualTokens = virtualTokens;
    return m;
}

MethodSettings prefixMethod(int64_t virtualTokens, bool projection = false, int64_t hidden = 512)
{
    MethodSettings m;
    m.kind = MethodKind::PrefixTuning;
    m.prefixTuning.numVirtualTokens = virtualTokens;
    m.prefixTuning.projection = projection;
    m.prefixTuning.projectionHidden = hidden;
    return m;
}

MethodSettings ia3Method(std::vector<std::string> targets = Ia3Settings{}.targets)
{
    MethodSettings m;
    m.kind = MethodKind::Ia3;
    m.ia3.targets = std::move(targets);
    return m;
}

MethodSettings doraMethod(int64_t rank, std::vector<std::string> targets, double dropout = 0.05)
{
    MethodSettings m = loraMethod(rank, std::move(targets), dropout);
    m.kind = MethodKind::Dora;
    return m;
}

MethodSettings bitFitMethod(bool normWeights)
{
    MethodSettings m;
    m.kind = MethodKind::BitFit;
    m.bitFit.normWeights = normWeights;
    return m;
}

MethodSettings lastLayersMethod(int64_t layers, bool head)
{
    MethodSettings m;
    m.kind = MethodKind::LastLayers;
    m.lastLayers.layers = layers;
    m.lastLayers.head = head;
    return m;
}

const std::vector<std::string> kAllTargets{"q", "k", "v", "o", "up", "gate", "down"};

// One case per method and setting that changes what trains (issue 12's methods included).
std::vector<std::pair<const char *, MethodSettings>> everyMethod()
{
    MethodSettings pattern = loraMethod(4, {"q", "v", "down"});
    pattern.lora.rankPattern = {{"q", 8}, {"down", 2}};
    MethodSettings doraPattern = pattern;
    doraPattern.kind = MethodKind::Dora;
    return {{"full", fullMethod()},
            {"lora r4 q,v", loraMethod(4, {"q", "v"})},
            {"lora r8 all", loraMethod(8, kAllTargets)},
            {"lora rank pattern", pattern},
            {"prompt n10", promptMethod(10)},
            {"prefix n10", prefixMethod(10)},
            {"prefix n6 projection", prefixMethod(6, true, 24)},
            {"ia3 k,v,down", ia3Method()},
            {"ia3 all", ia3Method(kAllTargets)},
            {"dora r4 q,v", doraMethod(4, {"q", "v"})},
            {"dora rank pattern", doraPattern},
            {"bitfit", bitFitMethod(false)},
            {"bitfit norms", bitFitMethod(true)},
            {"last 1", lastLayersMethod(1, false)},
            {"last 2 head", lastLayersMethod(2, true)}};
}

// Llama with grouped-query attention, q/k/v biases (Qwen2) and a tied head.
ModelConfig qwenLikeConfig()
{
    ModelConfig c = tinyConfig(ModelFamily::Llama);
    c.qkvBias = true;
    c.tiedHead = true;
    return c;
}

// A 2-layer GPT-2 of width 64 (4 heads of 16, ffn 256) over bytes: small enough to count by hand.
ModelConfig tinyGpt2()
{
    ModelConfig model;
    model.vocabSize = 259;
    model.contextLength = 128;
    model.dModel = 64;
    model.nLayers = 2;
    model.nHeads = 4;
    model.nKvHeads = 4;
    model.headDim = 16;
    model.ffnDim = 256;
    return model;
}

ResourceEstimate estimate(const ModelConfig &model, const MethodSettings &method, int64_t batch, int maxLength,
                          EstimateEnvironment env = {}, bool checkpointing = false)
{
    ExperimentConfig experiment;
    experiment.dataset.maxLength = maxLength;
    RunSpec run;
    run.method = method;
    run.train.batchSize = batch;
    run.train.gradientCheckpointing = checkpointing;
    return estimateRun(model, experiment, run, env);
}

// The 2-layer, d 128 GPT-2 the measurements train: big enough that activations are tens of MB.
ModelConfig measuredConfig(ModelFamily family, int64_t vocab)
{
    ModelConfig c = tinyConfig(family, 160);
    c.vocabSize = vocab;
    c.dModel = 128;
    c.headDim = 32;
    c.ffnDim = family == ModelFamily::Llama ? 344 : 512;
    return c;
}

// Random byte sequences of exactly maxLength tokens, so every batch is as long as the estimate assumes.
std::shared_ptr<TrainingData> fullLengthTask(int maxLength)
{
    std::mt19937 random(5);
    std::uniform_int_distribution<int64_t> byte(0, 255);
    auto split = [&](int count) {
        std::vector<TokenizedExample> examples(static_cast<size_t>(count));
        for (auto &ex : examples) {
            ex.tokens.resize(size_t(maxLength));
            for (auto &t : ex.tokens)
                t = byte(random);
            ex.lossMask.assign(size_t(maxLength), 1);
            ex.lossMask[0] = 0;
        }
        return examples;
    };
    auto data = std::make_shared<TrainingData>();
    data->train = split(64);
    data->validation = split(4);
    data->test = split(4);
    data->padId = 256;
    return data;
}

// LibTorch's CPU allocations on this thread (the trainer runs on it), current and peak: what the
// tensors themselves hold, without the C library's and the kernel's rounding that RSS adds.
class TensorAllocations : public c10::MemoryReportingInfoBase {
public:
    void reportMemoryUsage(void *, int64_t bytes, int64_t, int64_t, c10::Device) override
    {
        current += bytes;
        peak = std::max(peak, current);
    }
    bool memoryProfilingEnabled() const override { return true; }
    int64_t current = 0;
    int64_t peak = 0;
};

}  // namespace

class TestResourceEstimate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parametersMatchTheModel_data();
    void parametersMatchTheModel();
    void breakdownMatchesATrainingRun_data();
    void breakdownMatchesATrainingRun();
    void batchScalesActivationsOnly();
    void promptActivationsGrowWithVirtualTokens();
    void loraTrainsFarLessThanFull();
    void newMethodsMoveTheEstimateTheRightWay();
    void warnsOnlyWhenThePeakDoesNotFit_data();
    void warnsOnlyWhenThePeakDoesNotFit();
    void noTimeWithoutGemmThroughput();
    void fullFineTuningFlopsByHand();
    void checkpointingTradesMemoryForOneMoreForward();
    void allocatorReserveIsOneBlocksActivations();
    void currentEnvironment();
};

void TestResourceEstimate::initTestCase()
{
    applyComputeSettings({1});  // one thread: OpenMP's barriers crawl when other jobs hold the cores
    // glibc raises its mmap threshold to the largest block freed so far (up to 32 MB) and then
    // keeps freed activations in its heap: RSS peaks at up to 2.4× the live tensors (measured
    // here), by fragmentation, not by anything the run holds. A fixed threshold returns every
    // large block on free, so RSS follows the tensors and can be compared with the estimate.
    // The product's own setting (made once, by the first run) would replace it, and its block
    // cache keeps freed blocks by size: set this after the first and turn off the second.
    holdHeapForTraining();
    disableCpuBlockCache();
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    // The process's first training run also starts the thread team and OpenBLAS's buffers
    // (≈ 17 MB at 2 threads, once): run one now, so that they are in every measured run's baseline.
    std::atomic<bool> cancel{false};
    const TrainResult warmUp = trainRun(tinyRequest(MethodKind::Full, ModelFamily::Gpt2, 1), nullptr, cancel);
    QVERIFY2(warmUp.status == RunStatus::Completed, qPrintable(warmUp.error));
}

void TestResourceEstimate::parametersMatchTheModel_data()
{
    QTest::addColumn<ModelConfig>("model");
    QTest::addColumn<MethodSettings>("method");
    const std::pair<const char *, ModelConfig> models[] = {{"gpt2", tinyConfig(ModelFamily::Gpt2)},
                                                           {"llama gqa", tinyConfig(ModelFamily::Llama)},
                                                           {"qwen-like", qwenLikeConfig()},
                                                           {"built-in", loadBaseModel(QStringLiteral("builtin:byte-gpt"), {}).config}};
    for (const auto &[modelName, model] : models)
        for (const auto &[methodName, method] : everyMethod()) {
            const bool hasBiases = model.family == ModelFamily::Gpt2 || model.qkvBias;
            if (method.kind == MethodKind::BitFit && !hasBiases && !method.bitFit.normWeights)
                continue;  // nothing to train: the method refuses it (test_methods)
            QTest::addRow("%s %s", modelName, methodName) << model << method;
        }
}

void TestResourceEstimate::parametersMatchTheModel()
{
    QFETCH(ModelConfig, model);
    QFETCH(MethodSettings, method);
    // Counted as the trainer counts them for RunSummary.
    Transformer real(model);
    const auto applied = createMethod(method);
    const std::vector<torch::Tensor> trainable = applied->apply(real, 1);
    int64_t total = 0, trainableCount = 0;
    const std::vector<torch::Tensor> inModel = real->parameters();
    for (const auto &p : inModel)
        total += p.numel();
    for (const auto &p : trainable) {
        trainableCount += p.numel();
        // Prompt and prefix tuning's tensors live outside the model; the trainer adds them.
        if (std::none_of(inModel.begin(), inModel.end(), [&](const torch::Tensor &q) { return q.is_same(p); }))
            total += p.numel();
    }
    const ResourceEstimate e = estimate(model, method, 4, 64);
    qInfo("%s: trainable %lld of %lld (apply() returned %lld of %lld)", QTest::currentDataTag(),
          static_cast<long long>(e.trainableParams), static_cast<long long>(e.totalParams),
          static_cast<long long>(trainableCount), static_cast<long long>(total));
    QCOMPARE(e.totalParams, total);
    QCOMPARE(e.trainableParams, trainableCount);
    QCOMPARE(e.weightBytes, 4 * total);
    QCOMPARE(e.gradientBytes, 4 * trainableCount);
    QCOMPARE(e.optimizerBytes, 8 * trainableCount);
}

void TestResourceEstimate::breakdownMatchesATrainingRun_data()
{
    QTest::addColumn<ModelFamily>("family");
    QTest::addColumn<MethodSettings>("method");
    QTest::addColumn<bool>("checkpointing");
    QTest::addColumn<int>("vocab");
    const std::tuple<const char *, ModelFamily, MethodSettings> cases[] = {
        {"gpt2 full", ModelFamily::Gpt2, fullMethod()},
        {"gpt2 lora q,v", ModelFamily::Gpt2, loraMethod(8, {"q", "v"})},
        {"gpt2 prompt n16", ModelFamily::Gpt2, promptMethod(16)},
        {"llama full", ModelFamily::Llama, fullMethod()},
        {"llama lora all", ModelFamily::Llama, loraMethod(4, kAllTargets, 0.0)},
        {"gpt2 prefix n16", ModelFamily::Gpt2, prefixMethod(16)},
        {"gpt2 prefix projection", ModelFamily::Gpt2, prefixMethod(8, true, 64)},
        {"gpt2 ia3", ModelFamily::Gpt2, ia3Method()},
        {"gpt2 dora q,v", ModelFamily::Gpt2, doraMethod(8, {"q", "v"})},
        {"gpt2 bitfit", ModelFamily::Gpt2, bitFitMethod(false)},
        {"gpt2 last 1", ModelFamily::Gpt2, lastLayersMethod(1, false)},
        {"gpt2 last 1 tied head", ModelFamily::Gpt2, lastLayersMethod(1, true)},
        {"llama prefix n16", ModelFamily::Llama, prefixMethod(16)},
        {"llama ia3 all", ModelFamily::Llama, ia3Method(kAllTargets)},
        {"llama dora all", ModelFamily::Llama, doraMethod(4, kAllTargets, 0.0)},
        {"llama bitfit norms", ModelFamily::Llama, bitFitMethod(true)},
        {"llama last 1 head", ModelFamily::Llama, lastLayersMethod(1, true)},
    };
    for (bool checkpointing : {false, true})
        for (const auto &[name, family, method] : cases)
            QTest::addRow("%s%s", name, checkpointing ? " checkpointed" : "") << family << method << checkpointing << 259;
    // A vocabulary whose logits (2048 positions × 4096) exceed one chunk: the loss runs chunked
    // (summedLinearCrossEntropy, 1536 rows a chunk), with and without a trained head.
    for (bool checkpointing : {false, true})
        for (const auto &[name, family, method] : {cases[0], cases[1], cases[3], cases[12], cases[16]})
            QTest::addRow("%s, 4096 vocabulary%s", name, checkpointing ? " checkpointed" : "") << family << method
                                                                                              << checkpointing << 4096;
}

void TestResourceEstimate::breakdownMatchesATrainingRun()
{
    QFETCH(ModelFamily, family);
    QFETCH(MethodSettings, method);
    QFETCH(bool, checkpointing);
    QFETCH(int, vocab);
    constexpr int maxLength = 129;  // 128 positions per example
    TrainRequest request;
    request.baseConfig = measuredConfig(family, vocab);
    request.method = method;
    request.params.steps = 2;  // the second step's peak has every gradient and moment allocated
    request.params.batchSize = 16;
    request.params.evalEvery = 1000;
    request.params.evalMaxExamples = 4;
    request.params.threads = 1;
    request.params.gradientCheckpointing = checkpointing;
    request.data = fullLengthTask(maxLength);

    // Memory freed by earlier cases would otherwise sit in the C library's heap, inside the
    // run's RSS baseline, and be reused without showing in its peak.
    malloc_trim(0);
    auto allocations = std::make_shared<TensorAllocations>();
    TrainResult result;
    {
        c10::DebugInfoGuard guard(c10::DebugInfoKind::PROFILER_STATE, allocations);
        std::atomic<bool> cancel{false};
        result = trainRun(request, nullptr, cancel);
    }
    QVERIFY2(result.status == RunStatus::Completed, qPrintable(result.error));
    const RunSummary &s = result.summary;
    const ResourceEstimate e = estimate(request.baseConfig, method, request.params.batchSize, maxLength, {}, checkpointing);

    QCOMPARE(e.totalParams, s.totalParams);
    QCOMPARE(e.trainableParams, s.trainableParams);
    QCOMPARE(e.weightBytes, s.memory.weightBytes);
    QCOMPARE(e.gradientBytes, s.memory.gradientBytes);
    QCOMPARE(e.optimizerBytes, s.memory.optimizerBytes);

    // What the tensors held at the peak beyond weights, gradients and moments: the estimate's
    // activations and buffers, measured without allocator noise.
    const int64_t tensorActivations = allocations->peak - s.memory.weightBytes - s.memory.gradientBytes - s.memory.optimizerBytes;
    const double tensorRatio = double(e.activationBytes) / double(tensorActivations);
    const double rssRatio = double(e.activationBytes) / double(s.memory.otherBytes);
    qInfo("%s: activations estimated %.2f MB; tensors at the peak %.2f MB (ratio %.3f); RSS other %.2f MB (ratio %.3f)",
          QTest::currentDataTag(), e.activationBytes / 1e6, tensorActivations / 1e6, tensorRatio,
          s.memory.otherBytes / 1e6, rssRatio);
    // Measured 0.998-0.999 against the tensors for full, LoRA and prompt tuning, 0.976-1.027 over
    // every case of issue 12's methods. RSS adds page rounding and the C library's
    // bookkeeping (measured 0.98-1.0 with the fixed mmap threshold set in initTestCase).
    QVERIFY2(tensorRatio > 0.97 && tensorRatio < 1.03, qPrintable(QString::number(tensorRatio)));
    QVERIFY2(rssRatio > 0.85 && rssRatio < 1.15, qPrintable(QString::number(rssRatio)));
}

void TestResourceEstimate::batchScalesActivationsOnly()
{
    const ModelConfig model = tinyConfig(ModelFamily::Gpt2);
    for (const MethodSettings &method : {fullMethod(), loraMethod(8, {"q", "v"}), promptMethod(10)}) {
        const ResourceEstimate one = estimate(model, method, 8, 64), two = estimate(model, method, 16, 64);
        QCOMPARE(two.weightBytes, one.weightBytes);
        QCOMPARE(two.gradientBytes, one.gradientBytes);
        QCOMPARE(two.optimizerBytes, one.optimizerBytes);
        const double ratio = double(two.activationBytes) / double(one.activationBytes);
        QVERIFY2(ratio > 1.9 && ratio < 2.1, qPrintable(QString::number(ratio)));
        QVERIFY(two.flopsPerStep > 1.9 * one.flopsPerStep);
    }
}

void TestResourceEstimate::promptActivationsGrowWithVirtualTokens()
{
    const ModelConfig model = tinyConfig(ModelFamily::Llama);
    int64_t previous = 0;
    for (int64_t n : {1, 8, 16, 32}) {
        const ResourceEstimate e = estimate(model, promptMethod(n), 8, 64);
        QVERIFY2(e.activationBytes > previous, qPrintable(QStringLiteral("n %1").arg(n)));
        previous = e.activationBytes;
    }
}

void TestResourceEstimate::loraTrainsFarLessThanFull()
{
    ModelConfig model;  // the built-in model's shape
    model.contextLength = 320;
    const ResourceEstimate full = estimate(model, fullMethod(), 16, 256);
    const ResourceEstimate lora = estimate(model, loraMethod(8, {"q", "v"}), 16, 256);
    QVERIFY(lora.trainableParams * 50 < full.trainableParams);
    QVERIFY(lora.optimizerBytes * 50 < full.optimizerBytes);
    QVERIFY(lora.peakBytes() < full.peakBytes());
    QVERIFY(lora.flopsPerStep < full.flopsPerStep);  // no weight-gradient GEMMs for the frozen base
    QVERIFY(lora.totalParams > full.totalParams);    // the adapters come on top of the base
}

void TestResourceEstimate::newMethodsMoveTheEstimateTheRightWay()
{
    ModelConfig model;  // the built-in model's shape: 4 blocks
    model.contextLength = 320;
    const auto at = [&](const MethodSettings &method) { return estimate(model, method, 16, 256); };
    // Frozen early blocks with no trainable input keep no activations and need no backward.
    int64_t previous = 0;
    double previousFlops = 0;
    for (int64_t layers : {1, 2, 4}) {
        const ResourceEstimate e = at(lastLayersMethod(layers, false));
        QVERIFY2(e.activationBytes > previous && e.flopsPerStep > previousFlops, qPrintable(QString::number(layers)));
        previous = e.activationBytes;
        previousFlops = e.flopsPerStep;
    }
    QVERIFY(at(lastLayersMethod(4, false)).trainableParams < at(fullMethod()).trainableParams);
    // A trained tied head trains the embedding: every block then passes gradients back.
    QVERIFY(at(lastLayersMethod(1, true)).activationBytes > at(lastLayersMethod(1, false)).activationBytes);
    // Prefix tuning lengthens every attention by n keys and values.
    QVERIFY(at(prefixMethod(32)).activationBytes > at(prefixMethod(8)).activationBytes);
    QVERIFY(at(prefixMethod(32)).flopsPerStep > at(prefixMethod(8)).flopsPerStep);
    QVERIFY(at(prefixMethod(8, true)).trainableParams > 10 * at(prefixMethod(8)).trainableParams);
    // DoRA is LoRA plus magnitudes and two more saved products per adapted layer.
    QCOMPARE(at(doraMethod(8, {"q", "v"})).trainableParams - at(loraMethod(8, {"q", "v"})).trainableParams,
             model.nLayers * 2 * model.dModel);
    QVERIFY(at(doraMethod(8, {"q", "v"})).activationBytes > at(loraMethod(8, {"q", "v"})).activationBytes);
    // IA3 and BitFit train a sliver of what LoRA does.
    QVERIFY(at(ia3Method()).trainableParams * 5 < at(loraMethod(8, {"q", "v"})).trainableParams);
    QVERIFY(at(bitFitMethod(false)).trainableParams < at(bitFitMethod(true)).trainableParams);
}

void TestResourceEstimate::warnsOnlyWhenThePeakDoesNotFit_data()
{
    QTest::addColumn<bool>("cuda");
    QTest::addColumn<qint64>("baseline");
    QTest::addColumn<qint64>("freeBelowNeed");  // free = what the run needs beyond its baseline − this
    QTest::addColumn<bool>("warns");
    QTest::newRow("ram short by a byte") << false << qint64(0) << qint64(1) << true;
    QTest::newRow("ram exactly enough") << false << qint64(0) << qint64(0) << false;
    QTest::newRow("ram plenty") << false << qint64(0) << qint64(-1000000000) << false;
    QTest::newRow("ram baseline already held") << false << qint64(300000000) << qint64(0) << false;
    QTest::newRow("ram baseline, short") << false << qint64(300000000) << qint64(1) << true;
    QTest::newRow("vram short") << true << qint64(0) << qint64(1) << true;
}

void TestResourceEstimate::warnsOnlyWhenThePeakDoesNotFit()
{
    QFETCH(bool, cuda);
    QFETCH(qint64, baseline);
    QFETCH(qint64, freeBelowNeed);
    QFETCH(bool, warns);
    const ModelConfig model = tinyConfig(ModelFamily::Gpt2);
    EstimateEnvironment env;
    env.cuda = cuda;
    env.baselineBytes = baseline;
    const ResourceEstimate unlimited = estimate(model, fullMethod(), 8, 64, env);
    QVERIFY(unlimited.warning.isEmpty());  // free memory unknown: no warning
    env.freeBytes = unlimited.peakBytes() - baseline - freeBelowNeed;
    const ResourceEstimate e = estimate(model, fullMethod(), 8, 64, env);
    QCOMPARE(e.memoryLabel, cuda ? QStringLiteral("VRAM") : QStringLiteral("RAM"));
    QCOMPARE(e.baselineBytes, baseline);
    QCOMPARE(!e.warning.isEmpty(), warns);
    if (warns) {
        QVERIFY2(e.warning.contains(e.memoryLabel), qPrintable(e.warning));
        QVERIFY2(e.warning.contains(QLocale().formattedDataSize(e.peakBytes())), qPrintable(e.warning));
        QVERIFY2(e.warning.contains(QLocale().formattedDataSize(env.freeBytes)), qPrintable(e.warning));
        QVERIFY2(e.warning.contains(QLatin1String("batch_size")), qPrintable(e.warning));
    }
}

void TestResourceEstimate::noTimeWithoutGemmThroughput()
{
    const ModelConfig model = tinyConfig(ModelFamily::Gpt2);
    const ResourceEstimate none = estimate(model, fullMethod(), 8, 64);
    QVERIFY(none.flopsPerStep > 0);
    QCOMPARE(none.secondsPerStep, 0.0);
    QCOMPARE(none.runSeconds, 0.0);

    EstimateEnvironment env;
    env.gemmFlopsPerSecond = 100e9;
    const ResourceEstimate timed = estimate(model, fullMethod(), 8, 64, env);
    QVERIFY(timed.secondsPerStep > 0);
    // The default run: 300 steps, plus the evaluations on top.
    QVERIFY(timed.runSeconds > 300 * timed.secondsPerStep);
    env.gemmFlopsPerSecond = 200e9;
    QCOMPARE(estimate(model, fullMethod(), 8, 64, env).secondsPerStep, timed.secondsPerStep / 2);
}

void TestResourceEstimate::fullFineTuningFlopsByHand()
{
    ModelConfig model = tinyGpt2();  // H·hd = d, so every projection is d×d
    ExperimentConfig experiment;
    experiment.dataset.maxLength = 33;
    RunSpec run;
    run.train.batchSize = 4;
    run.train.gradAccumulation = 2;
    const ResourceEstimate e = estimateRun(model, experiment, run, {});

    // Per layer the GEMMs multiply by q, k, v, o (4 · 64·64) and up, down (2 · 64·256) = 49 152
    // weights; two layers plus the tied head (64·259 = 16 576) make 114 880. A micro-batch has
    // 4 × 32 = 128 positions (max_length 33 less the last token, which is only a target).
    // Forward: 2 · 114 880 · 128 = 29 409 280 FLOPs in the projections, and per layer
    // QKᵀ and PV, 2 · 2 · 4 · 32² · 64 = 1 048 576, twice: 2 097 152. Together 31 506 432.
    // Full fine-tuning's backward computes the input and the weight gradient of every GEMM: twice
    // the forward. Two micro-batches per step: 2 · 3 · 31 506 432 = 189 038 592.
    QCOMPARE(e.flopsPerStep, 189038592.0);
}

void TestResourceEstimate::currentEnvironment()
{
    const int threadsBefore = at::get_num_threads();
    const EstimateEnvironment cpu = currentEstimateEnvironment(false, 2);
    QVERIFY(!cpu.cuda);
    QCOMPARE(cpu.threads, 2);
    QVERIFY(cpu.freeBytes > 0);
    QVERIFY(cpu.baselineBytes > 0);
    QVERIFY(cpu.gemmFlopsPerSecond > 1e9);
    QCOMPARE(at::get_num_threads(), threadsBefore);  // the benchmark leaves the caller's threads as they were

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(currentEstimateEnvironment(false, 2).gemmFlopsPerSecond, cpu.gemmFlopsPerSecond);
    QVERIFY2(timer.elapsed() < 100, "the GEMM throughput is measured once per thread count");
}

void TestResourceEstimate::checkpointingTradesMemoryForOneMoreForward()
{
    // The model of fullFineTuningFlopsByHand: checkpointing runs each block's forward once more in
    // backward, 2 · 49 152 · 128 + 1 048 576 = 13 631 488 FLOPs per layer and micro-batch; two
    // layers and two micro-batches add 54 525 952 to the 189 038 592 computed there.
    ModelConfig model = tinyGpt2();
    ExperimentConfig experiment;
    experiment.dataset.maxLength = 33;
    RunSpec run;
    run.train.batchSize = 4;
    run.train.gradAccumulation = 2;
    run.train.gradientCheckpointing = true;
    QCOMPARE(estimateRun(model, experiment, run, {}).flopsPerStep, 189038592.0 + 54525952.0);

    // Activations only: weights, gradients and optimizer state are what they were. Measured
    // against real runs in breakdownMatchesATrainingRun.
    ModelConfig deep;  // the built-in model's shape
    deep.contextLength = 320;
    for (const MethodSettings &method : {fullMethod(), loraMethod(8, {"q", "v"}), promptMethod(20)}) {
        const ResourceEstimate plain = estimate(deep, method, 16, 256);
        const ResourceEstimate checkpointed = estimate(deep, method, 16, 256, {}, true);
        QCOMPARE(checkpointed.weightBytes, plain.weightBytes);
        QCOMPARE(checkpointed.gradientBytes, plain.gradientBytes);
        QCOMPARE(checkpointed.optimizerBytes, plain.optimizerBytes);
        QVERIFY2(checkpointed.activationBytes < plain.activationBytes / 2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(checkpointed.activationBytes).arg(plain.activationBytes)));
        QVERIFY(checkpointed.flopsPerStep > plain.flopsPerStep);
    }
}

void TestResourceEstimate::allocatorReserveIsOneBlocksActivations()
{
    // The model of checkpointingTradesMemoryForOneMoreForward, fully fine-tuned: N = 4 · 32 = 128
    // positions, d 64, 4 heads of 16, ffn 256. One GPT-2 block saves for backward: each LayerNorm
    // its input, mean and rstd (2 · (N·d + 2N)); q, k, v their shared normed input (N·d); the
    // scores q and k (2 · N·64); softmax its output (4·4·32·32 = 16 384); the weighted sum v
    // (N·64); o its input (N·64); up its normed input (N·d); GELU its
    // input and down the hidden (2 · N·256). That is 147 968 floats, 591 872 bytes, whatever the
    // depth. Where causalAttention() runs (CPU fp32), the allocator reuses the probabilities'
    // blocks: 16 384 floats fewer. Checkpointed, a recomputed block saves the same but its input,
    // which the checkpoint holds throughout: N·d = 8 192 floats fewer.
    ModelConfig model = tinyGpt2();
    const int64_t reserve = 4 * (147968 - (fusedCausalAttentionAvailable() ? 16384 : 0));
    const ResourceEstimate two = estimate(model, fullMethod(), 4, 33);
    QCOMPARE(two.allocatorReserveBytes, reserve);
    QCOMPARE(two.peakBytes() - two.restBytes(), two.weightBytes + two.gradientBytes + two.optimizerBytes);
    QCOMPARE(two.restBytes(), two.activationBytes + two.allocatorReserveBytes);
    model.nLayers = 6;
    QCOMPARE(estimate(model, fullMethod(), 4, 33).allocatorReserveBytes, reserve);
    QCOMPARE(estimate(model, fullMethod(), 4, 33, {}, true).allocatorReserveBytes, reserve - 4 * 8192);
    // LoRA's frozen linears save less: a smaller reserve, never none.
    const int64_t lora = estimate(model, loraMethod(8, {"q", "v"}), 4, 33).allocatorReserveBytes;
    QVERIFY2(lora > 0 && lora < reserve, qPrintable(QString::number(lora)));
    // On CUDA the caching allocator's blocks are not counted: the probe reads what is allocated.
    EstimateEnvironment cuda;
    cuda.cuda = true;
    QCOMPARE(estimate(model, fullMethod(), 4, 33, cuda).allocatorReserveBytes, int64_t(0));
}

QTEST_GUILESS_MAIN(TestResourceEstimate)
#include "test_resource_estimate.moc"
