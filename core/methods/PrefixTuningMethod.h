#pragma once

#include "methods/FineTuningMethod.h"

namespace peftbench {

// Prefix tuning (Li & Liang 2021; PEFT's PREFIX_TUNING): per block, n trainable key and value
// vectors (key/value heads × head size, so grouped-query attention works) that every position
// attends to before its own sequence. The base is frozen. As in PEFT, the prefix takes the first
// n positions, so n + the sequence must fit the context (contextReduction() = n).
//
// The prefixes form one table [n, 2·blocks·kv_dim] in PEFT's layout (block l's keys, then its
// values, each [kv_heads, head_dim] per virtual token). Without projection the table itself
// trains, starting from the keys and values the base computes for n tokens sampled from the
// vocabulary; with projection it is an embedding [n, kv_dim] through Linear → tanh → Linear
// (PEFT's PrefixEncoder), and only the table it gives is exported.
class PrefixTuningMethod : public FineTuningMethod {
public:
    explicit PrefixTuningMethod(PrefixTuningSettings settings) : m_settings(settings) {}

    MethodKind kind() const override { return MethodKind::PrefixTuning; }
    std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) override;
    torch::Tensor hidden(const torch::Tensor &ids) override;
    int64_t contextReduction() const override { return m_settings.numVirtualTokens; }
    // Without projection "prefix_embeddings" [n, 2·blocks·kv_dim]; with it "prefix_encoder.embedding"
    // [n, kv_dim], "prefix_encoder.hidden.{weight,bias}" and "prefix_encoder.output.{weight,bias}".
    TensorFile adapterFile() const override;
    void loadAdapter(const TensorFile &file) override;

    // The table the prefixes come from, [n, 2·blocks·kv_dim] (through the MLP with projection).
    torch::Tensor prefixTable() const;
    // Key/value width per virtual token and block: key/value heads × head size.
    static int64_t kvDim(const ModelConfig &config) { return config.nKvHeads * config.headDim; }

private:
    std::vector<AttentionPrefix> prefixes(int64_t batch) const;
    std::vector<std::pair<std::string, torch::Tensor *>> trainedTensors();

    PrefixTuningSettings m_settings;
    torch::Tensor m_table;         // without projection: [n, 2·blocks·kv_dim]
    torch::Tensor m_embedding;     // with projection: [n, kv_dim]
    torch::Tensor m_hiddenWeight, m_hiddenBias, m_outputWeight, m_outputBias;
};

}  // namespace peftbench
