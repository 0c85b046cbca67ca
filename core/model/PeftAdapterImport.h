#pragma once
// A Hugging Face PEFT adapter folder (adapter_config.json + adapter_model.safetensors) read back
// into our LoRA or prompt-tuning adapter for a base model: what `--adapter DIR` loads, and the
// inverse of model/PeftAdapterExport.h, so export → import is exact.
#include "methods/MethodSettings.h"
#include "model/ModelConfig.h"
#include "model/TensorFile.h"

#include <QString>

namespace peftbench {

struct PeftAdapter {
    QString folder;            // absolute
    QString baseModelName;     // base_model_name_or_path, as written (may be empty)
    MethodSettings method;     // kind Lora or PromptTuning with the adapter's settings
    TensorFile adapter;        // as our method's adapterFile() writes it, ready for loadAdapter()
};

// Reads and checks the folder against `model`. LoRA: target modules of the model's family, the same
// modules adapted in every layer, one rank and one scaling for all our layers (rank_pattern and
// alpha_pattern are applied first), bias "none", no DoRA, modules_to_save or layers_to_transform.
// GPT-2's fused c_attn is split back into our q, k, v: a block structure as our export writes
// (lora_B zero outside one part per group of r columns) gives those parts at rank r; otherwise all
// three parts share lora_A at c_attn's rank. Prompt tuning: token_dim must be the model's width and
// num_transformer_submodules 1. Throws FileFormatError naming the file, the key or tensor, the
// value found and what was expected.
PeftAdapter readPeftAdapter(const QString &folder, const ModelConfig &model);

}  // namespace peftbench
