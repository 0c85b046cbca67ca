#include "methods/LoraMethod.h"

#include "methods/DroppedProjection.h"
#include "model/PeftLoraLayout.h"

#include <torch/torch.h>

#include <QStringList>

#include <cmath>

namespace peftbench {

LoraAdapterImpl::LoraAdapterImpl(torch::Tensor weight, int64_t rank, double scale, const LoraSettings &s, uint64_t seed)
    : m_scale(scale), m_dropout(s.dropout)
{
    torch::NoGradGuard noGrad;
    const int64_t outFeatures = weight.size(0), inFeatures = weight.size(1);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    torch::Tensor a, b;
    switch (s.init) {
    case LoraInit::Kaiming: {
        // Kaiming-uniform with a = sqrt(5), as torch.nn.Linear and PEFT do: U(-1/sqrt(in), 1/sqrt(in)).
        const double bound = 1.0 / std::sqrt(double(inFeatures));
        a = at::empty({rank, inFeatures}).uniform_(-bound, bound, gen);
        b = torch::zeros({outFeatures, rank});
        break;
    }
    case LoraInit::Gaussian:   // PEFT's init_lora_weights="gaussian": A ~ N(0, 1/r)
        a = at::normal(0.0, 1.0 / double(rank), {rank, inFeatures}, gen);
        b = torch::zeros({outFeatures, rank});
        break;
    case LoraInit::Pissa: {
        // PEFT's pissa_init: W = U S Vh; A = sqrt(S_r / scale) Vh_r, B = U_r sqrt(S_r / scale), so
        // scale · B A is W's best rank-r part, and the weight keeps only the residual.
        const auto [u, sv, vh] = torch::linalg::svd(weight.to(torch::kFloat), /*full_matrices=*/false, c10::nullopt);
        const torch::Tensor root = (sv.narrow(0, 0, rank) / scale).sqrt();
        a = root.unsqueeze(1) * vh.narrow(0, 0, rank);
        b = u.narrow(1, 0, rank) * root.unsqueeze(0);
        weight.sub_((torch::matmul(b, a) * scale).to(weight.dtype()));
        break;
    }
    }
    A = register_parameter("A", a.to(weight.device(), weight.scalar_type()).contiguous());
    B = register_parameter("B", b.to(weight.device(), weight.scalar_type()).contiguous());
}

torch::Tensor LoraAdapterImpl::dropped(const torch::Tensor &input) const
{
    return m_dropout > 0.0 && is_training() ? torch::dropout(input, m_dropout, true) : input;
}

torch::Tensor LoraAdapterImpl::lowRank(const torch::Tensor &x) const
{
    return torch::nn::functional::linear(torch::nn::functional::linear(x, A), B);
}

torch::Tensor LoraAdapterImpl::adapt(const torch::Tensor &input, const torch::Tensor &baseOutput)
{
    if (m_dropout > 0.0 && is_training())
        return baseOutput + torch::nn::functional::linear(droppedProjection(input, A, m_dropout), B) * m_scale;
    return baseOutput + lowRank(input) * m_scale;
}

torch::Tensor LoraAdapterImpl::weightDelta() const
{
    return torch::matmul(B, A) * m_scale;
}

void LoraAdapterImpl::mergeInto(torch::Tensor &weight, torch::Tensor &)
{
    weight.add_(weightDelta().to(weight.dtype()));
}

void LoraAdapterImpl::unmergeFrom(torch::Tensor &weight, torch::Tensor &)
{
    weight.sub_(weightDelta().to(weight.dtype()));
}

std::shared_ptr<LoraAdapterImpl> LoraMethod::createAdapter(const AdaptableLinear &layer, const std::string &module,
                                                           uint64_t seed) const
{
    return std::make_shared<LoraAdapterImpl>(layer->weight, m_settings.rankFor(module), m_settings.scaleFor(module),
                                             m_settings, seed);
}

std::vector<torch::Tensor> LoraMethod::apply(Transformer model, uint64_t seed)
{
    m_model = model;
    freezeAll(*model);
    m_layers.clear();
    for (const auto &[module, rank] : m_settings.rankPattern)
        if (!containsModule(m_settings.targets, module))
            throw std::invalid_argument(QStringLiteral("lora.rank_pattern names %1, which is not in lora.target_modules [%2]")
                                            .arg(QString::fromStdString(module), joinedModules(m_settings.targets))
                                            .toStdString());
    std::vector<torch::Tensor> trainable;
    uint64_t index = 0;
    for (auto &[name, layer] : model->linearLayers()) {
        const std::string module = ourLayerKind(name);
        if (name == "lm_head" || !containsModule(m_settings.targets, module))
            continue;
        const int64_t width = std::min(layer->inFeatures(), layer->outFeatures());
        const int64_t rank = m_settings.rankFor(module);
        if (rank < 1 || rank > width)
            throw std::invalid_argument(QStringLiteral("%1 = %2 is outside 1..%3 (the width of layer %4)")
                                            .arg(m_settings.rankPattern.count(module) ? QStringLiteral("lora.rank_pattern.%1").arg(QString::fromStdString(module))
                                                                                      : QStringLiteral("lora.r"))
                                            .arg(rank).arg(width).arg(QString::fromStdString(name)).toStdString());
        auto adapter = createAdapter(layer, module, seed * 1000003ULL + index++);
        layer->attachAdapter("lora", adapter);
        for (const auto &p : adapter->parameters())
            trainable.push_back(p);
        m_layers.emplace_back(name, layer);
    }
    if (m_layers.empty())
        throw std::invalid_argument(QStringLiteral("lora.target_modules [%1] match no layer of this model (layers: q, k, v, o, up, %2down)")
                                        .arg(joinedModules(m_settings.targets),
                                             model->config().family == ModelFamily::Llama ? QStringLiteral("gate, ") : QString())
                                        .toStdString());
    return trainable;
}

TensorFile LoraMethod::adapterFile() const
{
    TensorFile file;
    file.kind = QStringLiteral("adapter");
    QStringList pattern;
    for (const auto &[module, rank] : m_settings.rankPattern)
        pattern << QStringLiteral("%1=%2").arg(QString::fromStdString(module)).arg(rank);
    file.metadata = {{QStringLiteral("method"), methodKindName(kind())},
                     {QStringLiteral("r"), QString::number(m_settings.rank)},
                     {QStringLiteral("alpha"), QString::number(m_settings.alpha)},
                     {QStringLiteral("dropout"), QString::number(m_settings.dropout)},
                     {QStringLiteral("rslora"), m_settings.rslora ? QStringLiteral("true") : QStringLiteral("false")},
                     {QStringLiteral("init"), loraInitName(m_settings.init)},
                     {QStringLiteral("rank_pattern"), pattern.join(QLatin1Char(','))},
                     {QStringLiteral("target_modules"), joinedModules(m_settings.targets)}};
    for (const auto &[name, layer] : m_layers)
        for (const auto &item : layer->adapter()->named_parameters())
            file.tensors.emplace_back(name + ".lora." + item.key(), item.value().detach());
    return file;
}

void LoraMethod::loadAdapter(const TensorFile &file)
{
    const QString method = file.metadata.value(QStringLiteral("method"));
    if (method != methodKindName(kind()))
        throw std::invalid_argument(QStringLiteral("not a %1 adapter (method is '%2')").arg(methodKindName(kind()), method).toStdString());
    torch::NoGradGuard noGrad;
    for (auto &[name, layer] : m_layers) {
        for (auto &item : layer->adapter()->named_parameters()) {
            const std::string key = name + ".lora." + item.key();
            const torch::Tensor *src = file.find(key);
            if (!src || src->sizes() != item.value().sizes())
                throw std::invalid_argument(QStringLiteral("%1 adapter tensor '%2' is missing or has the wrong shape")
                                                .arg(methodKindName(kind()), QString::fromStdString(key)).toStdString());
            item.value().copy_(*src);
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
