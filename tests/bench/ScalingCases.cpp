#include "ScalingCases.h"

#include <algorithm>

namespace peftbench::bench {

namespace {

// GPT-2's proportions at any width: 64-wide heads, a 4·d MLP, learned positions, tied head.
ModelConfig scalingModel(const ScalingShape &shape)
{
    ModelConfig c;
    c.family = ModelFamily::Gpt2;
    c.vocabSize = kScalingVocab;
    c.contextLength = 1 + 1024 + 20;  // bos, the longest sequence and prompt tuning's virtual tokens, for every case
    c.dModel = shape.dModel;
    c.nLayers = shape.nLayers;
    c.headDim = 64;
    c.nHeads = shape.dModel / 64;
    c.nKvHeads = c.nHeads;
    c.ffnDim = 4 * shape.dModel;
    c.qkvBias = true;
    c.tiedHead = true;
    return c;
}

}  // namespace

std::vector<ScalingSweep> scalingSweeps()
{
    const ScalingShape b = kScalingBase;
    ScalingSweep width{QStringLiteral("width"), QStringLiteral("d"), {}, [](const ScalingShape &s) { return s.dModel; }};
    for (int64_t d : {128, 256, 512, 768})
        width.shapes.push_back({d, b.nLayers, b.seqLen});
    ScalingSweep depth{QStringLiteral("depth"), QStringLiteral("layers"), {}, [](const ScalingShape &s) { return s.nLayers; }};
    for (int64_t layers : {2, 4, 8, 12})
        depth.shapes.push_back({b.dModel, layers, b.seqLen});
    ScalingSweep length{QStringLiteral("sequence length"), QStringLiteral("tokens"), {}, [](const ScalingShape &s) { return s.seqLen; }};
    for (int64_t tokens : {128, 256, 512, 1024})
        length.shapes.push_back({b.dModel, b.nLayers, tokens});
    return {width, depth, length};
}

QString scalingCaseName(MethodKind method, const ScalingShape &shape)
{
    return QStringLiteral("scale/%1/d%2-L%3-T%4").arg(methodKindName(method)).arg(shape.dModel).arg(shape.nLayers).arg(shape.seqLen);
}

ScalingShape scalingShape(const BenchCase &c)
{
    return {c.config.dModel, c.config.nLayers, c.seqLen};
}

std::vector<BenchCase> scalingCases(const StepCounts &steps, int threads)
{
    std::vector<ScalingShape> shapes;
    for (const ScalingSweep &sweep : scalingSweeps())
        for (const ScalingShape &shape : sweep.shapes)
            if (std::find(shapes.begin(), shapes.end(), shape) == shapes.end())
                shapes.push_back(shape);
    std::vector<BenchCase> cases;
    for (MethodKind kind : {MethodKind::Full, MethodKind::Lora, MethodKind::PromptTuning}) {
        for (const ScalingShape &shape : shapes) {
            BenchCase c;
            c.name = scalingCaseName(kind, shape);
            c.model = QStringLiteral("scale");
            c.config = scalingModel(shape);
            c.method = benchMethod(kind);
            c.batchSize = kScalingBatch;
            c.seqLen = shape.seqLen;
            c.examples = 2 * kScalingBatch;
            c.bosId = kScalingVocab - 1;
            c.tokenRange = kScalingVocab;
            c.warmupSteps = steps.warmup >= 0 ? steps.warmup : 1;
            c.timedSteps = steps.timed > 0 ? steps.timed : 2;
            c.threads = threads;
            c.lr = defaultLearningRate(kind);
            c.compareWithReference = false;
            cases.push_back(c);
        }
    }
    return cases;
}

}  // namespace peftbench::bench
