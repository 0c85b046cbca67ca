#include "model/HfTensorNames.h"

#include <torch/torch.h>

#include <QString>
#include <QStringList>

#include <stdexcept>

namespace peftbench {

namespace {

std::string layerPrefix(const ModelConfig &c, int64_t layer)
{
    return c.family == ModelFamily::Gpt2 ? "transformer.h." + std::to_string(layer) + "."
                                         : "model.layers." + std::to_string(layer) + ".";
}

std::string block(int64_t layer, const char *rest)
{
    return "blocks." + std::to_string(layer) + "." + rest;
}

// One HF tensor holding one parameter of ours of the same shape (Conv1D aside).
HfTensorMapping single(std::string hfName, std::vector<int64_t> hfShape, std::string ourName, bool inputMajor = false)
{
    HfTensorMapping m;
    m.hfName = std::move(hfName);
    m.hfShape = std::move(hfShape);
    m.ourNames = {std::move(ourName)};
    m.ourSizes = {inputMajor ? m.hfShape.back() : m.hfShape.front()};
    m.inputMajor = inputMajor;
    return m;
}

void addGpt2Layer(const ModelConfig &c, int64_t i, std::vector<HfTensorMapping> &out)
{
    const std::string hf = layerPrefix(c, i);
    const int64_t d = c.dModel, qDim = c.nHeads * c.headDim, kvDim = c.nKvHeads * c.headDim;
    out.push_back(single(hf + "ln_1.weight", {d}, block(i, "norm1.weight")));
    out.push_back(single(hf + "ln_1.bias", {d}, block(i, "norm1.bias")));
    HfTensorMapping qkv;
    qkv.hfName = hf + "attn.c_attn.weight";
    qkv.hfShape = {d, qDim + 2 * kvDim};
    qkv.ourNames = {block(i, "attn.q.weight"), block(i, "attn.k.weight"), block(i, "attn.v.weight")};
    qkv.ourSizes = {qDim, kvDim, kvDim};
    qkv.inputMajor = true;
    out.push_back(qkv);
    qkv.hfName = hf + "attn.c_attn.bias";
    qkv.hfShape = {qDim + 2 * kvDim};
    qkv.ourNames = {block(i, "attn.q.bias"), block(i, "attn.k.bias"), block(i, "attn.v.bias")};
    qkv.inputMajor = false;
    out.push_back(qkv);
    out.push_back(single(hf + "attn.c_proj.weight", {qDim, d}, block(i, "attn.o.weight"), true));
    out.push_back(single(hf + "attn.c_proj.bias", {d}, block(i, "attn.o.bias")));
    out.push_back(single(hf + "ln_2.weight", {d}, block(i, "norm2.weight")));
    out.push_back(single(hf + "ln_2.bias", {d}, block(i, "norm2.bias")));
    out.push_back(single(hf + "mlp.c_fc.weight", {d, c.ffnDim}, block(i, "mlp.up.weight"), true));
    out.push_back(single(hf + "mlp.c_fc.bias", {c.ffnDim}, block(i, "mlp.up.bias")));
    out.push_back(single(hf + "mlp.c_proj.weight", {c.ffnDim, d}, block(i, "mlp.down.weight"), true));
    out.push_back(single(hf + "mlp.c_proj.bias", {d}, block(i, "mlp.down.bias")));
}

void addLlamaLayer(const ModelConfig &c, int64_t i, std::vector<HfTensorMapping> &out)
{
    const std::string hf = layerPrefix(c, i);
    const int64_t d = c.dModel, qDim = c.nHeads * c.headDim, kvDim = c.nKvHeads * c.headDim;
    out.push_back(single(hf + "input_layernorm.weight", {d}, block(i, "norm1.weight")));
    const std::pair<const char *, int64_t> projections[] = {{"q", qDim}, {"k", kvDim}, {"v", kvDim}};
    for (const auto &[name, rows] : projections) {
        const std::string hfName = hf + "self_attn." + name + "_proj.";
        const std::string ours = std::string("attn.") + name + ".";
        out.push_back(single(hfName + "weight", {rows, d}, block(i, (ours + "weight").c_str())));
        if (c.qkvBias)
            out.push_back(single(hfName + "bias", {rows}, block(i, (ours + "bias").c_str())));
    }
    out.push_back(single(hf + "self_attn.o_proj.weight", {d, qDim}, block(i, "attn.o.weight")));
    out.push_back(single(hf + "post_attention_layernorm.weight", {d}, block(i, "norm2.weight")));
    out.push_back(single(hf + "mlp.gate_proj.weight", {c.ffnDim, d}, block(i, "mlp.gate.weight")));
    out.push_back(single(hf + "mlp.up_proj.weight", {c.ffnDim, d}, block(i, "mlp.up.weight")));
    out.push_back(single(hf + "mlp.down_proj.weight", {d, c.ffnDim}, block(i, "mlp.down.weight")));
}

QString shapeText(at::IntArrayRef shape)
{
    QStringList dims;
    for (int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string hfBaseModelPrefix(ModelFamily family)
{
    return family == ModelFamily::Gpt2 ? "transformer." : "model.";
}

std::vector<HfTensorMapping> hfTensorMappings(const ModelConfig &c)
{
    std::vector<HfTensorMapping> out;
    const std::string base = hfBaseModelPrefix(c.family);
    if (c.family == ModelFamily::Gpt2) {
        out.push_back(single(base + "wte.weight", {c.vocabSize, c.dModel}, "tok_emb.weight"));
        out.push_back(single(base + "wpe.weight", {c.contextLength, c.dModel}, "pos_emb.weight"));
        for (int64_t i = 0; i < c.nLayers; ++i)
            addGpt2Layer(c, i, out);
        out.push_back(single(base + "ln_f.weight", {c.dModel}, "final_norm.weight"));
        out.push_back(single(base + "ln_f.bias", {c.dModel}, "final_norm.bias"));
    } else {
        out.push_back(single(base + "embed_tokens.weight", {c.vocabSize, c.dModel}, "tok_emb.weight"));
        for (int64_t i = 0; i < c.nLayers; ++i)
            addLlamaLayer(c, i, out);
        out.push_back(single(base + "norm.weight", {c.dModel}, "final_norm.weight"));
    }
    if (!c.tiedHead)
        out.push_back(single("lm_head.weight", {c.vocabSize, c.dModel}, "lm_head.weight"));
    return out;
}

bool isIgnorableHfBuffer(ModelFamily family, const std::string &hfName)
{
    if (family == ModelFamily::Gpt2)
        return endsWith(hfName, ".attn.bias") || endsWith(hfName, ".attn.masked_bias");
    return endsWith(hfName, ".rotary_emb.inv_freq");
}

std::vector<torch::Tensor> ourTensorsFromHf(const HfTensorMapping &m, const torch::Tensor &hf)
{
    if (hf.sizes() != at::IntArrayRef(m.hfShape))
        throw std::invalid_argument(QStringLiteral("%1 is %2, expected %3")
                                        .arg(QString::fromStdString(m.hfName), shapeText(hf.sizes()), shapeText(m.hfShape))
                                        .toStdString());
    const torch::Tensor outputMajor = m.inputMajor ? hf.t() : hf;
    std::vector<torch::Tensor> parts;
    int64_t offset = 0;
    for (int64_t size : m.ourSizes) {
        parts.push_back(outputMajor.narrow(0, offset, size).contiguous());
        offset += size;
    }
    return parts;
}

torch::Tensor hfTensorFromOurs(const HfTensorMapping &m, const std::vector<torch::Tensor> &ours)
{
    if (ours.size() != m.ourNames.size())
        throw std::invalid_argument(QStringLiteral("%1 is made of %2 tensors, got %3")
                                        .arg(QString::fromStdString(m.hfName))
                                        .arg(m.ourNames.size())
                                        .arg(ours.size())
                                        .toStdString());
    std::vector<int64_t> partShape = m.hfShape;
    for (size_t i = 0; i < ours.size(); ++i) {
        partShape[m.inputMajor ? partShape.size() - 1 : 0] = m.ourSizes[i];
        std::vector<int64_t> expected = partShape;
        if (m.inputMajor)
            std::swap(expected.front(), expected.back());
        if (ours[i].sizes() != at::IntArrayRef(expected))
            throw std::invalid_argument(QStringLiteral("%1 is %2, expected %3 for %4")
                                            .arg(QString::fromStdString(m.ourNames[i]), shapeText(ours[i].sizes()),
                                                 shapeText(expected), QString::fromStdString(m.hfName))
                                            .toStdString());
    }
    const torch::Tensor outputMajor = ours.size() == 1 ? ours.front() : torch::cat(ours, 0);
    return (m.inputMajor ? outputMajor.t() : outputMajor).contiguous();
}

std::optional<HfTensorLocation> findHfTensorFor(const std::vector<HfTensorMapping> &mappings, const std::string &ourName)
{
    for (const HfTensorMapping &m : mappings)
        for (size_t i = 0; i < m.ourNames.size(); ++i)
            if (m.ourNames[i] == ourName)
                return HfTensorLocation{&m, i};
    return std::nullopt;
}

}  // namespace peftbench
