#pragma once
// The correspondence between our parameter names (model/Transformer.h) and the tensor names of a
// Hugging Face checkpoint of the same model: GPT2LMHeadModel for the GPT-2 family,
// LlamaForCausalLM / Qwen2ForCausalLM for the Llama family. Import reads through it; export
// writes through it (hfTensorFromOurs is the exact inverse of ourTensorsFromHf).
#include "model/ModelConfig.h"

#include <torch/types.h>

#include <optional>
#include <string>
#include <vector>

namespace peftbench {

// One tensor of the Hugging Face checkpoint and the parameter(s) of ours it holds.
struct HfTensorMapping {
    // As *ForCausalLM saves it: "transformer.h.0.attn.c_attn.weight", "model.layers.0.self_attn.q_proj.weight",
    // "lm_head.weight". Dropping ".weight"/".bias" gives the module name PEFT's target_modules and
    // adapter keys use.
    std::string hfName;
    std::vector<int64_t> hfShape;         // what the config implies
    // Our parameter(s) in the order HF concatenates them: one, or GPT-2's fused c_attn = q | k | v.
    std::vector<std::string> ourNames;
    std::vector<int64_t> ourSizes;        // each part's length along the output-feature dimension
    // GPT-2's Conv1D stores its weight input × output ([in, out]); ours, like nn.Linear, [out, in].
    bool inputMajor = false;
};

// Every tensor a Hugging Face checkpoint of `config` holds, in model order; lm_head.weight only
// when the head is not tied (a tied head is the embedding matrix, saved once).
std::vector<HfTensorMapping> hfTensorMappings(const ModelConfig &config);

// The prefix of the base model's tensors ("transformer." for GPT-2, "model." for Llama). A
// checkpoint saved from GPT2Model/LlamaModel rather than the *ForCausalLM class (OpenAI's gpt2 is
// one) has every name but lm_head without it.
std::string hfBaseModelPrefix(ModelFamily family);

// Buffers some checkpoints carry that are no weights and that the forward pass recomputes, so an
// importer skips them: GPT-2's causal masks ("h.N.attn.bias", "h.N.attn.masked_bias") and Llama's
// RoPE frequencies ("layers.N.self_attn.rotary_emb.inv_freq").
bool isIgnorableHfBuffer(ModelFamily family, const std::string &hfName);

// Our parameter(s) from the HF tensor, in ourNames order: split along the output features and
// transposed back for Conv1D. `hf` must have mapping.hfShape (checked; std::invalid_argument).
std::vector<torch::Tensor> ourTensorsFromHf(const HfTensorMapping &mapping, const torch::Tensor &hf);

// The inverse: the HF tensor from our parameter(s) in ourNames order (contiguous; for export).
// Throws std::invalid_argument when the count or a shape does not fit the mapping.
torch::Tensor hfTensorFromOurs(const HfTensorMapping &mapping, const std::vector<torch::Tensor> &ours);

// Where one of our parameters lives: the mapping and its index in ourNames. nullopt for a name
// no mapping holds (adapter parameters, for one).
struct HfTensorLocation {
    const HfTensorMapping *mapping = nullptr;
    size_t part = 0;
};
std::optional<HfTensorLocation> findHfTensorFor(const std::vector<HfTensorMapping> &mappings, const std::string &ourName);

}  // namespace peftbench
