#include "BenchCase.h"

#include "ScalingCases.h"

#include <QJsonArray>

#include <algorithm>

namespace peftbench::bench {

namespace {

// (a) the built-in byte-level GPT: per-op overhead dominates at this size.
ModelConfig byteGpt()
{
    ModelConfig c;
    c.family = ModelFamily::Gpt2;
    c.vocabSize = 259;
    c.contextLength = 256;  // >= 128 inputs + 20 virtual tokens
    c.dModel = 256;
    c.nLayers = 4;
    c.nHeads = 4;
    c.nKvHeads = 4;
    c.headDim = 64;
    c.ffnDim = 1024;
    c.qkvBias = true;
    c.tiedHead = true;
    return c;
}

// (b) GPT-2 small's shape: GEMMs dominate.
ModelConfig gpt2Small()
{
    ModelConfig c = byteGpt();
    c.vocabSize = 50257;
    c.contextLength = 1024;
    c.dModel = 768;
    c.nLayers = 12;
    c.nHeads = 12;
    c.nKvHeads = 12;
    c.headDim = 64;
    c.ffnDim = 3072;
    return c;
}

}  // namespace

MethodSettings benchMethod(MethodKind kind)
{
    MethodSettings m;
    m.kind = kind;
    m.lora.rank = 8;
    m.lora.alpha = 16.0;
    m.lora.dropout = 0.05;
    m.lora.targets = {"q", "v"};
    m.promptTuning.numVirtualTokens = 20;
    m.promptTuning.init = PromptInit::SampleVocab;
    return m;
}

TrainingParams BenchCase::trainingParams() const
{
    TrainingParams p;
    p.steps = warmupSteps + timedSteps;
    p.batchSize = batchSize;
    p.lr = lr;
    p.weightDecay = weightDecay;
    p.gradClip = gradClip;
    p.schedule = LrScheduleKind::Constant;
    p.warmupSteps = 0;
    p.evalEvery = p.steps + 1;  // only the evaluation at the last step, on an empty split
    p.evalMaxExamples = 1;      // finish() still evaluates the training split: keep it to one sequence
    p.seed = seed;
    p.device = QStringLiteral("cpu");  // the reference runs on the CPU; compare like with like
    p.threads = threads;
    p.gradientCheckpointing = gradientCheckpointing;
    return p;
}

QJsonObject BenchCase::toReferenceSpec() const
{
    QJsonArray targets;
    for (const auto &t : method.lora.targets)
        targets.append(QString::fromStdString(t));
    const QJsonObject methodJson{
        {QStringLiteral("kind"), methodKindName(method.kind)},
        {QStringLiteral("lora"), QJsonObject{{QStringLiteral("r"), qint64(method.lora.rank)},
                                             {QStringLiteral("alpha"), method.lora.alpha},
                                             {QStringLiteral("dropout"), method.lora.dropout},
                                             {QStringLiteral("targets"), targets}}},
        {QStringLiteral("prompt_tuning"),
         QJsonObject{{QStringLiteral("num_virtual_tokens"), qint64(method.promptTuning.numVirtualTokens)}}},
    };
    const TrainingParams p = trainingParams();
    const QJsonObject optimizer{
        {QStringLiteral("lr"), p.lr},
        {QStringLiteral("beta1"), p.beta1},
        {QStringLiteral("beta2"), p.beta2},
        {QStringLiteral("eps"), p.adamEps},
        {QStringLiteral("weight_decay"), p.weightDecay},
        {QStringLiteral("grad_clip"), p.gradClip},
    };
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("model"), config.toJson()},
        {QStringLiteral("method"), methodJson},
        {QStringLiteral("batch_size"), qint64(batchSize)},
        {QStringLiteral("seq_len"), qint64(seqLen)},
        {QStringLiteral("examples"), qint64(examples)},
        {QStringLiteral("bos_id"), qint64(bosId)},
        {QStringLiteral("token_range"), qint64(tokenRange)},
        {QStringLiteral("warmup_steps"), qint64(warmupSteps)},
        {QStringLiteral("timed_steps"), qint64(timedSteps)},
        {QStringLiteral("threads"), threads},
        {QStringLiteral("seed"), qint64(seed)},
        {QStringLiteral("optimizer"), optimizer},
        {QStringLiteral("gradient_checkpointing"), gradientCheckpointing},  // recorded; the reference does not checkpoint
    };
}

std::vector<BenchCase> benchCases(const StepCounts &steps, int threads, const QStringList &models)
{
    struct ModelSetup {
        QString id;
        ModelConfig config;
        int64_t batch, seqLen, bos, tokenRange, warmup, timed;
    };
    // Step counts keep the whole run near 5 minutes on 2 cores: (b) costs seconds per step.
    const ModelSetup setups[] = {
        {QStringLiteral("a"), byteGpt(), 16, 128, 256, 256, 3, 20},
        {QStringLiteral("b"), gpt2Small(), 4, 256, 50256, 50257, 2, 5},
    };
    std::vector<BenchCase> cases;
    for (const ModelSetup &s : setups) {
        for (MethodKind kind : {MethodKind::Full, MethodKind::Lora, MethodKind::PromptTuning}) {
            BenchCase c;
            c.name = s.id + QLatin1Char('/') + methodKindName(kind);
            c.model = s.id;
            c.config = s.config;
            c.method = benchMethod(kind);
            c.batchSize = s.batch;
            c.seqLen = s.seqLen;
            c.examples = s.batch * 4;
            c.bosId = s.bos;
            c.tokenRange = s.tokenRange;
            c.warmupSteps = steps.warmup >= 0 ? steps.warmup : s.warmup;
            c.timedSteps = steps.timed > 0 ? steps.timed : s.timed;
            c.threads = threads;
            c.lr = defaultLearningRate(kind);
            cases.push_back(c);
        }
    }
    // (c) what activation checkpointing saves where activations dominate (SPEC §9, issue 10:
    // ≥ 40% less peak memory). The second step is measured: its peak holds AdamW's moments too.
    // Engine only: the reference does not checkpoint. About 1.5 minutes per case on 2 cores.
    {
        for (bool checkpointing : {false, true}) {
            BenchCase c;
            c.name = checkpointing ? QStringLiteral("c/full_checkpointed") : QStringLiteral("c/full");
            c.model = QStringLiteral("c");
            c.config = gpt2Small();
            c.method = benchMethod(MethodKind::Full);
            c.batchSize = 8;
            c.seqLen = 512;
            c.examples = 16;
            c.bosId = 50256;
            c.tokenRange = 50257;
            c.warmupSteps = steps.warmup >= 0 ? steps.warmup : 1;
            c.timedSteps = steps.timed > 0 ? steps.timed : 1;
            c.threads = threads;
            c.lr = defaultLearningRate(MethodKind::Full);
            c.gradientCheckpointing = checkpointing;
            c.compareWithReference = false;
            cases.push_back(c);
        }
    }
    // "alloc": what making RSS follow the live tensors costs in step time (the estimator is
    // compared with RSS). Full fine-tuning of (a) and (b), the two settings one after the other
    // so the machine's load hits both alike; (b) with fewer steps than its own cases.
    const std::vector<BenchCase> measured = cases;
    for (const BenchCase &base : measured) {
        if (base.method.kind != MethodKind::Full || (base.model != QLatin1String("a") && base.model != QLatin1String("b")))
            continue;
        for (int64_t threshold : {int64_t(0), kSmallMmapThresholdBytes}) {
            BenchCase c = base;
            c.model = QStringLiteral("alloc");
            c.name = QStringLiteral("alloc/%1-full/%2").arg(base.model, threshold > 0 ? QStringLiteral("mmap128k") : QStringLiteral("default"));
            c.compareWithReference = false;
            c.mmapThresholdBytes = threshold;
            if (base.model == QLatin1String("b")) {
                c.warmupSteps = steps.warmup >= 0 ? steps.warmup : 1;
                c.timedSteps = steps.timed > 0 ? steps.timed : 3;
            }
            cases.push_back(c);
        }
    }
    for (const BenchCase &c : scalingCases(steps, threads))
        cases.push_back(c);
    if (!models.isEmpty())
        cases.erase(std::remove_if(cases.begin(), cases.end(), [&](const BenchCase &c) { return !models.contains(c.model) && !models.contains(c.name); }),
                    cases.end());
    return cases;
}

QStringList benchModels()
{
    return {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("alloc"), QStringLiteral("scale")};
}

QString modelDescription(const QString &model)
{
    const std::vector<BenchCase> cases = benchCases({}, 0, {model});
    if (cases.empty())
        return {};
    const BenchCase &c = cases.front();
    const ModelConfig &m = c.config;
    return QStringLiteral("(%1) %2: %3 layers, d=%4, %5 heads, ffn %6, vocab %7, context %8, tied head — %9 params; "
                          "batch %10 × %11 tokens")
        .arg(model,
             model == QLatin1String("a") ? QStringLiteral("byte-level GPT-2-family model") : QStringLiteral("GPT-2-small shape"))
        .arg(m.nLayers).arg(m.dModel).arg(m.nHeads).arg(m.ffnDim).arg(m.vocabSize).arg(m.contextLength)
        .arg(m.parameterCount())
        .arg(c.batchSize).arg(c.seqLen);
}

}  // namespace peftbench::bench
