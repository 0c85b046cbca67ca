#include "methods/BitFitMethod.h"

#include <torch/torch.h>

namespace peftbench {

namespace {

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<std::string> BitFitMethod::trainedNames(const Transformer &model, const BitFitSettings &settings)
{
    std::vector<std::string> names;
    for (const auto &item : model->named_parameters()) {
        const std::string &name = item.key();
        const bool norm = name.find("norm") != std::string::npos;   // norm1, norm2, final_norm
        if (endsWith(name, ".bias") || (settings.normWeights && norm && endsWith(name, ".weight")))
            names.push_back(name);
    }
    return names;
}

std::vector<torch::Tensor> BitFitMethod::apply(Transformer model, uint64_t)
{
    m_model = model;
    freezeAll(*model);
    m_names = trainedNames(model, m_settings);
    if (m_names.empty())
        throw std::invalid_argument(
            "bitfit: this model has no bias terms (a Llama-family model without q/k/v biases), so with "
            "bitfit.norm_weights: false nothing would train; set bitfit.norm_weights: true or choose another method");
    return trainNamed(model, m_names);
}

TensorFile BitFitMethod::adapterFile() const
{
    return namedTensorsFile(m_model, m_names, kind(),
                            {{QStringLiteral("norm_weights"), m_settings.normWeights ? QStringLiteral("true") : QStringLiteral("false")}});
}

void BitFitMethod::loadAdapter(const TensorFile &file)
{
    loadNamedTensors(m_model, m_names, kind(), file);
}

}  // namespace peftbench
