#pragma once

#include <QString>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace peftbench {

// The three methods of SPEC §3 first, then the rest of the PEFT family (issue 12).
enum class MethodKind { Full, Lora, PromptTuning, PrefixTuning, Ia3, Dora, BitFit, LastLayers };

// "full", "lora", "prompt_tuning", "prefix_tuning", "ia3", "dora", "bitfit", "last_layers"
QString methodKindName(MethodKind kind);
std::optional<MethodKind> parseMethodKind(const QString &name);
// Every kind, in the order above (menus, loops over methods).
const std::vector<MethodKind> &allMethodKinds();

// How LoRA's A and B start. Kaiming: A Kaiming-uniform, B zero (PEFT's default). Gaussian: A
// normal with std 1/r, B zero (PEFT's init_lora_weights="gaussian"). Pissa: A and B from the
// top-r singular vectors of the base weight, which keeps the residual (PEFT's "pissa").
enum class LoraInit { Kaiming, Gaussian, Pissa };
QString loraInitName(LoraInit init);                  // "kaiming", "gaussian", "pissa"
std::optional<LoraInit> parseLoraInit(const QString &name);

// LoRA's settings; DoRA (method dora) reads the same `lora:` block, as PEFT's use_dora does.
struct LoraSettings {
    int64_t rank = 8;
    double alpha = 16.0;
    double dropout = 0.05;
    std::vector<std::string> targets{"q", "v"};  // any of q, k, v, o, up, gate, down
    bool rslora = false;                          // scale alpha/sqrt(r) instead of alpha/r
    LoraInit init = LoraInit::Kaiming;
    std::map<std::string, int64_t> rankPattern;   // per-module rank overriding `rank` (PEFT's rank_pattern)

    int64_t rankFor(const std::string &module) const;
    double scaleFor(const std::string &module) const;
    double scale() const { return scaleFor({}); }
};

enum class PromptInit { Random, SampleVocab, Text };
QString promptInitName(PromptInit init);              // "random", "sample_vocab", "text"
std::optional<PromptInit> parsePromptInit(const QString &name);

struct PromptTuningSettings {
    int64_t numVirtualTokens = 20;
    PromptInit init = PromptInit::SampleVocab;
    std::vector<int64_t> initTokenIds;  // PromptInit::Text: the init text already tokenized
};

// Prefix tuning: per layer, `numVirtualTokens` trainable key and value vectors (key/value heads ×
// head size, so grouped-query attention works) that every position attends to. With
// `projection`, they come from an embedding [n, d] through Linear(d, projectionHidden) → tanh →
// Linear(projectionHidden, 2·layers·kv_dim) while training; the MLP is dropped at export.
struct PrefixTuningSettings {
    int64_t numVirtualTokens = 20;
    bool projection = false;
    int64_t projectionHidden = 512;
};

// IA3: learned scaling vectors, initialised to 1, on the outputs of k and v and on the input of
// the MLP's down projection (PEFT's feedforward module).
struct Ia3Settings {
    std::vector<std::string> targets{"k", "v", "down"};  // any of q, k, v, o, up, gate, down
};

// BitFit: only bias terms train (and, with normWeights, the norms' weights too).
struct BitFitSettings {
    bool normWeights = false;
};

// Freeze all but the last `layers` transformer blocks; with `head`, the final norm and the output
// head (for a tied head: the shared token embedding) train as well.
struct LastLayersSettings {
    int64_t layers = 2;
    bool head = false;
};

struct MethodSettings {
    MethodKind kind = MethodKind::Full;
    LoraSettings lora;                 // lora and dora
    PromptTuningSettings promptTuning;
    PrefixTuningSettings prefixTuning;
    Ia3Settings ia3;
    BitFitSettings bitFit;
    LastLayersSettings lastLayers;
};

// The defaults SPEC §3 starts from, per method.
double defaultLearningRate(MethodKind kind);

}  // namespace peftbench
