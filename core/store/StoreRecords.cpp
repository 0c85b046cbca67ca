#include "store/StoreRecords.h"

namespace peftbench {

StepMetrics StepSeries::at(qsizetype i) const
{
    StepMetrics m;
    m.step = step[i];
    m.trainLoss = trainLoss[i];
    m.learningRate = learningRate[i];
    m.gradNorm = gradNorm[i];
    m.stepSeconds = stepSeconds[i];
    m.tokensPerSecond = tokensPerSecond[i];
    m.tokensSeen = tokensSeen[i];
    m.epoch = epoch[i];
    m.wallSeconds = wallSeconds[i];
    m.memoryBytes = memoryBytes[i];
    m.memoryPeakBytes = memoryPeakBytes[i];
    return m;
}

}  // namespace peftbench
