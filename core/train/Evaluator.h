#pragma once

#include "data/Batch.h"
#include "data/ClassificationMetrics.h"
#include "data/TaskData.h"
#include "methods/FineTuningMethod.h"

namespace peftbench {

// Summed next-token NLL over the batch's target positions (for a mean, divide by targetCount).
torch::Tensor summedTargetNll(const torch::Tensor &logits, const Batch &batch);
// The same for the method's model on batch.inputs. Where the head is a plain linear map, no
// autocast is on and the logits would be larger than one chunk, it never forms the [B, T, V]
// logits (summedLinearCrossEntropy); training and the validation loss go through here.
torch::Tensor summedTargetNll(FineTuningMethod &method, const Batch &batch);

struct LossResult {
    double meanNll = 0;
    int64_t targets = 0;
};

// Mean NLL over up to maxExamples examples (0 = all), in eval mode without gradients.
LossResult evaluateLoss(FineTuningMethod &method, const std::vector<TokenizedExample> &examples,
                        int64_t batchSize, int64_t padId, const torch::Device &device, int64_t maxExamples = 0);

// Rank classification: every label's log-likelihood after the example's prompt; the best wins.
ClassificationScores evaluateClassification(FineTuningMethod &method, const std::vector<TokenizedExample> &examples,
                                            const ClassificationLayout &layout, int64_t batchSize, int64_t padId,
                                            const torch::Device &device, int64_t maxExamples = 0);

}  // namespace peftbench
