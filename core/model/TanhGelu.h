#pragma once

#include <torch/types.h>

namespace peftbench {

// GPT-2's activation, gelu(x, "tanh") = 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))), as one pass
// over the tensor each way. LibTorch 1.13's own kernel costs 4–5 ms per 2M floats each way on
// this CPU (an exp costs 1.6 ms), a tenth of a training step of the built-in model; this one
// computes the same function as x·σ(2u) with a vectorised exp. CPU float tensors take this path;
// anything else (CUDA, bf16, half) goes to torch::gelu.
torch::Tensor tanhGelu(const torch::Tensor &x);

}  // namespace peftbench
