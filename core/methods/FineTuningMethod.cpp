#include "methods/FineTuningMethod.h"

#include "methods/BitFitMethod.h"
#include "methods/DoraMethod.h"
#include "methods/FullFineTuning.h"
#include "methods/Ia3Method.h"
#include "methods/LastLayersMethod.h"
#include "methods/LoraMethod.h"
#include "methods/PrefixTuningMethod.h"
#include "methods/PromptTuningMethod.h"

#include <QStringList>

#include <algorithm>

namespace peftbench {

std::unique_ptr<FineTuningMethod> createMethod(const MethodSettings &settings)
{
    switch (settings.kind) {
    case MethodKind::Full: return std::make_unique<FullFineTuning>();
    case MethodKind::Lora: return std::make_unique<LoraMethod>(settings.lora);
    case MethodKind::PromptTuning: return std::make_unique<PromptTuningMethod>(settings.promptTuning);
    case MethodKind::PrefixTuning: return std::make_unique<PrefixTuningMethod>(settings.prefixTuning);
    case MethodKind::Ia3: return std::make_unique<Ia3Method>(settings.ia3);
    case MethodKind::Dora: return std::make_unique<DoraMethod>(settings.lora);
    case MethodKind::BitFit: return std::make_unique<BitFitMethod>(settings.bitFit);
    case MethodKind::LastLayers: return std::make_unique<LastLayersMethod>(settings.lastLayers);
    }
    return nullptr;
}

void freezeAll(torch::nn::Module &module)
{
    for (auto &p : module.parameters())
        p.set_requires_grad(false);
}

QString joinedModules(const std::vector<std::string> &modules)
{
    QStringList list;
    for (const auto &s : modules)
        list << QString::fromStdString(s);
    return list.join(QLatin1Char(','));
}

bool containsModule(const std::vector<std::string> &modules, const std::string &module)
{
    return std::find(modules.begin(), modules.end(), module) != modules.end();
}

std::vector<torch::Tensor> trainNamed(const Transformer &model, const std::vector<std::string> &names)
{
    std::vector<torch::Tensor> trainable;
    auto params = model->named_parameters();
    for (const std::string &name : names) {
        params[name].set_requires_grad(true);
        trainable.push_back(params[name]);
    }
    return trainable;
}

TensorFile namedTensorsFile(const Transformer &model, const std::vector<std::string> &names, MethodKind kind,
                            const QMap<QString, QString> &metadata)
{
    TensorFile file;
    file.kind = QStringLiteral("adapter");
    file.metadata = metadata;
    file.metadata.insert(QStringLiteral("method"), methodKindName(kind));
    const auto params = model->named_parameters();
    for (const std::string &name : names)
        file.tensors.emplace_back(name, params[name].detach());
    return file;
}

void loadNamedTensors(Transformer &model, const std::vector<std::string> &names, MethodKind kind, const TensorFile &file)
{
    const QString method = methodKindName(kind);
    if (file.metadata.value(QStringLiteral("method")) != method)
        throw std::invalid_argument(QStringLiteral("not a %1 adapter (method is '%2')")
                                        .arg(method, file.metadata.value(QStringLiteral("method")))
                                        .toStdString());
    if (file.tensors.size() != names.size())
        throw std::invalid_argument(QStringLiteral("%1 adapter holds %2 tensors, this model and these settings train %3")
                                        .arg(method).arg(file.tensors.size()).arg(names.size())
                                        .toStdString());
    torch::NoGradGuard noGrad;
    auto params = model->named_parameters();
    for (const std::string &name : names) {
        const torch::Tensor *src = file.find(name);
        torch::Tensor &target = params[name];
        if (!src || src->sizes() != target.sizes())
            throw std::invalid_argument(QStringLiteral("%1 adapter tensor '%2' is missing or has the wrong shape")
                                            .arg(method, QString::fromStdString(name))
                                            .toStdString());
        target.copy_(src->to(target.dtype()));
    }
}

}  // namespace peftbench
