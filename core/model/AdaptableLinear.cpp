#include "model/AdaptableLinear.h"

#include <torch/torch.h>

namespace peftbench {

AdaptableLinearImpl::AdaptableLinearImpl(int64_t inFeatures, int64_t outFeatures, bool withBias)
{
    weight = register_parameter("weight", torch::empty({outFeatures, inFeatures}));
    if (withBias)
        bias = register_parameter("bias", torch::zeros({outFeatures}));
}

torch::Tensor AdaptableLinearImpl::forward(const torch::Tensor &x)
{
    if (!m_adapter || m_merged)
        return torch::nn::functional::linear(x, weight, bias);
    const torch::Tensor input = m_adapter->adaptInput(x);
    return m_adapter->adapt(input, torch::nn::functional::linear(input, weight, bias));
}

void AdaptableLinearImpl::attachAdapter(const std::string &name, std::shared_ptr<LinearAdapter> adapter)
{
    TORCH_CHECK(!m_adapter, "this linear layer already has an adapter");
    m_adapter = register_module(name, std::move(adapter));
    m_adapter->train(is_training());  // a new module starts in training mode; follow the layer's
    m_merged = false;
}

void AdaptableLinearImpl::merge()
{
    TORCH_CHECK(m_adapter, "merge(): no adapter attached");
    if (m_merged)
        return;
    torch::NoGradGuard noGrad;
    m_adapter->mergeInto(weight, bias);
    m_merged = true;
}

void AdaptableLinearImpl::unmerge()
{
    TORCH_CHECK(m_adapter, "unmerge(): no adapter attached");
    if (!m_merged)
        return;
    torch::NoGradGuard noGrad;
    m_adapter->unmergeFrom(weight, bias);
    m_merged = false;
}

}  // namespace peftbench
