#pragma once
// Our LoRA, DoRA, IA3, prompt- and prefix-tuning adapters in Hugging Face PEFT's layout, so Python PEFT loads them with
// PeftModel.from_pretrained(base, folder): adapter_config.json (the LoraConfig / PromptTuningConfig
// fields) and adapter_model.safetensors (PEFT's key names, adapter name dropped).
#include "methods/MethodSettings.h"
#include "model/ModelConfig.h"
#include "model/TensorFile.h"

#include <torch/types.h>

#include <QJsonObject>
#include <QString>

#include <string>
#include <utility>
#include <vector>

namespace peftbench {

constexpr char kPeftConfigFileName[] = "adapter_config.json";
constexpr char kPeftWeightsFileName[] = "adapter_model.safetensors";

struct PeftAdapterFiles {
    QJsonObject config;                                          // adapter_config.json
    std::vector<std::pair<std::string, torch::Tensor>> tensors;  // adapter_model.safetensors, fp32
};

// A LoRA adapter as LoraMethod::adapterFile() saves it ("blocks.N.attn.q.lora.A" [r, in], ".B"
// [out, r]). GPT-2's fused c_attn gets one LoRA of rank r·k for its k adapted parts of q, k, v:
// lora_A stacks their A, lora_B is block-diagonal by part (zero rows for parts not adapted), and its
// alpha is scaled so PEFT's scaling equals ours (parts with another rank or scaling fold the ratio
// into their rows of B). A module whose rank or alpha differs from the config's gets rank_pattern /
// alpha_pattern entries. DoRA (`dora`): use_dora and each module's "lora_magnitude_vector" [out];
// for a fused module's parts DoRA leaves alone, the magnitude is the norm of their rows of the base
// weight in `base`. PiSSA adapters are refused: they are relative to the residual weight.
// Throws std::invalid_argument when the adapter does not fit the model or the settings.
PeftAdapterFiles peftLoraAdapter(const ModelConfig &model, const LoraSettings &settings, const TensorFile &adapter,
                                 const QString &baseModelName, bool dora = false, const TensorFile *base = nullptr);

// An IA3 adapter ("blocks.N.<layer>.ia3.scale"): PEFT's "ia3_l" per module, [out, 1], or [1, in] for
// the down projections (feedforward_modules). GPT-2's fused c_attn gets ones for the parts not adapted.
PeftAdapterFiles peftIa3Adapter(const ModelConfig &model, const Ia3Settings &settings, const TensorFile &adapter,
                                const QString &baseModelName);

// A prefix-tuning adapter from its table [n, 2·layers·kv_dim] (PrefixTuningMethod::prefixTable()):
// "prompt_embeddings" with prefix_projection false, whatever the run trained through.
PeftAdapterFiles peftPrefixTuningAdapter(const ModelConfig &model, const PrefixTuningSettings &settings,
                                         const torch::Tensor &prefixTable, const QString &baseModelName);

// A prompt-tuning adapter ("prompt_embeddings" [n, D]). initText is the run's init_text (used
// only with PromptInit::Text, where PEFT's config requires it together with a tokenizer name).
PeftAdapterFiles peftPromptTuningAdapter(const ModelConfig &model, const PromptTuningSettings &settings,
                                         const QString &initText, const TensorFile &adapter, const QString &baseModelName);

// Writes both files into `folder` (which must exist), each atomically. Throws FileFormatError.
void writePeftAdapter(const QString &folder, const PeftAdapterFiles &files);

}  // namespace peftbench
