#include "model/TransformerBlock.h"

#include "model/CausalAttention.h"
#include "model/TanhGelu.h"

#include <torch/torch.h>

#include <cmath>

namespace peftbench {

NormImpl::NormImpl(const ModelConfig &config)
    : m_rms(config.family == ModelFamily::Llama), m_eps(config.normEps)
{
    weight = register_parameter("weight", torch::ones({config.dModel}));
    if (!m_rms)
        bias = register_parameter("bias", torch::zeros({config.dModel}));
}

torch::Tensor NormImpl::forward(const torch::Tensor &x)
{
    if (!m_rms)
        return torch::layer_norm(x, {x.size(-1)}, weight, bias, m_eps);
    // RMSNorm in fp32 even under autocast, as the reference implementations do.
    const torch::Tensor xf = x.to(torch::kFloat32);
    return (xf * torch::rsqrt(xf.pow(2).mean(-1, true) + m_eps)).to(x.scalar_type()) * weight;
}

AttentionImpl::AttentionImpl(const ModelConfig &c)
    : m_heads(c.nHeads), m_kvHeads(c.nKvHeads), m_headDim(c.headDim)
{
    const bool qkvBias = c.family == ModelFamily::Gpt2 || c.qkvBias;
    q = register_module("q", AdaptableLinear(c.dModel, c.nHeads * c.headDim, qkvBias));
    k = register_module("k", AdaptableLinear(c.dModel, c.nKvHeads * c.headDim, qkvBias));
    v = register_module("v", AdaptableLinear(c.dModel, c.nKvHeads * c.headDim, qkvBias));
    o = register_module("o", AdaptableLinear(c.nHeads * c.headDim, c.dModel, c.family == ModelFamily::Gpt2));
}

namespace {

// HF convention (non-interleaved halves): rotate_half(x) = [-x2, x1].
torch::Tensor applyRotary(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin)
{
    const int64_t half = x.size(-1) / 2;
    const torch::Tensor rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    return x * cos + rotated * sin;
}

}  // namespace

torch::Tensor AttentionImpl::forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                                     const AttentionPrefix &prefix)
{
    const int64_t B = x.size(0), T = x.size(1);
    torch::Tensor qh = q(x).view({B, T, m_heads, m_headDim}).transpose(1, 2);      // [B, H, T, hd]
    torch::Tensor kh = k(x).view({B, T, m_kvHeads, m_headDim}).transpose(1, 2);    // [B, KV, T, hd]
    torch::Tensor vh = v(x).view({B, T, m_kvHeads, m_headDim}).transpose(1, 2);
    if (cos.defined()) {
        qh = applyRotary(qh, cos, sin);
        kh = applyRotary(kh, cos, sin);
    }
    const int64_t n = prefix.key.defined() ? prefix.key.size(2) : 0;
    if (n > 0) {
        kh = torch::cat({prefix.key.to(kh.scalar_type()), kh}, 2);    // [B, KV, n + T, hd]
        vh = torch::cat({prefix.value.to(vh.scalar_type()), vh}, 2);
    }
    if (m_kvHeads != m_heads) {  // grouped-query: query head h reads key/value head h / (H / KV)
        kh = kh.repeat_interleave(m_heads / m_kvHeads, 1);
        vh = vh.repeat_interleave(m_heads / m_kvHeads, 1);
    }
    // Position i sees the n prefix entries and the sequence's positions up to i.
    if (causalAttentionApplies(qh))
        return o(causalAttention(qh, kh, vh, n));
    const torch::Tensor causal = torch::ones({T, n + T}, torch::TensorOptions().dtype(torch::kBool).device(x.device())).triu(n + 1);
    torch::Tensor scores = torch::matmul(qh, kh.transpose(-2, -1)) * (1.0 / std::sqrt(double(m_headDim)));
    scores = scores.masked_fill(causal, -std::numeric_limits<float>::infinity());
    const torch::Tensor attn = torch::softmax(scores, -1);
    const torch::Tensor out = torch::matmul(attn, vh).transpose(1, 2).reshape({B, T, m_heads * m_headDim});
    return o(out);
}

MlpImpl::MlpImpl(const ModelConfig &c)
{
    const bool gpt2 = c.family == ModelFamily::Gpt2;
    up = register_module("up", AdaptableLinear(c.dModel, c.ffnDim, gpt2));
    if (!gpt2)
        gate = register_module("gate", AdaptableLinear(c.dModel, c.ffnDim, false));
    down = register_module("down", AdaptableLinear(c.ffnDim, c.dModel, gpt2));
}

torch::Tensor MlpImpl::forward(const torch::Tensor &x)
{
    if (gate)
        return down(torch::silu(gate(x)) * up(x));
    return down(tanhGelu(up(x)));
}

TransformerBlockImpl::TransformerBlockImpl(const ModelConfig &c)
{
    norm1 = register_module("norm1", Norm(c));
    attn = register_module("attn", Attention(c));
    norm2 = register_module("norm2", Norm(c));
    mlp = register_module("mlp", Mlp(c));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor &h, const torch::Tensor &cos, const torch::Tensor &sin,
                                            const AttentionPrefix &prefix)
{
    torch::Tensor out = h + attn(norm1(h), cos, sin, prefix);
    return out + mlp(norm2(out));
}

}  // namespace peftbench
