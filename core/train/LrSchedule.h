#pragma once

#include "train/TrainingParams.h"

namespace peftbench {

// Learning rate for optimizer step `step` (0-based): linear warmup from lr/warmup to lr over
// warmupSteps, then constant, linear decay to 0, or cosine decay to 0 at `steps`.
double learningRateAt(const TrainingParams &params, int64_t step);

}  // namespace peftbench
