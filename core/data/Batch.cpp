#include "data/Batch.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace peftbench {

namespace {

void requireExample(const TokenizedExample *example, size_t i)
{
    if (example == nullptr)
        throw std::invalid_argument("collate: example " + std::to_string(i) + " is null");
    if (example->tokens.size() < 2)
        throw std::invalid_argument("collate: example " + std::to_string(i) + " has "
                                    + std::to_string(example->tokens.size())
                                    + " tokens; at least 2 are needed for one target");
    if (example->lossMask.size() != example->tokens.size())
        throw std::invalid_argument("collate: example " + std::to_string(i) + " has "
                                    + std::to_string(example->tokens.size()) + " tokens but "
                                    + std::to_string(example->lossMask.size())
                                    + " loss mask entries");
}

}  // namespace

Batch collate(const std::vector<const TokenizedExample *> &examples, int64_t padId)
{
    if (examples.empty())
        throw std::invalid_argument("collate: the batch is empty");
    size_t longest = 0;
    for (size_t i = 0; i < examples.size(); ++i) {
        requireExample(examples[i], i);
        longest = std::max(longest, examples[i]->tokens.size());
    }

    const int64_t rows = static_cast<int64_t>(examples.size());
    const int64_t columns = static_cast<int64_t>(longest) - 1;
    Batch batch;
    batch.inputs = torch::full({rows, columns}, padId, torch::kInt64);
    batch.targets = torch::full({rows, columns}, padId, torch::kInt64);
    batch.lossMask = torch::zeros({rows, columns}, torch::kFloat32);
    int64_t *inputs = batch.inputs.data_ptr<int64_t>();
    int64_t *targets = batch.targets.data_ptr<int64_t>();
    float *mask = batch.lossMask.data_ptr<float>();

    for (size_t row = 0; row < examples.size(); ++row) {
        const TokenizedExample &example = *examples[row];
        const size_t offset = row * static_cast<size_t>(columns);
        const size_t length = example.tokens.size() - 1;
        for (size_t t = 0; t < length; ++t) {
            inputs[offset + t] = example.tokens[t];
            targets[offset + t] = example.tokens[t + 1];
            // Any non-zero mask byte counts as a target, so the float mask is exactly 0 or 1.
            if (example.lossMask[t + 1] != 0) {
                mask[offset + t] = 1.0F;
                ++batch.targetCount;
            }
        }
        batch.tokenCount += static_cast<int64_t>(length);
    }
    return batch;
}

}  // namespace peftbench
