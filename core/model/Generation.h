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
    // When the sequence outgrows the context, keep the prompt's first token (bos) at the start of
    // the window: a model trained on windows that begin with bos loses its footing without it.
    bool keepFirstToken = false;
};

// Next-token logits for a [1, T] batch of ids: [1, T, V]. A method's logits() fits here, so
// tuned models sample with their adapter or virtual tokens in effect.
using LogitsFunction = std::function<torch::Tensor(const torch::Tensor &ids)>;

// Samples a continuation of `prompt` (the returned ids exclude the prompt). Only the last
// `maxContext` tokens are fed back each step (the first of them the prompt's first token with
// keepFirstToken).
std::vector<int64_t> generateTokens(const LogitsFunction &logits, const std::vector<int64_t> &prompt,
                                    int64_t maxContext, const GenerationParams &params);

}  // namespace peftbench
