#include "methods/LoraMethod.h"

#include <torch/torch.h>

#include <QStringList>

#include <cmath>

namespace peftbench {

LoraAdapterImpl::LoraAdapterImpl(int64_t inFeatures, int64_t outFeatures, const LoraSettings &s, uint64_t seed)
    : m_scale(s.scale()), m_dropout(s.dropout)
{
    // Kaiming-uniform with a = sqrt(5), as torch.nn.Linear and PEFT do: U(-1/sqrt(in), 1/sqrt(in)).
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const double bound = 1.0 / std::sqrt(double(inFeatures));
    A = register_parameter("A", at::empty({s.rank, inFeatures}).uniform_(-bound, bound, gen));
    B = register_parameter("B", torch::zeros({outFeatures, s.rank}));
}

torch::Tensor LoraAdapterImpl::adapt(const torch::Tensor &input, const torch::Tensor &baseOutput)
{
    const torch::Tensor x = m_dropout > 0.0 ? torch::dropout(input, m_dropout, is_training()) : input;
    const torch::Tensor delta = torch::nn::functional::linear(torch::nn::functional::linear(x, A), B);
    return baseOutput + delta * m_scale;
}

torch::Tensor LoraAdapterImpl::weightDelta() const
{
    return torch::matmul(B, A) * m_scale;
}

namespace {

std::string lastComponent(const std::string &name)
{
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

QString joined(const std::vector<std::string> &items)
{
    QStringList list;
    for (const auto &s : items)
        list << QString::fromStdString(s);
    return list.join(QLatin1Char(','));
}

}  // namespace

std::vector<torch::Tensor> LoraMethod::apply(Transformer model, uint64_t seed)
{
    m_model = model;
    freezeAll(*model);
    m_layers.clear();
    std::vector<torch::Tensor> trainable;
    uint64_t index = 0;
    for (auto &[name, layer] : model->linearLayers()) {
        const std::string kind = lastComponent(name);
        if (name == "lm_head" || std::find(m_settings.targets.begin(), m_settings.targets.end(), kind) == m_settings.targets.end())
            continue;
        const int64_t width = std::min(layer->inFeatures(), layer->outFeatures());
        if (m_settings.rank < 1 || m_settings.rank > width)
            throw std::invalid_argument(QStringLiteral("lora.r = %1 is outside 1..%2 (the width of layer %3)")
                                            .arg(m_settings.rank).arg(width).arg(QString::fromStdString(name)).toStdString());
        auto adapter = std::make_shared<LoraAdapterImpl>(layer->inFeatures(), layer->outFeatures(), m_settings,
                                                         seed * 1000003ULL + index++);
        layer->attachAdapter("lora", adapter);
        trainable.push_back(adapter->A);
        trainable.push_back(adapter->B);
        m_layers.emplace_back(name, layer);
    }
    if (m_layers.empty())
        throw std::invalid_argument(QStringLiteral("lora.target_modules [%1] match no layer of this model (layers: q, k, v, o, up, %2down)")
                                        .arg(joined(m_settings.targets),
                                             model->config().family == ModelFamily::Llama ? QStringLiteral("gate, ") : QString())
                                        .toStdString());
    return trainable;
}

TensorFile LoraMethod::adapterFile() const
{
    TensorFile file;
    file.kind = QStringLiteral("adapter");
    file.metadata = {{QStringLiteral("method"), QStringLiteral("lora")},
                     {QStringLiteral("r"), QString::number(m_settings.rank)},
                     {QStringLiteral("alpha"), QString::number(m_settings.alpha)},
                     {QStringLiteral("dropout"), QString::number(m_settings.dropout)},
                     {QStringLiteral("rslora"), m_settings.rslora ? QStringLiteral("true") : QStringLiteral("false")},
                     {QStringLiteral("target_modules"), joined(m_settings.targets)}};
    for (const auto &[name, layer] : m_layers) {
        const auto *lora = static_cast<const LoraAdapterImpl *>(layer->adapter());
        file.tensors.emplace_back(name + ".lora.A", lora->A.detach());
        file.tensors.emplace_back(name + ".lora.B", lora->B.detach());
    }
    return file;
}

void LoraMethod::loadAdapter(const TensorFile &file)
{
    if (file.metadata.value(QStringLiteral("method")) != QLatin1String("lora"))
        throw std::invalid_argument("not a LoRA adapter (method is '" + file.metadata.value(QStringLiteral("method")).toStdString() + "')");
    torch::NoGradGuard noGrad;
    for (auto &[name, layer] : m_layers) {
        auto *lora = static_cast<LoraAdapterImpl *>(layer->adapter());
        for (auto [suffix, target] : {std::pair{".lora.A", &lora->A}, std::pair{".lora.B", &lora->B}}) {
            const torch::Tensor *src = file.find(name + suffix);
            if (!src || src->sizes() != target->sizes())
                throw std::invalid_argument("LoRA adapter tensor '" + name + suffix + "' is missing or has the wrong shape");
            target->copy_(*src);
        }
    }
}

void LoraMethod::merge()
{
    for (auto &entry : m_layers)
        entry.second->merge();
}

void LoraMethod::unmerge()
{
    for (auto &entry : m_layers)
        entry.second->unmerge();
}

std::vector<std::string> LoraMethod::adaptedLayers() const
{
    std::vector<std::string> names;
    for (const auto &entry : m_layers)
        names.push_back(entry.first);
    return names;
}

}  // namespace peftbench
