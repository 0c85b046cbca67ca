#pragma once
// Where our LoRA layers sit in a Hugging Face PEFT adapter: the PEFT module each of our adapted
// projections belongs to ("blocks.0.attn.q" → "transformer.h.0.attn.c_attn", part 0 of 3), the
// names PEFT's target_modules uses for them, and its tensor keys. Export and import both read it.
#include "model/ModelConfig.h"

#include <optional>
#include <string>
#include <vector>

namespace peftbench {

// One linear module of the Hugging Face model that LoRA can adapt. GPT-2's fused c_attn holds our
// q, k and v (in that order along its output features); every other module holds one layer of ours.
struct PeftLoraModule {
    std::string hfModule;                 // "transformer.h.0.attn.c_attn", "model.layers.0.self_attn.q_proj"
    std::string targetName;               // its target_modules entry: "c_attn", "attn.c_proj", "q_proj", ...
    std::vector<std::string> ourLayers;   // "blocks.0.attn.q", ...
    std::vector<int64_t> partRows;        // each layer's output features, in ourLayers order
    int64_t inFeatures = 0;
    int64_t outFeatures() const;
};

// Every adaptable module of a model of this config, in model order (lm_head excluded: our LoRA
// never adapts it).
std::vector<PeftLoraModule> peftLoraModules(const ModelConfig &config);

// The module holding one of our layers and the layer's index in it.
struct PeftLoraLocation {
    const PeftLoraModule *module = nullptr;
    size_t part = 0;
};
std::optional<PeftLoraLocation> findPeftLoraModule(const std::vector<PeftLoraModule> &modules, const std::string &ourLayer);

// PEFT's keys: PeftModel wraps LoraModel wraps the *ForCausalLM model, and the adapter name is
// dropped on save (peft/utils/save_and_load.py, get_peft_model_state_dict).
constexpr char kPeftKeyPrefix[] = "base_model.model.";
std::string peftLoraKey(const std::string &hfModule, char matrix);   // matrix 'A' or 'B'

// The last dot-separated component of our layer name: q, k, v, o, up, gate, down.
std::string ourLayerKind(const std::string &ourLayer);

}  // namespace peftbench
