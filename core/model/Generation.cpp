#include "model/Generation.h"

#include <torch/torch.h>

#include <stdexcept>

namespace peftbench {

std::vector<int64_t> generateTokens(const LogitsFunction &logits, const std::vector<int64_t> &prompt,
                                    int64_t maxContext, const GenerationParams &params)
{
    if (prompt.empty())
        throw std::invalid_argument("generation needs a prompt of at least one token");
    if (params.temperature < 0)
        throw std::invalid_argument("temperature must be >= 0");
    if (maxContext < 1)
        throw std::invalid_argument("the model leaves no context for generation");
    torch::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(params.seed);
    std::vector<int64_t> sequence = prompt;
    std::vector<int64_t> generated;
    for (int64_t i = 0; i < params.maxNewTokens; ++i) {
        const bool anchored = params.keepFirstToken && maxContext > 1 && int64_t(sequence.size()) > maxContext;
        const int64_t start = std::max<int64_t>(0, int64_t(sequence.size()) - (anchored ? maxContext - 1 : maxContext));
        std::vector<int64_t> window;
        if (anchored)
            window.push_back(sequence.front());
        window.insert(window.end(), sequence.begin() + start, sequence.end());
        const torch::Tensor ids = torch::tensor(window, torch::kLong).unsqueeze(0);
        torch::Tensor next = logits(ids)[0][-1].to(torch::kCPU, torch::kFloat32);
        int64_t token;
        if (params.temperature == 0.0) {
            token = next.argmax().item<int64_t>();
        } else {
            next = next / params.temperature;
            if (params.topK > 0 && params.topK < next.size(0)) {
                const torch::Tensor kth = std::get<0>(next.topk(params.topK)).min();
                next = next.masked_fill(next < kth, -std::numeric_limits<float>::infinity());
            }
            token = torch::multinomial(torch::softmax(next, -1), 1, false, gen).item<int64_t>();
        }
        generated.push_back(token);
        sequence.push_back(token);
        if (token == params.stopToken)
            break;
    }
    return generated;
}

}  // namespace peftbench
