#include "methods/PromptTuningMethod.h"

#include <torch/torch.h>

#include <QString>

namespace peftbench {

std::vector<torch::Tensor> PromptTuningMethod::apply(Transformer model, uint64_t seed)
{
    m_model = model;
    freezeAll(*model);
    const ModelConfig &c = model->config();
    const int64_t n = m_settings.numVirtualTokens;
    if (n < 1 || n >= c.contextLength)
        throw std::invalid_argument(QStringLiteral("prompt_tuning.num_virtual_tokens = %1 is outside 1..%2 (the model's context is %3)")
                                        .arg(n).arg(c.contextLength - 1).arg(c.contextLength).toStdString());
    torch::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const torch::Tensor table = model->tokEmb->weight.detach();
    switch (m_settings.init) {
    case PromptInit::Random:
        // Same scale as the real token embeddings, so the frozen model sees familiar magnitudes.
        m_prompt = at::normal(0.0, table.std().item<double>(), {n, c.dModel}, gen);
        break;
    case PromptInit::SampleVocab:
        m_prompt = table.index_select(0, at::randint(0, c.vocabSize, {n}, gen, torch::kLong)).clone();
        break;
    case PromptInit::Text: {
        if (m_settings.initTokenIds.empty())
            throw std::invalid_argument("prompt_tuning.init = text needs a non-empty prompt_tuning.init_text");
        std::vector<int64_t> ids;
        for (int64_t i = 0; i < n; ++i)  // repeat or truncate the text to n tokens
            ids.push_back(m_settings.initTokenIds[size_t(i) % m_settings.initTokenIds.size()]);
        m_prompt = table.index_select(0, torch::tensor(ids, torch::kLong)).clone();
        break;
    }
    }
    m_prompt = m_prompt.to(table.device(), table.scalar_type()).set_requires_grad(true);
    return {m_prompt};
}

torch::Tensor PromptTuningMethod::hidden(const torch::Tensor &ids)
{
    const int64_t B = ids.size(0), T = ids.size(1), n = m_prompt.size(0);
    const torch::Tensor inputs = torch::cat({m_prompt.unsqueeze(0).expand({B, n, m_prompt.size(1)}), m_model->embed(ids)}, 1);
    return m_model->hiddenStates(inputs).narrow(1, n, T);
}

TensorFile PromptTuningMethod::adapterFile() const
{
    TensorFile file;
    file.kind = QStringLiteral("adapter");
    file.metadata = {{QStringLiteral("method"), QStringLiteral("prompt_tuning")},
                     {QStringLiteral("num_virtual_tokens"), QString::number(m_settings.numVirtualTokens)},
                     {QStringLiteral("init"), promptInitName(m_settings.init)}};
    file.tensors.emplace_back("prompt_embeddings", m_prompt.detach());
    return file;
}

void PromptTuningMethod::loadAdapter(const TensorFile &file)
{
    const torch::Tensor *src = file.find("prompt_embeddings");
    if (file.metadata.value(QStringLiteral("method")) != QLatin1String("prompt_tuning") || !src || src->sizes() != m_prompt.sizes())
        throw std::invalid_argument("not a prompt-tuning adapter for this model and num_virtual_tokens");
    torch::NoGradGuard noGrad;
    m_prompt.copy_(*src);
}

}  // namespace peftbench
