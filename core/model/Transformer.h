#pragma once

#include "model/ModelConfig.h"
#include "model/TensorFile.h"
#include "model/TransformerBlock.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>

#include <QStringList>

#include <map>

namespace peftbench {

// One decoder-only transformer, configurable to the GPT-2 and Llama families. Parameter names
// follow one scheme for both (tok_emb, pos_emb, blocks.N.{norm1,attn.{q,k,v,o},norm2,mlp.{up,gate,down}},
// final_norm, lm_head); importers map foreign names onto it.
class TransformerImpl : public torch::nn::Module {
public:
    explicit TransformerImpl(const ModelConfig &config);

    // GPT-2's initialisation: normal(0, 0.02), residual projections scaled by 1/sqrt(2·layers),
    // zero biases. (PyTorch's defaults saturate the model and fill the backward pass with denormals.)
    void initializeWeights(uint64_t seed);

    torch::Tensor embed(const torch::Tensor &ids);                    // [B, T] → [B, T, D]
    torch::Tensor forwardEmbeddings(const torch::Tensor &embeddings);  // [B, T, D] → logits [B, T, V]; positions 0..T-1
    torch::Tensor forward(const torch::Tensor &ids);                  // logits
    // Prefix tuning: one prefix per block (see AttentionPrefix). The n prefix entries take the
    // first n positions, so the sequence sits at positions n..n+T-1 (as Hugging Face models place
    // a sequence after a cache of n entries) and n + T must fit the context.
    torch::Tensor forwardEmbeddings(const torch::Tensor &embeddings, const std::vector<AttentionPrefix> &prefixes);
    // What the output head reads: the final norm's output [B, T, D]. forwardEmbeddings is
    // head(hiddenStates(...)); the training loss may take the two halves separately.
    torch::Tensor hiddenStates(const torch::Tensor &embeddings, const std::vector<AttentionPrefix> &prefixes = {});
    torch::Tensor head(const torch::Tensor &hidden);
    // The head's weight [V, D] when the head is a plain linear map with no bias (tied, or lm_head
    // with no adapter or a merged one); undefined otherwise.
    torch::Tensor plainHeadWeight() const;

    // The keys (before RoPE) and values each block's attention computes for `ids` [B, T]: prefix
    // tuning starts its prefixes from those of real tokens.
    std::vector<AttentionPrefix> keysAndValues(const torch::Tensor &ids);

    // Activation checkpointing (train.gradient_checkpointing): while training with grad on, each
    // block keeps only its input for backward and is recomputed there (see BlockCheckpoint.h).
    // Evaluation and generation (grad off) are unaffected.
    void setActivationCheckpointing(bool on) { m_checkpointBlocks = on; }
    bool activationCheckpointing() const { return m_checkpointBlocks; }

    const ModelConfig &config() const { return m_config; }

    // Every projection by its full name ("blocks.3.attn.q"), for methods that target layers.
    std::map<std::string, AdaptableLinear> linearLayers() const;

    // Our checkpoint: kind "model", metadata "model_config" (JSON); weights under their names.
    TensorFile toTensorFile() const;
    // Copies matching weights in; throws std::invalid_argument listing missing, unexpected and
    // mis-shaped tensors (strict: all must match).
    void loadWeights(const TensorFile &file);

    torch::nn::Embedding tokEmb{nullptr};
    torch::nn::Embedding posEmb{nullptr};   // GPT-2 only
    torch::nn::ModuleList blocks{nullptr};
    Norm finalNorm{nullptr};
    AdaptableLinear lmHead{nullptr};        // only when the head is not tied

private:
    // Position embeddings added (GPT-2) or rotary tables (Llama) for positions offset..offset+T-1.
    torch::Tensor positioned(const torch::Tensor &embeddings, int64_t offset, torch::Tensor &cos, torch::Tensor &sin) const;

    ModelConfig m_config;
    torch::Tensor m_invFreq;                // RoPE inverse frequencies, Llama only
    bool m_checkpointBlocks = false;
};
TORCH_MODULE(Transformer);

// Reads a model checkpoint written by toTensorFile() (config from its metadata).
Transformer loadTransformer(const QString &path);
ModelConfig modelConfigFromTensorFile(const TensorFile &file, const QString &path);

}  // namespace peftbench
