#pragma once

#include <torch/types.h>

#include <functional>
#include <vector>

namespace peftbench {

struct GenerationParams {
    int64_t maxNewTokens = 64;
    double temperature = 1.0;  // 0 = greedy (argmax)
    int64_t topK = 0;          // 0 = the whole vocabulary
    uint64_t seed = 0;         // same seed, same continuation
    int64_t stopToken = -1;    // stop after emitting this id (e.g. eos); -1 = never
};

// Next-token logits for a [1, T] batch of ids: [1, T, V]. A method's logits() fits here, so
// tuned models sample with their adapter or virtual tokens in effect.
using LogitsFunction = std::function<torch::Tensor(const torch::Tensor &ids)>;

// Samples a continuation of `prompt` (the returned ids exclude the prompt). Only the last
// `maxContext` tokens are fed back each step.
std::vector<int64_t> generateTokens(const LogitsFunction &logits, const std::vector<int64_t> &prompt,
                                    int64_t maxContext, const GenerationParams &params);

}  // namespace peftbench
