#include "methods/PrefixTuningMethod.h"

#include <torch/torch.h>

#include <QString>

#include <cmath>

namespace peftbench {

namespace {

// torch.nn.Linear's default initialisation, from our own generator so runs are reproducible.
torch::Tensor linearInit(int64_t out, int64_t in, at::Generator &gen)
{
    const double bound = 1.0 / std::sqrt(double(in));
    return at::empty({out, in}).uniform_(-bound, bound, gen);
}

}  // namespace

std::vector<torch::Tensor> PrefixTuningMethod::apply(Transformer model, uint64_t seed)
{
    m_model = model;
    freezeAll(*model);
    const ModelConfig &c = model->config();
    const int64_t n = m_settings.numVirtualTokens;
    if (n < 1 || n >= c.contextLength)
        throw std::invalid_argument(QStringLiteral("prefix_tuning.num_virtual_tokens = %1 is outside 1..%2 (the model's context is %3)")
                                        .arg(n).arg(c.contextLength - 1).arg(c.contextLength).toStdString());
    if (m_settings.projection && m_settings.projectionHidden < 1)
        throw std::invalid_argument(QStringLiteral("prefix_tuning.projection_hidden = %1 must be at least 1")
                                        .arg(m_settings.projectionHidden).toStdString());
    torch::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const torch::Tensor reference = model->tokEmb->weight;
    const auto options = torch::TensorOptions().device(reference.device()).dtype(reference.scalar_type());
    const int64_t width = 2 * c.nLayers * kvDim(c);
    if (!m_settings.projection) {
        // Real tokens' keys and values keep the frozen attention in familiar ranges from step one
        // (Li & Liang found initialising from real words much steadier than random values).
        const torch::Tensor ids = at::randint(0, c.vocabSize, {1, n}, gen, torch::kLong).to(reference.device());
        const bool wasTraining = model->is_training();
        model->eval();
        std::vector<torch::Tensor> perLayer;   // [KV, n, hd] each: block 0 key, block 0 value, block 1 key, ...
        for (const AttentionPrefix &kv : model->keysAndValues(ids)) {
            perLayer.push_back(kv.key[0]);
            perLayer.push_back(kv.value[0]);
        }
        model->train(wasTraining);
        // [2·blocks, KV, n, hd] → [n, 2·blocks, KV, hd] → [n, width]
        m_table = torch::stack(perLayer).permute({2, 0, 1, 3}).reshape({n, width}).contiguous().to(options);
        m_table.set_requires_grad(true);
        return {m_table};
    }
    // PEFT's PrefixEncoder: nn.Embedding's N(0, 1), nn.Linear's defaults.
    const int64_t d = kvDim(c), hidden = m_settings.projectionHidden;
    m_embedding = at::normal(0.0, 1.0, {n, d}, gen).to(options).set_requires_grad(true);
    m_hiddenWeight = linearInit(hidden, d, gen).to(options).set_requires_grad(true);
    m_hiddenBias = (at::empty({hidden}).uniform_(-1.0 / std::sqrt(double(d)), 1.0 / std::sqrt(double(d)), gen)).to(options).set_requires_grad(true);
    m_outputWeight = linearInit(width, hidden, gen).to(options).set_requires_grad(true);
    m_outputBias = (at::empty({width}).uniform_(-1.0 / std::sqrt(double(hidden)), 1.0 / std::sqrt(double(hidden)), gen)).to(options).set_requires_grad(true);
    return {m_embedding, m_hiddenWeight, m_hiddenBias, m_outputWeight, m_outputBias};
}

torch::Tensor PrefixTuningMethod::prefixTable() const
{
    if (!m_settings.projection)
        return m_table;
    namespace F = torch::nn::functional;
    return F::linear(torch::tanh(F::linear(m_embedding, m_hiddenWeight, m_hiddenBias)), m_outputWeight, m_outputBias);
}

std::vector<AttentionPrefix> PrefixTuningMethod::prefixes(int64_t batch) const
{
    const ModelConfig &c = m_model->config();
    const int64_t n = m_settings.numVirtualTokens;
    // PEFT's get_prompt: view [n, 2·blocks, KV, hd], permute to [2·blocks, KV, n, hd], pairs per block.
    const torch::Tensor table = prefixTable().view({n, 2 * c.nLayers, c.nKvHeads, c.headDim}).permute({1, 2, 0, 3});
    std::vector<AttentionPrefix> out;
    for (int64_t l = 0; l < c.nLayers; ++l)
        out.push_back({table[2 * l].unsqueeze(0).expand({batch, c.nKvHeads, n, c.headDim}),
                       table[2 * l + 1].unsqueeze(0).expand({batch, c.nKvHeads, n, c.headDim})});
    return out;
}

torch::Tensor PrefixTuningMethod::hidden(const torch::Tensor &ids)
{
    return m_model->hiddenStates(m_model->embed(ids), prefixes(ids.size(0)));
}

std::vector<std::pair<std::string, torch::Tensor *>> PrefixTuningMethod::trainedTensors()
{
    if (!m_settings.projection)
        return {{"prefix_embeddings", &m_table}};
    return {{"prefix_encoder.embedding", &m_embedding},
            {"prefix_encoder.hidden.weight", &m_hiddenWeight},
            {"prefix_encoder.hidden.bias", &m_hiddenBias},
            {"prefix_encoder.output.weight", &m_outputWeight},
            {"prefix_encoder.output.bias", &m_outputBias}};
}

TensorFile PrefixTuningMethod::adapterFile() const
{
    TensorFile file;
    file.kind = QStringLiteral("adapter");
    file.metadata = {{QStringLiteral("method"), methodKindName(kind())},
                     {QStringLiteral("num_virtual_tokens"), QString::number(m_settings.numVirtualTokens)},
                     {QStringLiteral("projection"), m_settings.projection ? QStringLiteral("true") : QStringLiteral("false")},
                     {QStringLiteral("projection_hidden"), QString::number(m_settings.projectionHidden)}};
    for (const auto &[name, tensor] : const_cast<PrefixTuningMethod *>(this)->trainedTensors())
        file.tensors.emplace_back(name, tensor->detach());
    return file;
}

void PrefixTuningMethod::loadAdapter(const TensorFile &file)
{
    if (file.metadata.value(QStringLiteral("method")) != methodKindName(kind()))
        throw std::invalid_argument("not a prefix-tuning adapter (method is '" + file.metadata.value(QStringLiteral("method")).toStdString() + "')");
    torch::NoGradGuard noGrad;
    for (const auto &[name, tensor] : trainedTensors()) {
        const torch::Tensor *src = file.find(name);
        if (!src || src->sizes() != tensor->sizes())
            throw std::invalid_argument("prefix-tuning adapter tensor '" + name + "' is missing or has the wrong shape for this "
                                        "model, num_virtual_tokens and projection");
        tensor->copy_(*src);
    }
}

}  // namespace peftbench
