#include "methods/FineTuningMethod.h"

#include "methods/FullFineTuning.h"
#include "methods/LoraMethod.h"
#include "methods/PromptTuningMethod.h"

namespace peftbench {

std::unique_ptr<FineTuningMethod> createMethod(const MethodSettings &settings)
{
    switch (settings.kind) {
    case MethodKind::Full: return std::make_unique<FullFineTuning>();
    case MethodKind::Lora: return std::make_unique<LoraMethod>(settings.lora);
    case MethodKind::PromptTuning: return std::make_unique<PromptTuningMethod>(settings.promptTuning);
    }
    return nullptr;
}

void freezeAll(torch::nn::Module &module)
{
    for (auto &p : module.parameters())
        p.set_requires_grad(false);
}

}  // namespace peftbench
