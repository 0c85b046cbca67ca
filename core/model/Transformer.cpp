#include "model/Transformer.h"

#include "model/BlockCheckpoint.h"

#include <torch/torch.h>

#include <QJsonDocument>

#include <cmath>

namespace peftbench {

TransformerImpl::TransformerImpl(const ModelConfig &config) : m_config(config)
{
    m_config.validate();
    const ModelConfig &c = m_config;
    tokEmb = register_module("tok_emb", torch::nn::Embedding(c.vocabSize, c.dModel));
    if (c.family == ModelFamily::Gpt2)
        posEmb = register_module("pos_emb", torch::nn::Embedding(c.contextLength, c.dModel));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.nLayers; ++i)
        blocks->push_back(TransformerBlock(c));
    finalNorm = register_module("final_norm", Norm(c));
    if (!c.tiedHead)
        lmHead = register_module("lm_head", AdaptableLinear(c.dModel, c.vocabSize, false));
    if (c.family == ModelFamily::Llama) {
        const torch::Tensor exponents = torch::arange(0, c.headDim, 2, torch::kFloat64) / double(c.headDim);
        m_invFreq = register_buffer("rope_inv_freq", (1.0 / torch::pow(c.ropeTheta, exponents)).to(torch::kFloat32));
    }
    initializeWeights(0);
}

void TransformerImpl::initializeWeights(uint64_t seed)
{
    torch::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const double residualStd = 0.02 / std::sqrt(2.0 * double(m_config.nLayers));
    for (auto &item : named_parameters()) {
        const std::string &name = item.key();
        torch::Tensor &p = item.value();
        const bool isNorm = name.find("norm") != std::string::npos;
        const bool isBias = name.size() >= 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
        if (isNorm)
            p.fill_(isBias ? 0.0 : 1.0);
        else if (isBias)
            p.zero_();
        else {
            const bool residual = name.find(".attn.o.") != std::string::npos || name.find(".mlp.down.") != std::string::npos;
            const double std = name.rfind("pos_emb", 0) == 0 ? 0.01 : residual ? residualStd : 0.02;
            p.copy_(at::normal(0.0, std, p.sizes(), gen));
        }
    }
}

torch::Tensor TransformerImpl::embed(const torch::Tensor &ids)
{
    return tokEmb(ids);
}

torch::Tensor TransformerImpl::positioned(const torch::Tensor &embeddings, int64_t offset, torch::Tensor &cos,
                                          torch::Tensor &sin) const
{
    const int64_t T = embeddings.size(1);
    if (posEmb)
        return embeddings + posEmb->weight.narrow(0, offset, T);
    const torch::Tensor positions =
        torch::arange(offset, offset + T, torch::TensorOptions().dtype(torch::kFloat32).device(embeddings.device()));
    const torch::Tensor freqs = torch::outer(positions, m_invFreq);
    const torch::Tensor angles = torch::cat({freqs, freqs}, -1);
    cos = angles.cos().to(embeddings.scalar_type());
    sin = angles.sin().to(embeddings.scalar_type());
    return embeddings;
}

torch::Tensor TransformerImpl::forwardEmbeddings(const torch::Tensor &embeddings)
{
    return forwardEmbeddings(embeddings, {});
}

torch::Tensor TransformerImpl::forwardEmbeddings(const torch::Tensor &embeddings, const std::vector<AttentionPrefix> &prefixes)
{
    return head(hiddenStates(embeddings, prefixes));
}

torch::Tensor TransformerImpl::head(const torch::Tensor &hidden)
{
    return lmHead ? lmHead(hidden) : torch::nn::functional::linear(hidden, tokEmb->weight);
}

torch::Tensor TransformerImpl::plainHeadWeight() const
{
    if (!lmHead)
        return tokEmb->weight;
    const bool adapted = lmHead->adapter() && !lmHead->merged();
    return adapted || lmHead->bias.defined() ? torch::Tensor() : lmHead->weight;
}

torch::Tensor TransformerImpl::hiddenStates(const torch::Tensor &embeddings, const std::vector<AttentionPrefix> &prefixes)
{
    const int64_t T = embeddings.size(1);
    TORCH_CHECK(prefixes.empty() || int64_t(prefixes.size()) == m_config.nLayers, "prefix tuning gave ", prefixes.size(),
                " prefixes for ", m_config.nLayers, " blocks");
    const int64_t n = prefixes.empty() ? 0 : prefixes.front().key.size(2);
    TORCH_CHECK(n + T <= m_config.contextLength, "sequence of ", T, " tokens",
                n > 0 ? " after " + std::to_string(n) + " prefix tokens" : std::string(), " exceeds the model's context of ",
                m_config.contextLength);
    torch::Tensor cos, sin;
    torch::Tensor h = positioned(embeddings, n, cos, sin);
    const bool checkpoint = m_checkpointBlocks && is_training() && torch::GradMode::is_enabled();
    for (size_t i = 0; i < blocks->size(); ++i) {
        TransformerBlockImpl *b = blocks[i]->as<TransformerBlock>();
        const AttentionPrefix prefix = prefixes.empty() ? AttentionPrefix{} : prefixes[i];
        h = checkpoint ? checkpointedBlockForward(*b, h, cos, sin, prefix) : b->forward(h, cos, sin, prefix);
    }
    return finalNorm(h);
}

std::vector<AttentionPrefix> TransformerImpl::keysAndValues(const torch::Tensor &ids)
{
    const int64_t B = ids.size(0), T = ids.size(1);
    torch::Tensor cos, sin;
    torch::Tensor h = positioned(embed(ids), 0, cos, sin);
    std::vector<AttentionPrefix> out;
    for (const auto &block : *blocks) {
        TransformerBlockImpl *b = block->as<TransformerBlock>();
        const torch::Tensor x = b->norm1(h);
        const int64_t kvHeads = m_config.nKvHeads, hd = m_config.headDim;
        out.push_back({b->attn->k(x).view({B, T, kvHeads, hd}).transpose(1, 2),
                       b->attn->v(x).view({B, T, kvHeads, hd}).transpose(1, 2)});
        h = b->forward(h, cos, sin);
    }
    return out;
}

torch::Tensor TransformerImpl::forward(const torch::Tensor &ids)
{
    return forwardEmbeddings(embed(ids));
}

std::map<std::string, AdaptableLinear> TransformerImpl::linearLayers() const
{
    std::map<std::string, AdaptableLinear> layers;
    for (const auto &item : named_modules("", false)) {
        if (auto linear = std::dynamic_pointer_cast<AdaptableLinearImpl>(item.value()))
            layers.emplace(item.key(), AdaptableLinear(linear));
    }
    return layers;
}

TensorFile TransformerImpl::toTensorFile() const
{
    TensorFile file;
    file.kind = QStringLiteral("model");
    file.metadata.insert(QStringLiteral("model_config"),
                         QString::fromUtf8(QJsonDocument(m_config.toJson()).toJson(QJsonDocument::Compact)));
    for (const auto &item : named_parameters())
        file.tensors.emplace_back(item.key(), item.value().detach());
    return file;
}

void TransformerImpl::loadWeights(const TensorFile &file)
{
    torch::NoGradGuard noGrad;
    QStringList missing, misshaped, unexpected;
    const auto params = named_parameters();
    for (const auto &item : params) {
        const torch::Tensor *src = file.find(item.key());
        if (!src)
            missing << QString::fromStdString(item.key());
        else if (src->sizes() != item.value().sizes())
            misshaped << QStringLiteral("%1 (file %2, model %3)")
                             .arg(QString::fromStdString(item.key()),
                                  QString::fromStdString(c10::str(src->sizes())),
                                  QString::fromStdString(c10::str(item.value().sizes())));
    }
    for (const auto &[name, tensor] : file.tensors)
        if (!params.contains(name) && name.rfind("golden.", 0) != 0)
            unexpected << QString::fromStdString(name);
    if (!missing.isEmpty() || !misshaped.isEmpty() || !unexpected.isEmpty()) {
        QStringList problems;
        if (!missing.isEmpty())
            problems << QStringLiteral("missing tensors: ") + missing.join(QStringLiteral(", "));
        if (!misshaped.isEmpty())
            problems << QStringLiteral("shape mismatches: ") + misshaped.join(QStringLiteral(", "));
        if (!unexpected.isEmpty())
            problems << QStringLiteral("unexpected tensors: ") + unexpected.join(QStringLiteral(", "));
        throw std::invalid_argument(problems.join(QStringLiteral("; ")).toStdString());
    }
    for (auto &item : params)
        item.value().copy_(file.find(item.key())->to(item.value().dtype()));
}

ModelConfig modelConfigFromTensorFile(const TensorFile &file, const QString &path)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.metadata.value(QStringLiteral("model_config")).toUtf8(), &error);
    if (!doc.isObject())
        throw FileFormatError(QStringLiteral("%1: metadata 'model_config' is missing or not a JSON object").arg(path).toStdString());
    try {
        return ModelConfig::fromJson(doc.object());
    } catch (const std::invalid_argument &e) {
        throw FileFormatError(QStringLiteral("%1: %2").arg(path, QString::fromUtf8(e.what())).toStdString());
    }
}

Transformer loadTransformer(const QString &path)
{
    const TensorFile file = readTensorFile(path);
    Transformer model(modelConfigFromTensorFile(file, path));
    try {
        model->loadWeights(file);
    } catch (const std::invalid_argument &e) {
        throw FileFormatError(QStringLiteral("%1: %2").arg(path, QString::fromUtf8(e.what())).toStdString());
    }
    return model;
}

}  // namespace peftbench
