#include "methods/MethodSettings.h"

#include <cmath>

namespace peftbench {

QString methodKindName(MethodKind kind)
{
    switch (kind) {
    case MethodKind::Full: return QStringLiteral("full");
    case MethodKind::Lora: return QStringLiteral("lora");
    case MethodKind::PromptTuning: return QStringLiteral("prompt_tuning");
    }
    return {};
}

std::optional<MethodKind> parseMethodKind(const QString &name)
{
    for (MethodKind k : {MethodKind::Full, MethodKind::Lora, MethodKind::PromptTuning})
        if (methodKindName(k) == name)
            return k;
    return std::nullopt;
}

double LoraSettings::scale() const
{
    return rslora ? alpha / std::sqrt(double(rank)) : alpha / double(rank);
}

QString promptInitName(PromptInit init)
{
    switch (init) {
    case PromptInit::Random: return QStringLiteral("random");
    case PromptInit::SampleVocab: return QStringLiteral("sample_vocab");
    case PromptInit::Text: return QStringLiteral("text");
    }
    return {};
}

std::optional<PromptInit> parsePromptInit(const QString &name)
{
    for (PromptInit i : {PromptInit::Random, PromptInit::SampleVocab, PromptInit::Text})
        if (promptInitName(i) == name)
            return i;
    return std::nullopt;
}

double defaultLearningRate(MethodKind kind)
{
    switch (kind) {
    case MethodKind::Full: return 3e-4;
    case MethodKind::Lora: return 2e-3;
    case MethodKind::PromptTuning: return 3e-2;
    }
    return 1e-3;
}

}  // namespace peftbench
