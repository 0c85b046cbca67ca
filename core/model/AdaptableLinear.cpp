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
    torch::Tensor out = torch::nn::functional::linear(x, weight, bias);
    if (m_adapter && !m_merged)
        out = m_adapter->adapt(x, out);
    return out;
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
    weight.add_(m_adapter->weightDelta().to(weight.dtype()));
    m_merged = true;
}

void AdaptableLinearImpl::unmerge()
{
    TORCH_CHECK(m_adapter, "unmerge(): no adapter attached");
    if (!m_merged)
        return;
    torch::NoGradGuard noGrad;
    weight.sub_(m_adapter->weightDelta().to(weight.dtype()));
    m_merged = false;
}

}  // namespace peftbench
