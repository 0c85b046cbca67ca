#pragma once

#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace peftbench {

enum class ModelFamily {
    Gpt2,   // LayerNorm, learned positions, GELU MLP, biases
    Llama,  // RMSNorm, RoPE, SwiGLU, grouped-query attention (also Qwen2, SmolLM, TinyLlama)
};

QString modelFamilyName(ModelFamily family);

// Shape and conventions of one decoder-only transformer.
struct ModelConfig {
    ModelFamily family = ModelFamily::Gpt2;
    int64_t vocabSize = 259;
    int64_t contextLength = 256;
    int64_t dModel = 256;
    int64_t nLayers = 4;
    int64_t nHeads = 4;
    int64_t nKvHeads = 4;
    int64_t headDim = 64;
    int64_t ffnDim = 1024;
    double normEps = 1e-5;
    double ropeTheta = 10000.0;
    bool qkvBias = true;   // GPT-2 always has biases; Llama none, Qwen2 on q/k/v
    bool tiedHead = true;  // output head shares the token embedding matrix

    // Throws std::invalid_argument naming the key and the allowed values.
    void validate() const;
    int64_t parameterCount() const;

    QJsonObject toJson() const;
    // Throws std::invalid_argument naming the missing or invalid key.
    static ModelConfig fromJson(const QJsonObject &json);

    bool operator==(const ModelConfig &other) const;
};

}  // namespace peftbench
