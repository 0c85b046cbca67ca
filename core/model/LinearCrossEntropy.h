#pragma once

#include <torch/types.h>

namespace peftbench {

// Σᵢ maskᵢ · −log softmax(hᵢ Wᵀ)[targetᵢ], the training loss through the output head, without
// ever holding the [N, V] logits: the rows with a non-zero mask go through the head in chunks of
// about 24 MiB of logits, and each chunk's gradients with respect to h and W are formed there,
// while its softmax is at hand, so backward only scales them. On GPT-2's vocabulary at batch
// 4 × 256 the plain path holds four 206 MB [N, V] tensors at the peak (logits, log-softmax and
// their gradients); here it is one 24 MiB chunk, and rows outside the loss (a classification
// prompt, padding) cost nothing.
//
// hidden [N, D], weight [V, D], targets [N] (int64), mask [N] (float; 0 = not in the loss).
// Gradients flow to hidden and weight as they require; the result is a 0-dim float tensor.
torch::Tensor summedLinearCrossEntropy(const torch::Tensor &hidden, const torch::Tensor &weight,
                                       const torch::Tensor &targets, const torch::Tensor &mask);

// Rows per chunk for a vocabulary of `vocab` (the memory estimate counts one chunk of logits).
int64_t linearCrossEntropyChunkRows(int64_t vocab);

}  // namespace peftbench
