#include "methods/MethodSettings.h"
#include "system/EnumNames.h"

#include <cmath>

namespace peftbench {

constexpr EnumName<MethodKind> kMethodKinds[] = {
    {MethodKind::Full, "full"}, {MethodKind::Lora, "lora"}, {MethodKind::PromptTuning, "prompt_tuning"}};
constexpr EnumName<PromptInit> kPromptInits[] = {
    {PromptInit::Random, "random"}, {PromptInit::SampleVocab, "sample_vocab"}, {PromptInit::Text, "text"}};

QString methodKindName(MethodKind kind)
{
    return enumName(kMethodKinds, kind);
}

std::optional<MethodKind> parseMethodKind(const QString &name)
{
    return parseEnumName(kMethodKinds, name);
}

double LoraSettings::scale() const
{
    return rslora ? alpha / std::sqrt(double(rank)) : alpha / double(rank);
}

QString promptInitName(PromptInit init)
{
    return enumName(kPromptInits, init);
}

std::optional<PromptInit> parsePromptInit(const QString &name)
{
    return parseEnumName(kPromptInits, name);
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
