#include "methods/DoraMethod.h"

#include <torch/torch.h>

namespace peftbench {

DoraAdapterImpl::DoraAdapterImpl(torch::Tensor weight, torch::Tensor bias, int64_t rank, double scale,
                                 const LoraSettings &settings, uint64_t seed)
    : LoraAdapterImpl(weight, rank, scale, settings, seed), m_weight(std::move(weight)), m_bias(std::move(bias))
{
    magnitude = register_parameter("magnitude", weightNorm().clone());
}

torch::Tensor DoraAdapterImpl::weightNorm() const
{
    torch::NoGradGuard noGrad;
    return (m_weight + weightDelta().to(m_weight.dtype())).norm(2, {1});
}

torch::Tensor DoraAdapterImpl::adapt(const torch::Tensor &input, const torch::Tensor &baseOutput)
{
    // PEFT's DoraLinearLayer.forward: base + (m/‖·‖ − 1)·W x + m/‖·‖ · s·B A x, bias untouched;
    // with dropout active, x is the dropped-out input in both terms (PEFT recomputes W x then).
    const torch::Tensor factor = magnitude / weightNorm();
    const torch::Tensor x = dropped(input);
    const torch::Tensor weighted = x.is_same(input) ? (m_bias.defined() ? baseOutput - m_bias : baseOutput)
                                                    : torch::nn::functional::linear(x, m_weight);
    return baseOutput + (factor - 1) * weighted + factor * lowRank(x) * m_scale;
}

void DoraAdapterImpl::mergeInto(torch::Tensor &weight, torch::Tensor &)
{
    m_mergedFactor = (magnitude / weightNorm()).detach().clone();
    weight.add_(weightDelta().to(weight.dtype())).mul_(m_mergedFactor.unsqueeze(1).to(weight.dtype()));
}

void DoraAdapterImpl::unmergeFrom(torch::Tensor &weight, torch::Tensor &)
{
    weight.div_(m_mergedFactor.unsqueeze(1).to(weight.dtype())).sub_(weightDelta().to(weight.dtype()));
}

std::shared_ptr<LoraAdapterImpl> DoraMethod::createAdapter(const AdaptableLinear &layer, const std::string &module,
                                                           uint64_t seed) const
{
    return std::make_shared<DoraAdapterImpl>(layer->weight, layer->bias, m_settings.rankFor(module),
                                             m_settings.scaleFor(module), m_settings, seed);
}

}  // namespace peftbench
