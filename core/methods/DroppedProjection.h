#pragma once

#include <torch/types.h>

namespace peftbench {

// LoRA's first product with dropout, dropout(x, p) Aᵀ, for x [..., in] and A [r, in]. On the CPU in
// float it keeps x (which q and v share) and a one-byte mask for backward, where LibTorch's
// dropout keeps a float noise tensor and the dropped-out copy for each adapter: 1.5 instead of 4
// floats per input element for a q,v pair. The mask comes from a counter-based generator seeded
// from LibTorch's CPU generator, in parallel: LibTorch 1.13's bernoulli_ is serial here (34 ms per
// step on the built-in model). Elsewhere (CUDA, bf16, autocast) it is torch::dropout then linear.
torch::Tensor droppedProjection(const torch::Tensor &x, const torch::Tensor &a, double p);

}  // namespace peftbench
