#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace peftbench {

enum class MethodKind { Full, Lora, PromptTuning };

QString methodKindName(MethodKind kind);                 // "full", "lora", "prompt_tuning"
std::optional<MethodKind> parseMethodKind(const QString &name);

struct LoraSettings {
    int64_t rank = 8;
    double alpha = 16.0;
    double dropout = 0.05;
    std::vector<std::string> targets{"q", "v"};  // any of q, k, v, o, up, gate, down
    bool rslora = false;                          // scale alpha/sqrt(r) instead of alpha/r

    double scale() const;
};

enum class PromptInit { Random, SampleVocab, Text };
QString promptInitName(PromptInit init);              // "random", "sample_vocab", "text"
std::optional<PromptInit> parsePromptInit(const QString &name);

struct PromptTuningSettings {
    int64_t numVirtualTokens = 20;
    PromptInit init = PromptInit::SampleVocab;
    std::vector<int64_t> initTokenIds;  // PromptInit::Text: the init text already tokenized
};

struct MethodSettings {
    MethodKind kind = MethodKind::Full;
    LoraSettings lora;
    PromptTuningSettings promptTuning;
};

// The defaults SPEC §3 starts from, per method.
double defaultLearningRate(MethodKind kind);

}  // namespace peftbench
