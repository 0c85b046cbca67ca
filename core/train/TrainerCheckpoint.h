#pragma once

#include "data/BatchSampler.h"
#include "methods/MethodSettings.h"

#include <torch/optim/adamw.h>

#include <QString>

namespace peftbench {

// Where a run stands between two optimizer steps: everything besides the weights and the
// optimizer moments that a resumed run needs to continue exactly as if it never stopped.
struct TrainerProgress {
    int64_t step = 0;                    // optimizer steps completed
    BatchSampler::State sampler;
    int64_t tokensSeen = 0;
    int64_t examplesSeen = 0;
    double stepSecondsTotal = 0;
    double wallSeconds = 0;
    int64_t evalsWithoutImprovement = 0;
    double bestValLoss = std::numeric_limits<double>::quiet_NaN();
    int64_t bestStep = 0;
    double bestMetric = std::numeric_limits<double>::quiet_NaN();
    double finalValLoss = std::numeric_limits<double>::quiet_NaN();
    double finalMetric = std::numeric_limits<double>::quiet_NaN();
};

// Writes trainable tensors, AdamW moments and step counts, the CPU random generator and the
// progress atomically (the previous checkpoint stays valid until the new one is complete).
void saveTrainerCheckpoint(const QString &path, MethodKind method, const std::vector<torch::Tensor> &trainable,
                           torch::optim::AdamW &optimizer, const TrainerProgress &progress);

// Restores into already-built trainable tensors and optimizer. Throws FileFormatError naming the
// file when it is not a checkpoint of this method with these shapes.
TrainerProgress loadTrainerCheckpoint(const QString &path, MethodKind method, const std::vector<torch::Tensor> &trainable,
                                      torch::optim::AdamW &optimizer);

// The optimizer steps a checkpoint file holds, without restoring it. Throws FileFormatError.
int64_t checkpointStep(const QString &path);

}  // namespace peftbench
