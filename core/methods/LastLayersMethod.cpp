#include "methods/LastLayersMethod.h"

#include <torch/torch.h>

namespace peftbench {

std::vector<std::string> LastLayersMethod::trainedNames(const Transformer &model, const LastLayersSettings &settings)
{
    const int64_t blocks = model->config().nLayers;
    std::vector<std::string> prefixes;
    for (int64_t i = blocks - settings.layers; i < blocks; ++i)
        prefixes.push_back("blocks." + std::to_string(i) + ".");
    if (settings.head) {
        prefixes.emplace_back("final_norm.");
        prefixes.emplace_back(model->config().tiedHead ? "tok_emb." : "lm_head.");
    }
    std::vector<std::string> names;
    for (const auto &item : model->named_parameters())
        for (const std::string &prefix : prefixes)
            if (item.key().rfind(prefix, 0) == 0) {
                names.push_back(item.key());
                break;
            }
    return names;
}

std::vector<torch::Tensor> LastLayersMethod::apply(Transformer model, uint64_t)
{
    m_model = model;
    const int64_t blocks = model->config().nLayers;
    if (m_settings.layers < 1 || m_settings.layers > blocks)
        throw std::invalid_argument(QStringLiteral("last_layers.layers = %1 is outside 1..%2 (the number of blocks of this model)")
                                        .arg(m_settings.layers).arg(blocks).toStdString());
    freezeAll(*model);
    m_names = trainedNames(model, m_settings);
    return trainNamed(model, m_names);
}

TensorFile LastLayersMethod::adapterFile() const
{
    return namedTensorsFile(m_model, m_names, kind(),
                            {{QStringLiteral("layers"), QString::number(m_settings.layers)},
                             {QStringLiteral("head"), m_settings.head ? QStringLiteral("true") : QStringLiteral("false")}});
}

void LastLayersMethod::loadAdapter(const TensorFile &file)
{
    loadNamedTensors(m_model, m_names, kind(), file);
}

}  // namespace peftbench
