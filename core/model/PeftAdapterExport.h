#pragma once
// Our LoRA and prompt-tuning adapters in Hugging Face PEFT's layout, so Python PEFT loads them with
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
// alpha is scaled (alpha·k, or alpha·sqrt(k) with rsLoRA) so PEFT's scaling equals ours. A module
// whose rank differs from the config's r gets rank_pattern / alpha_pattern entries.
// Throws std::invalid_argument when the adapter does not fit the model or the settings.
PeftAdapterFiles peftLoraAdapter(const ModelConfig &model, const LoraSettings &settings, const TensorFile &adapter,
                                 const QString &baseModelName);

// A prompt-tuning adapter ("prompt_embeddings" [n, D]). initText is the run's init_text (used
// only with PromptInit::Text, where PEFT's config requires it together with a tokenizer name).
PeftAdapterFiles peftPromptTuningAdapter(const ModelConfig &model, const PromptTuningSettings &settings,
                                         const QString &initText, const TensorFile &adapter, const QString &baseModelName);

// Writes both files into `folder` (which must exist), each atomically. Throws FileFormatError.
void writePeftAdapter(const QString &folder, const PeftAdapterFiles &files);

}  // namespace peftbench
