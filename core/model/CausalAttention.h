#pragma once
// Causal scaled dot-product attention as one autograd op on the CPU in fp32. LibTorch 1.13's bmm
// multiplies a batch of small matrices one after another, each split over every thread, and the
// unfused path also copies q, k and v into contiguous head-major operands and passes over the
// [B, H, T, keys] scores three more times (scale, mask, softmax) each way. Here each (batch, head)
// pair is one thread's task: scores, softmax and the weighted sum of values stay in its cache,
// q, k and v are read where they lie, and the output comes out with the heads already merged.
#include <torch/types.h>

#include <cstdint>

namespace peftbench {

// Whether this build has causalAttention() at all (it needs a BLAS to call).
bool fusedCausalAttentionAvailable();

// Whether causalAttention() runs for these operands (CPU, fp32, no autocast, a BLAS to call);
// otherwise AttentionImpl takes LibTorch's own ops.
bool causalAttentionApplies(const torch::Tensor &q);

// q [B, H, T, hd]; k and v [B, H, n + T, hd] with the n prefix entries first; any strides with
// the last one 1. Query position i attends to the prefix and to positions up to i, with scores
// scaled by 1/sqrt(hd). Returns [B, T, H·hd].
torch::Tensor causalAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v, int64_t prefix);

}  // namespace peftbench
