#include "methods/FullFineTuning.h"

#include <torch/torch.h>

namespace peftbench {

std::vector<torch::Tensor> FullFineTuning::apply(Transformer model, uint64_t)
{
    m_model = model;
    std::vector<torch::Tensor> params = model->parameters();
    for (auto &p : params)
        p.set_requires_grad(true);
    return params;
}

TensorFile FullFineTuning::adapterFile() const
{
    return m_model->toTensorFile();
}

void FullFineTuning::loadAdapter(const TensorFile &file)
{
    m_model->loadWeights(file);
}

}  // namespace peftbench
