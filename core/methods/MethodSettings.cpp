#include "methods/MethodSettings.h"
#include "system/EnumNames.h"

#include <cmath>

namespace peftbench {

constexpr EnumName<MethodKind> kMethodKinds[] = {
    {MethodKind::Full, "full"},   {MethodKind::Lora, "lora"},         {MethodKind::PromptTuning, "prompt_tuning"},
    {MethodKind::PrefixTuning, "prefix_tuning"}, {MethodKind::Ia3, "ia3"}, {MethodKind::Dora, "dora"},
    {MethodKind::BitFit, "bitfit"}, {MethodKind::LastLayers, "last_layers"}};
constexpr EnumName<LoraInit> kLoraInits[] = {
    {LoraInit::Kaiming, "kaiming"}, {LoraInit::Gaussian, "gaussian"}, {LoraInit::Pissa, "pissa"}};
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

const std::vector<MethodKind> &allMethodKinds()
{
    static const std::vector<MethodKind> kinds = [] {
        std::vector<MethodKind> all;
        for (const auto &entry : kMethodKinds)
            all.push_back(entry.value);
        return all;
    }();
    return kinds;
}

QString loraInitName(LoraInit init)
{
    return enumName(kLoraInits, init);
}

std::optional<LoraInit> parseLoraInit(const QString &name)
{
    return parseEnumName(kLoraInits, name);
}

int64_t LoraSettings::rankFor(const std::string &module) const
{
    const auto it = rankPattern.find(module);
    return it != rankPattern.end() ? it->second : rank;
}

double LoraSettings::scaleFor(const std::string &module) const
{
    const double r = double(rankFor(module));
    return rslora ? alpha / std::sqrt(r) : alpha / r;
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
    case MethodKind::PrefixTuning: return 1e-2;
    case MethodKind::Ia3: return 3e-3;
    case MethodKind::Dora: return 2e-3;
    case MethodKind::BitFit: return 1e-3;
    case MethodKind::LastLayers: return 3e-4;
    }
    return 1e-3;
}

}  // namespace peftbench
