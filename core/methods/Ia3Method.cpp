#include "methods/Ia3Method.h"

#include "model/PeftLoraLayout.h"

#include <torch/torch.h>

namespace peftbench {

Ia3AdapterImpl::Ia3AdapterImpl(int64_t features, bool scalesInput) : m_scalesInput(scalesInput)
{
    scale = register_parameter("scale", torch::ones({features}));
}

torch::Tensor Ia3AdapterImpl::adaptInput(const torch::Tensor &input)
{
    return m_scalesInput ? input * scale : input;
}

torch::Tensor Ia3AdapterImpl::adapt(const torch::Tensor &, const torch::Tensor &baseOutput)
{
    return m_scalesInput ? baseOutput : baseOutput * scale;
}

void Ia3AdapterImpl::mergeInto(torch::Tensor &weight, torch::Tensor &bias)
{
    const torch::Tensor l = scale.detach().to(weight.dtype());
    if (m_scalesInput) {
        weight.mul_(l.unsqueeze(0));
        return;
    }
    weight.mul_(l.unsqueeze(1));
    if (bias.defined())
        bias.mul_(l);
}

void Ia3AdapterImpl::unmergeFrom(torch::Tensor &weight, torch::Tensor &bias)
{
    // A zero in the vector would lose the weight for good; PEFT adds 1e-8 likewise.
    const torch::Tensor l = scale.detach().to(weight.dtype()) + 1e-8;
    if (m_scalesInput) {
        weight.div_(l.unsqueeze(0));
        return;
    }
    weight.div_(l.unsqueeze(1));
    if (bias.defined())
        bias.div_(l);
}

std::vector<torch::Tensor> Ia3Method::apply(Transformer model, uint64_t)
{
    m_model = model;
    freezeAll(*model);
    m_layers.clear();
    std::vector<torch::Tensor> trainable;
    for (auto &[name, layer] : model->linearLayers()) {
        const std::string module = ourLayerKind(name);
        if (name == "lm_head" || !containsModule(m_settings.targets, module))
            continue;
        const bool input = scalesInputOf(module);
        auto adapter = std::make_shared<Ia3AdapterImpl>(input ? layer->inFeatures() : layer->outFeatures(), input);
        layer->attachAdapter("ia3", adapter);
        trainable.push_back(adapter->scale);
        m_layers.emplace_back(name, layer);
    }
    if (m_layers.empty())
        throw std::invalid_argument(QStringLiteral("ia3.target_modules [%1] match no layer of this model (layers: q, k, v, o, up, %2down)")
                                        .arg(joinedModules(m_settings.targets),
                                             model->config().family == ModelFamily::Llama ? QStringLiteral("gate, ") : QString())
                                        .toStdString());
    return trainable;
}

TensorFile Ia3Method::adapterFile() const
{
    TensorFile file;
    file.kind = QStringLiteral("adapter");
    file.metadata = {{QStringLiteral("method"), methodKindName(kind())},
                     {QStringLiteral("target_modules"), joinedModules(m_settings.targets)}};
    for (const auto &[name, layer] : m_layers)
        file.tensors.emplace_back(name + ".ia3.scale", static_cast<const Ia3AdapterImpl *>(layer->adapter())->scale.detach());
    return file;
}

void Ia3Method::loadAdapter(const TensorFile &file)
{
    if (file.metadata.value(QStringLiteral("method")) != methodKindName(kind()))
        throw std::invalid_argument("not an IA3 adapter (method is '" + file.metadata.value(QStringLiteral("method")).toStdString() + "')");
    torch::NoGradGuard noGrad;
    for (auto &[name, layer] : m_layers) {
        torch::Tensor &target = static_cast<Ia3AdapterImpl *>(layer->adapter())->scale;
        const torch::Tensor *src = file.find(name + ".ia3.scale");
        if (!src || src->sizes() != target.sizes())
            throw std::invalid_argument("IA3 adapter tensor '" + name + ".ia3.scale' is missing or has the wrong shape");
        target.copy_(*src);
    }
}

void Ia3Method::merge()
{
    for (auto &entry : m_layers)
        entry.second->merge();
}

void Ia3Method::unmerge()
{
    for (auto &entry : m_layers)
        entry.second->unmerge();
}

}  // namespace peftbench
