#include "model/HfModelExport.h"

#include "model/HfTensorNames.h"

#include <torch/torch.h>

#include <QJsonArray>

#include <stdexcept>

namespace peftbench {

QJsonObject hfConfigJson(const ModelConfig &c, int64_t bosId, int64_t eosId, int64_t padId)
{
    QJsonObject json;
    if (c.family == ModelFamily::Gpt2) {
        // Transformers' GPT-2 derives head_dim = n_embd / n_head and has as many K/V heads as heads.
        if (c.nKvHeads != c.nHeads || c.headDim * c.nHeads != c.dModel)
            throw std::invalid_argument(QStringLiteral("a GPT-2 config.json cannot describe this model: it has %1 heads of %2 "
                                                       "with %3 key/value heads and width %4 (GPT-2 needs n_head × head_dim = "
                                                       "n_embd and no grouped-query attention)")
                                            .arg(c.nHeads).arg(c.headDim).arg(c.nKvHeads).arg(c.dModel).toStdString());
        json = QJsonObject{
            {QStringLiteral("model_type"), QStringLiteral("gpt2")},
            {QStringLiteral("architectures"), QJsonArray{QStringLiteral("GPT2LMHeadModel")}},
            {QStringLiteral("vocab_size"), qint64(c.vocabSize)},
            {QStringLiteral("n_positions"), qint64(c.contextLength)},
            {QStringLiteral("n_ctx"), qint64(c.contextLength)},
            {QStringLiteral("n_embd"), qint64(c.dModel)},
            {QStringLiteral("n_layer"), qint64(c.nLayers)},
            {QStringLiteral("n_head"), qint64(c.nHeads)},
            {QStringLiteral("n_inner"), qint64(c.ffnDim)},
            {QStringLiteral("layer_norm_epsilon"), c.normEps},
            {QStringLiteral("activation_function"), QStringLiteral("gelu_new")},
            {QStringLiteral("scale_attn_weights"), true},
            {QStringLiteral("scale_attn_by_inverse_layer_idx"), false},
            {QStringLiteral("reorder_and_upcast_attn"), false},
            {QStringLiteral("tie_word_embeddings"), c.tiedHead},
        };
    } else {
        const bool qwen2 = c.qkvBias;
        json = QJsonObject{
            {QStringLiteral("model_type"), qwen2 ? QStringLiteral("qwen2") : QStringLiteral("llama")},
            {QStringLiteral("architectures"), QJsonArray{qwen2 ? QStringLiteral("Qwen2ForCausalLM") : QStringLiteral("LlamaForCausalLM")}},
            {QStringLiteral("vocab_size"), qint64(c.vocabSize)},
            {QStringLiteral("max_position_embeddings"), qint64(c.contextLength)},
            {QStringLiteral("hidden_size"), qint64(c.dModel)},
            {QStringLiteral("intermediate_size"), qint64(c.ffnDim)},
            {QStringLiteral("num_hidden_layers"), qint64(c.nLayers)},
            {QStringLiteral("num_attention_heads"), qint64(c.nHeads)},
            {QStringLiteral("num_key_value_heads"), qint64(c.nKvHeads)},
            {QStringLiteral("head_dim"), qint64(c.headDim)},
            {QStringLiteral("rms_norm_eps"), c.normEps},
            {QStringLiteral("rope_theta"), c.ropeTheta},
            {QStringLiteral("rope_scaling"), QJsonValue()},
            {QStringLiteral("hidden_act"), QStringLiteral("silu")},
            {QStringLiteral("mlp_bias"), false},
            {QStringLiteral("use_sliding_window"), false},
            {QStringLiteral("tie_word_embeddings"), c.tiedHead},
        };
        if (!qwen2)
            json.insert(QStringLiteral("attention_bias"), false);
    }
    json.insert(QStringLiteral("torch_dtype"), QStringLiteral("float32"));
    const std::pair<const char *, int64_t> ids[] = {{"bos_token_id", bosId}, {"eos_token_id", eosId}, {"pad_token_id", padId}};
    for (const auto &[key, id] : ids)
        if (id >= 0)
            json.insert(QLatin1String(key), qint64(id));
    return json;
}

std::vector<std::pair<std::string, torch::Tensor>> hfTensorsFromOurs(const ModelConfig &config, const TensorFile &weights)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const HfTensorMapping &m : hfTensorMappings(config)) {
        std::vector<torch::Tensor> parts;
        for (const std::string &name : m.ourNames) {
            const torch::Tensor *t = weights.find(name);
            if (!t)
                throw std::invalid_argument("the model has no parameter " + name + " (needed for " + m.hfName + ")");
            parts.push_back(t->detach().to(torch::kCPU, torch::kFloat));
        }
        out.emplace_back(m.hfName, hfTensorFromOurs(m, parts));
    }
    return out;
}

}  // namespace peftbench
