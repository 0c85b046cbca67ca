#include "experiment/ModelScoring.h"

#include "methods/FineTuningMethod.h"
#include "tokenizer/Tokenizer.h"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace peftbench {

TextScore scoreText(FineTuningMethod &method, const Tokenizer &tok, const std::string &text)
{
    if (text.empty())
        throw std::invalid_argument("the text is empty: nothing to score");
    TextScore score;
    score.tokenIds = tok.encode(text);
    score.bytes = int64_t(text.size());
    std::vector<int64_t> ids{tok.bosId()};
    ids.insert(ids.end(), score.tokenIds.begin(), score.tokenIds.end());

    Transformer model = method.model();
    const int64_t window = model->config().contextLength - method.contextReduction();
    if (window < 2)
        throw std::invalid_argument("the model's context leaves no room for text");
    const int64_t n = int64_t(ids.size());
    const int64_t stride = std::max<int64_t>(1, window / 2);
    const bool wasTraining = model->is_training();
    model->eval();
    torch::NoGradGuard noGrad;
    double total = 0;
    int64_t scoredUpTo = 0;   // positions 1..scoredUpTo are scored
    for (int64_t start = 0; scoredUpTo < n - 1; start += stride) {
        const int64_t end = std::min(n, start + window);
        const torch::Tensor input = torch::tensor(std::vector<int64_t>(ids.begin() + start, ids.begin() + end)).unsqueeze(0);
        const torch::Tensor logProbs = torch::log_softmax(method.logits(input).squeeze(0).to(torch::kDouble), -1);
        // Position p (absolute) is predicted by row p-1-start.
        const int64_t first = std::max(scoredUpTo + 1, start + 1);
        const torch::Tensor rows = torch::arange(first - 1 - start, end - 1 - start);
        const torch::Tensor targets = torch::tensor(std::vector<int64_t>(ids.begin() + first, ids.begin() + end));
        total -= logProbs.index({rows, targets}).sum().item<double>();
        scoredUpTo = end - 1;
        ++score.windows;
    }
    model->train(wasTraining);
    score.tokens = n - 1;
    score.meanNll = total / double(score.tokens);
    score.perplexity = std::exp(score.meanNll);
    score.bitsPerByte = total / std::log(2.0) / double(score.bytes);
    return score;
}

}  // namespace peftbench
