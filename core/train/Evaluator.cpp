#include "train/Evaluator.h"

#include "model/LinearCrossEntropy.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

namespace peftbench {

torch::Tensor summedTargetNll(const torch::Tensor &logits, const Batch &batch)
{
    const int64_t V = logits.size(-1);
    const torch::Tensor nll = torch::nn::functional::cross_entropy(
        logits.reshape({-1, V}).to(torch::kFloat32), batch.targets.reshape({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
    return (nll * batch.lossMask.reshape({-1})).sum();
}

torch::Tensor summedTargetNll(FineTuningMethod &method, const Batch &batch)
{
    const torch::Tensor weight = method.model()->plainHeadWeight();
    // Under autocast (bf16 on CUDA) the plain path keeps LibTorch's own casting rules; logits
    // that fit in one chunk have nothing to gain from chunking.
    if (!weight.defined() || at::autocast::is_enabled() || at::autocast::is_cpu_enabled()
        || batch.targets.numel() <= linearCrossEntropyChunkRows(weight.size(0)))
        return summedTargetNll(method.logits(batch.inputs), batch);
    const torch::Tensor hidden = method.hidden(batch.inputs);
    return summedLinearCrossEntropy(hidden.reshape({-1, hidden.size(-1)}), weight, batch.targets.reshape({-1}),
                                    batch.lossMask.reshape({-1}));
}

namespace {

Batch toDevice(Batch batch, const torch::Device &device)
{
    batch.inputs = batch.inputs.to(device);
    batch.targets = batch.targets.to(device);
    batch.lossMask = batch.lossMask.to(device);
    return batch;
}

// Puts the model in eval mode and restores the previous mode on leaving.
class EvalScope {
public:
    explicit EvalScope(Transformer model) : m_model(model), m_wasTraining(model->is_training()) { m_model->eval(); }
    ~EvalScope() { m_model->train(m_wasTraining); }

private:
    Transformer m_model;
    bool m_wasTraining;
    torch::NoGradGuard m_noGrad;
};

size_t limit(size_t n, int64_t maxExamples)
{
    return maxExamples > 0 ? std::min(n, size_t(maxExamples)) : n;
}

}  // namespace

LossResult evaluateLoss(FineTuningMethod &method, const std::vector<TokenizedExample> &examples, int64_t batchSize,
                        int64_t padId, const torch::Device &device, int64_t maxExamples)
{
    EvalScope scope(method.model());
    double total = 0;
    LossResult result;
    const size_t n = limit(examples.size(), maxExamples);
    for (size_t start = 0; start < n; start += size_t(batchSize)) {
        std::vector<const TokenizedExample *> chunk;
        for (size_t i = start; i < std::min(n, start + size_t(batchSize)); ++i)
            chunk.push_back(&examples[i]);
        const Batch batch = toDevice(collate(chunk, padId), device);
        total += summedTargetNll(method, batch).item<double>();
        result.targets += batch.targetCount;
    }
    result.meanNll = result.targets > 0 ? total / double(result.targets) : std::numeric_limits<double>::quiet_NaN();
    return result;
}

ClassificationScores evaluateClassification(FineTuningMethod &method, const std::vector<TokenizedExample> &examples,
                                            const ClassificationLayout &layout, int64_t batchSize, int64_t padId,
                                            const torch::Device &device, int64_t maxExamples)
{
    EvalScope scope(method.model());
    const size_t n = limit(examples.size(), maxExamples);
    const size_t classes = layout.labels.size();
    std::vector<int> truth, predicted;
    for (size_t start = 0; start < n; start += size_t(batchSize)) {
        const size_t end = std::min(n, start + size_t(batchSize));
        // One candidate sequence per (example, label): the example's prompt + that label's tokens.
        std::vector<TokenizedExample> candidates;
        for (size_t i = start; i < end; ++i) {
            const TokenizedExample &ex = examples[i];
            const auto firstTarget = std::find(ex.lossMask.begin(), ex.lossMask.end(), uint8_t(1)) - ex.lossMask.begin();
            for (size_t c = 0; c < classes; ++c) {
                TokenizedExample cand;
                cand.tokens.assign(ex.tokens.begin(), ex.tokens.begin() + firstTarget);
                cand.lossMask.assign(cand.tokens.size(), 0);
                cand.tokens.insert(cand.tokens.end(), layout.labelTokens[c].begin(), layout.labelTokens[c].end());
                cand.lossMask.resize(cand.tokens.size(), 1);
                candidates.push_back(std::move(cand));
            }
            truth.push_back(ex.label);
        }
        std::vector<const TokenizedExample *> ptrs;
        for (const auto &c : candidates)
            ptrs.push_back(&c);
        const Batch batch = toDevice(collate(ptrs, padId), device);
        const torch::Tensor logits = method.logits(batch.inputs).to(torch::kFloat32);
        const torch::Tensor logProbs = torch::log_softmax(logits, -1).gather(-1, batch.targets.unsqueeze(-1)).squeeze(-1);
        const torch::Tensor perCandidate = (logProbs * batch.lossMask).sum(-1).view({int64_t(end - start), int64_t(classes)});
        const torch::Tensor best = perCandidate.argmax(-1).cpu();
        for (int64_t i = 0; i < best.size(0); ++i)
            predicted.push_back(int(best[i].item<int64_t>()));
    }
    return scoreClassification(truth, predicted, int(classes));
}

}  // namespace peftbench
