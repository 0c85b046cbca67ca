#include "experiment/ExperimentConfig.h"

#include <limits>

namespace peftbench {

namespace {

// TrainingParams has no operator== of its own; lr is compared by the caller, which knows whether
// it counts.
bool sameExceptLr(const TrainingParams &a, const TrainingParams &b)
{
    return a.steps == b.steps && a.batchSize == b.batchSize && a.gradAccumulation == b.gradAccumulation
        && a.weightDecay == b.weightDecay && a.beta1 == b.beta1 && a.beta2 == b.beta2
        && a.adamEps == b.adamEps && a.schedule == b.schedule && a.warmupSteps == b.warmupSteps
        && a.gradClip == b.gradClip && a.evalEvery == b.evalEvery && a.evalMaxExamples == b.evalMaxExamples
        && a.earlyStoppingPatience == b.earlyStoppingPatience && a.seed == b.seed && a.device == b.device
        && a.dtype == b.dtype && a.threads == b.threads && a.gradientCheckpointing == b.gradientCheckpointing;
}

// A list of length 0 contributes a factor 1 (the default); saturates instead of overflowing.
int64_t times(int64_t product, size_t length)
{
    const int64_t factor = length == 0 ? 1 : int64_t(length);
    if (product > std::numeric_limits<int64_t>::max() / factor)
        return std::numeric_limits<int64_t>::max();
    return product * factor;
}

}  // namespace

bool DatasetSpec::operator==(const DatasetSpec &o) const
{
    return source == o.source && task == o.task && maxLength == o.maxLength && textColumn == o.textColumn
        && labelColumn == o.labelColumn && labels == o.labels && split.validation == o.split.validation
        && split.test == o.split.test;
}

bool RunTemplate::LoraSweep::isEmpty() const
{
    return r.empty() && alpha.empty() && dropout.empty() && targetModules.empty() && rslora.empty() && init.empty()
        && rankPattern.empty();
}

bool RunTemplate::LoraSweep::operator==(const LoraSweep &o) const
{
    return r == o.r && alpha == o.alpha && dropout == o.dropout && targetModules == o.targetModules
        && rslora == o.rslora && init == o.init && rankPattern == o.rankPattern;
}

bool RunTemplate::PromptTuningSweep::isEmpty() const
{
    return numVirtualTokens.empty() && init.empty() && initText.empty();
}

bool RunTemplate::PromptTuningSweep::operator==(const PromptTuningSweep &o) const
{
    return numVirtualTokens == o.numVirtualTokens && init == o.init && initText == o.initText;
}

bool RunTemplate::PrefixTuningSweep::isEmpty() const
{
    return numVirtualTokens.empty() && projection.empty() && projectionHidden.empty();
}

bool RunTemplate::PrefixTuningSweep::operator==(const PrefixTuningSweep &o) const
{
    return numVirtualTokens == o.numVirtualTokens && projection == o.projection && projectionHidden == o.projectionHidden;
}

bool RunTemplate::Ia3Sweep::isEmpty() const
{
    return targetModules.empty();
}

bool RunTemplate::Ia3Sweep::operator==(const Ia3Sweep &o) const
{
    return targetModules == o.targetModules;
}

bool RunTemplate::BitFitSweep::isEmpty() const
{
    return normWeights.empty();
}

bool RunTemplate::BitFitSweep::operator==(const BitFitSweep &o) const
{
    return normWeights == o.normWeights;
}

bool RunTemplate::LastLayersSweep::isEmpty() const
{
    return layers.empty() && head.empty();
}

bool RunTemplate::LastLayersSweep::operator==(const LastLayersSweep &o) const
{
    return layers == o.layers && head == o.head;
}

int64_t RunTemplate::combinations() const
{
    int64_t n = times(1, lr.size());
    for (size_t length : {lora.r.size(), lora.alpha.size(), lora.dropout.size(), lora.targetModules.size(),
                          lora.rslora.size(), lora.init.size(), lora.rankPattern.size(),
                          promptTuning.numVirtualTokens.size(), promptTuning.init.size(), promptTuning.initText.size(),
                          prefixTuning.numVirtualTokens.size(), prefixTuning.projection.size(),
                          prefixTuning.projectionHidden.size(), ia3.targetModules.size(), bitFit.normWeights.size(),
                          lastLayers.layers.size(), lastLayers.head.size()})
        n = times(n, length);
    return n;
}

bool RunTemplate::operator==(const RunTemplate &o) const
{
    return name == o.name && method == o.method && lr == o.lr && lora == o.lora && promptTuning == o.promptTuning
        && prefixTuning == o.prefixTuning && ia3 == o.ia3 && bitFit == o.bitFit && lastLayers == o.lastLayers;
}

bool ExperimentConfig::operator==(const ExperimentConfig &o) const
{
    return name == o.name && baseModel == o.baseModel && dataset == o.dataset && sameExceptLr(train, o.train)
        && hasSharedLr == o.hasSharedLr && (!hasSharedLr || train.lr == o.train.lr) && repeats == o.repeats
        && runs == o.runs;
}

}  // namespace peftbench
