#pragma once
// A model of ours as a Hugging Face model folder: model.safetensors in the *ForCausalLM tensor names
// (model/HfTensorNames.h) and a config.json that model/HfConfig.h reads back to the same shape, so
// the folder imports again with importHfModel and loads in Transformers.
#include "model/ModelConfig.h"
#include "model/TensorFile.h"

#include <torch/types.h>

#include <QJsonObject>
#include <QString>

#include <string>
#include <utility>
#include <vector>

namespace peftbench {

// config.json for `config`: model_type "gpt2" for the GPT-2 family; "llama" for the Llama family,
// or "qwen2" when it has q/k/v biases (Llama's attention_bias would put one on o_proj too). Ids of
// the framing tokens are written when >= 0. Throws std::invalid_argument when config.json cannot
// describe the model (GPT-2 with grouped-query heads or head_dim ≠ n_embd / n_head).
QJsonObject hfConfigJson(const ModelConfig &config, int64_t bosId = -1, int64_t eosId = -1, int64_t padId = -1);

// Our parameters (by our names, as TransformerImpl::named_parameters gives them; adapter
// parameters are ignored) as the checkpoint's tensors, fp32, in model order. Throws
// std::invalid_argument naming a missing or mis-shaped parameter.
std::vector<std::pair<std::string, torch::Tensor>> hfTensorsFromOurs(const ModelConfig &config, const TensorFile &weights);

}  // namespace peftbench
