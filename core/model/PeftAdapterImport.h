#pragma once
// A Hugging Face PEFT adapter folder (adapter_config.json + adapter_model.safetensors) read back
// into our LoRA, DoRA, IA3, prompt- or prefix-tuning adapter for a base model: what `--adapter DIR` loads, and the
// inverse of model/PeftAdapterExport.h, so export → import is exact.
#include "methods/MethodSettings.h"
#include "model/ModelConfig.h"
#include "model/TensorFile.h"

#include <QString>

namespace peftbench {

struct PeftAdapter {
    QString folder;            // absolute
    QString baseModelName;     // base_model_name_or_path, as written (may be empty)
    MethodSettings method;     // kind Lora, Dora, Ia3, PromptTuning or PrefixTuning with the adapter's settings
    TensorFile adapter;        // as our method's adapterFile() writes it, ready for loadAdapter()
};

// Reads and checks the folder against `model`. LoRA: target modules of the model's family, the same
// modules adapted in every layer, one rank and one scaling for all our layers (rank_pattern and
// alpha_pattern are applied first), bias "none", no modules_to_save or layers_to_transform; with
// use_dora each module's lora_magnitude_vector too (cut by rows for GPT-2's fused c_attn).
// GPT-2's fused c_attn is split back into our q, k, v: a block structure as our export writes
// (lora_B zero outside one part per group of r columns) gives those parts at rank r; otherwise all
// three parts share lora_A at c_attn's rank. Prompt tuning: token_dim must be the model's width and
// num_transformer_submodules 1. IA3: ia3_l [out, 1] per module, [1, in] for the down projections,
// which must be exactly the feedforward_modules; parts of c_attn at exactly 1 are not adapted.
// Prefix tuning: prompt_embeddings [n, 2·layers·kv_dim] with token_dim the key/value width.
// Throws FileFormatError naming the file, the key or tensor, the
// value found and what was expected.
PeftAdapter readPeftAdapter(const QString &folder, const ModelConfig &model);

}  // namespace peftbench
