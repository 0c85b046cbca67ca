#pragma once
// A Hugging Face model folder's config.json, read into our ModelConfig.
#include "model/ModelConfig.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace peftbench {

struct HfModelConfig {
    QString modelType;  // "gpt2", "llama" or "qwen2", as config.json says
    ModelConfig model;
};

// The model types this build imports (SmolLM, TinyLlama and Llama 2/3 are "llama").
QStringList supportedHfModelTypes();

// Reads config.json's shape keys (GPT-2: vocab_size, n_positions, n_embd, n_layer, n_head, n_inner,
// layer_norm_epsilon; Llama and Qwen2: vocab_size, max_position_embeddings, hidden_size,
// num_hidden_layers, num_attention_heads, num_key_value_heads, head_dim, intermediate_size,
// rms_norm_eps, rope_theta, attention_bias; all: tie_word_embeddings), with Transformers' defaults
// for the optional ones. Features our transformer does not implement (rope_scaling, a sliding
// window, another activation, ...) are refused by key rather than silently computed differently.
// Every problem found is appended to `problems` as "<path>: '<key>' ..."; the result is only
// meaningful when none was.
HfModelConfig parseHfConfig(const QJsonObject &json, const QString &path, QStringList &problems);

// The same from the file; an unreadable file or one that is not a JSON object is one problem.
HfModelConfig readHfConfig(const QString &path, QStringList &problems);

}  // namespace peftbench
