#pragma once

#include "data/TaskData.h"

// The light LibTorch header (ATen + torch::Tensor), not <torch/torch.h>: this header is included
// by code that only moves batches around.
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace peftbench {

// One padded training step's worth of examples, shifted for next-token prediction.
struct Batch {
    torch::Tensor inputs;     // [B, T-1] int64: tokens[:, :-1]
    torch::Tensor targets;    // [B, T-1] int64: tokens[:, 1:]
    torch::Tensor lossMask;   // [B, T-1] float32: lossMask[:, 1:] (0 on padding)
    int64_t targetCount = 0;  // number of mask == 1 positions
    int64_t tokenCount = 0;   // number of real (non-pad) input tokens, for tokens/s
};

// Right-pads with padId to the longest example in the batch (T = max tokens.size()). The tensors
// are on the CPU; the trainer moves them. Throws std::invalid_argument for an empty batch, a null
// example, an example under 2 tokens, or a lossMask whose length differs from its tokens.
Batch collate(const std::vector<const TokenizedExample *> &examples, int64_t padId);

}  // namespace peftbench
