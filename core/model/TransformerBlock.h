#pragma once

#include "model/AdaptableLinear.h"
#include "model/ModelConfig.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace peftbench {

// LayerNorm (GPT-2: weight and bias) or RMSNorm (Llama: weight only).
class NormImpl : public torch::nn::Module {
public:
    NormImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &x);
    torch::Tensor weight;
    torch::Tensor bias;

private:
    bool m_rms;
    double m_eps;
};
TORCH_MODULE(Norm);

// Prefix tuning's keys and values for one layer, [B, key/value heads, n, head size] each: every
// position attends to them before the sequence's own keys. RoPE is not applied to them (PEFT hands
// them to the model as an already-rotated cache). Undefined tensors: no prefix.
struct AttentionPrefix {
    torch::Tensor key;
    torch::Tensor value;
};

// Causal multi-head attention with grouped-query heads and, for Llama, rotary positions.
class AttentionImpl : public torch::nn::Module {
public:
    AttentionImpl(const ModelConfig &config);
    // cos/sin: [T, headDim] rotary tables, undefined for GPT-2.
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                          const AttentionPrefix &prefix = {});
    AdaptableLinear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};

private:
    int64_t m_heads, m_kvHeads, m_headDim;
};
TORCH_MODULE(Attention);

// GPT-2: down(gelu_tanh(up x)); Llama: down(silu(gate x) * up x).
class MlpImpl : public torch::nn::Module {
public:
    MlpImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &x);
    AdaptableLinear up{nullptr}, gate{nullptr}, down{nullptr};
};
TORCH_MODULE(Mlp);

// Pre-norm residual block: h += attn(norm1 h); h += mlp(norm2 h).
class TransformerBlockImpl : public torch::nn::Module {
public:
    TransformerBlockImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &h, const torch::Tensor &cos, const torch::Tensor &sin,
                          const AttentionPrefix &prefix = {});
    Norm norm1{nullptr}, norm2{nullptr};
    Attention attn{nullptr};
    Mlp mlp{nullptr};
};
TORCH_MODULE(TransformerBlock);

}  // namespace peftbench
