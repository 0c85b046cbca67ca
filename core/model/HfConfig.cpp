#include "model/HfConfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <optional>
#include <stdexcept>

namespace peftbench {

namespace {

QString jsonText(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull())
        return QStringLiteral("null");
    return QString::number(v.toDouble(), 'g', 17);
}

// Reads keys of one config.json, collecting every problem instead of stopping at the first.
class ConfigKeys {
public:
    ConfigKeys(const QJsonObject &json, const QString &path, QStringList &problems)
        : m_json(json), m_path(path), m_problems(problems)
    {
    }

    void problem(const QString &key, const QString &what)
    {
        m_problems << QStringLiteral("%1: '%2' %3").arg(m_path, key, what);
    }

    bool has(const char *key) const
    {
        const QJsonValue v = m_json.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull();
    }

    // A whole number >= 1; `fallback` when absent or null (nullopt: the key is required).
    int64_t count(const char *key, std::optional<int64_t> fallback = std::nullopt)
    {
        const QJsonValue v = m_json.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (!fallback)
                problem(QLatin1String(key), QStringLiteral("is missing (expected a whole number >= 1)"));
            return fallback.value_or(1);
        }
        const double d = v.toDouble(-1.0);
        if (!v.isDouble() || d < 1 || d > 9e15 || d != std::floor(d)) {
            problem(QLatin1String(key), QStringLiteral("is %1, expected a whole number >= 1").arg(jsonText(v)));
            return 1;
        }
        return int64_t(d);
    }

    double positive(const char *key, double fallback)
    {
        const QJsonValue v = m_json.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isDouble() || !(v.toDouble() > 0) || !std::isfinite(v.toDouble())) {
            problem(QLatin1String(key), QStringLiteral("is %1, expected a number > 0").arg(jsonText(v)));
            return fallback;
        }
        return v.toDouble();
    }

    bool flag(const char *key, bool fallback)
    {
        const QJsonValue v = m_json.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isBool()) {
            problem(QLatin1String(key), QStringLiteral("is %1, expected true or false").arg(jsonText(v)));
            return fallback;
        }
        return v.toBool();
    }

    // A feature switch our transformer lacks: fine while it has the value that turns it off.
    void requireFlag(const char *key, bool supported, const QString &why)
    {
        if (flag(key, supported) != supported)
            problem(QLatin1String(key), QStringLiteral("is %1: %2 (expected %3)")
                                            .arg(jsonText(m_json.value(QLatin1String(key))), why,
                                                 supported ? QStringLiteral("true") : QStringLiteral("false")));
    }

    void requireNull(const char *key, const QString &why)
    {
        if (has(key))
            problem(QLatin1String(key), QStringLiteral("is %1: %2 (expected null or absent)")
                                            .arg(jsonText(m_json.value(QLatin1String(key))), why));
    }

    void requireString(const char *key, const QStringList &allowed, const QString &why)
    {
        const QJsonValue v = m_json.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return;  // Transformers' default is the supported value
        if (!v.isString() || !allowed.contains(v.toString()))
            problem(QLatin1String(key), QStringLiteral("is %1: %2 (expected %3)")
                                            .arg(jsonText(v), why, QLatin1Char('"') + allowed.join(QStringLiteral("\" or \""))
                                                                       + QLatin1Char('"')));
    }

private:
    const QJsonObject &m_json;
    QString m_path;
    QStringList &m_problems;
};

void readGpt2(ConfigKeys &keys, ModelConfig &c)
{
    c.family = ModelFamily::Gpt2;
    c.vocabSize = keys.count("vocab_size");
    c.contextLength = keys.count("n_positions");
    c.dModel = keys.count("n_embd");
    c.nLayers = keys.count("n_layer");
    c.nHeads = keys.count("n_head");
    c.nKvHeads = c.nHeads;
    if (c.dModel % c.nHeads != 0)
        keys.problem(QStringLiteral("n_embd"), QStringLiteral("is %1, expected a multiple of n_head (%2)").arg(c.dModel).arg(c.nHeads));
    c.headDim = c.dModel / c.nHeads;
    c.ffnDim = keys.count("n_inner", 4 * c.dModel);  // null means 4 · n_embd
    c.normEps = keys.positive("layer_norm_epsilon", 1e-5);
    c.qkvBias = true;
    c.tiedHead = keys.flag("tie_word_embeddings", true);
    // gelu_new is GPT-2's tanh approximation, which our GELU computes; exact erf GELU differs.
    keys.requireString("activation_function", {QStringLiteral("gelu_new"), QStringLiteral("gelu_pytorch_tanh")},
                       QStringLiteral("only the tanh-approximated GELU is implemented"));
    keys.requireFlag("scale_attn_weights", true, QStringLiteral("attention without the 1/sqrt(head_dim) scale is not implemented"));
    keys.requireFlag("scale_attn_by_inverse_layer_idx", false, QStringLiteral("per-layer attention scaling is not implemented"));
    keys.requireFlag("add_cross_attention", false, QStringLiteral("cross-attention is not implemented (decoder-only models only)"));
}

void readLlama(ConfigKeys &keys, ModelConfig &c, bool qwen2)
{
    c.family = ModelFamily::Llama;
    c.vocabSize = keys.count("vocab_size");
    c.contextLength = keys.count("max_position_embeddings", qwen2 ? 32768 : 2048);
    c.dModel = keys.count("hidden_size");
    c.nLayers = keys.count("num_hidden_layers");
    c.nHeads = keys.count("num_attention_heads");
    c.nKvHeads = keys.count("num_key_value_heads", c.nHeads);
    if (c.nHeads % c.nKvHeads != 0)
        keys.problem(QStringLiteral("num_key_value_heads"), QStringLiteral("is %1, expected a divisor of num_attention_heads (%2)")
                                                                 .arg(c.nKvHeads)
                                                                 .arg(c.nHeads));
    if (keys.has("head_dim")) {
        c.headDim = keys.count("head_dim");
    } else {
        if (c.dModel % c.nHeads != 0)
            keys.problem(QStringLiteral("hidden_size"), QStringLiteral("is %1, expected a multiple of num_attention_heads (%2) "
                                                                       "when head_dim is not given")
                                                             .arg(c.dModel)
                                                             .arg(c.nHeads));
        c.headDim = c.dModel / c.nHeads;
    }
    if (c.headDim % 2 != 0)
        keys.problem(QStringLiteral("head_dim"), QStringLiteral("is %1, expected an even number (RoPE rotates pairs)").arg(c.headDim));
    c.ffnDim = keys.count("intermediate_size");
    c.normEps = keys.positive("rms_norm_eps", 1e-6);
    c.ropeTheta = keys.positive("rope_theta", 10000.0);
    c.tiedHead = keys.flag("tie_word_embeddings", false);
    if (qwen2) {
        c.qkvBias = true;  // Qwen2 always has q/k/v biases and none on o_proj
        // Qwen2's config carries sliding_window even when unused; only use_sliding_window turns it on.
        keys.requireFlag("use_sliding_window", false, QStringLiteral("sliding-window attention is not implemented"));
    } else {
        c.qkvBias = false;
        // Transformers' Llama puts attention_bias on o_proj as well; our Llama family has q/k/v biases only.
        keys.requireFlag("attention_bias", false, QStringLiteral("a bias on o_proj is not implemented (q/k/v biases are, as in Qwen2)"));
        keys.requireFlag("use_sliding_window", false, QStringLiteral("sliding-window attention is not implemented"));
    }
    keys.requireFlag("mlp_bias", false, QStringLiteral("biases in the MLP are not implemented"));
    keys.requireString("hidden_act", {QStringLiteral("silu")}, QStringLiteral("only SwiGLU with SiLU is implemented"));
    keys.requireNull("rope_scaling", QStringLiteral("scaled RoPE (linear, dynamic, YaRN, llama3, ...) is not implemented"));
}

}  // namespace

QStringList supportedHfModelTypes()
{
    return {QStringLiteral("gpt2"), QStringLiteral("llama"), QStringLiteral("qwen2")};
}

HfModelConfig parseHfConfig(const QJsonObject &json, const QString &path, QStringList &problems)
{
    HfModelConfig result;
    const int before = problems.size();
    ConfigKeys keys(json, path, problems);
    const QJsonValue type = json.value(QStringLiteral("model_type"));
    const QString expected = QStringLiteral("expected one of %1; SmolLM, TinyLlama and Llama 2/3 are \"llama\"")
                                 .arg(supportedHfModelTypes().join(QStringLiteral(", ")));
    if (type.isUndefined()) {
        keys.problem(QStringLiteral("model_type"), QStringLiteral("is missing (%1)").arg(expected));
        return result;
    }
    result.modelType = type.toString();
    if (!type.isString() || !supportedHfModelTypes().contains(result.modelType)) {
        keys.problem(QStringLiteral("model_type"), QStringLiteral("is %1: this build cannot import it (%2)").arg(jsonText(type), expected));
        return result;
    }
    if (result.modelType == QLatin1String("gpt2"))
        readGpt2(keys, result.model);
    else
        readLlama(keys, result.model, result.modelType == QLatin1String("qwen2"));
    if (problems.size() == before) {
        try {
            result.model.validate();
        } catch (const std::invalid_argument &e) {
            problems << QStringLiteral("%1: %2").arg(path, QString::fromUtf8(e.what()));
        }
    }
    return result;
}

HfModelConfig readHfConfig(const QString &path, QStringList &problems)
{
    QFile file(path);
    if (!file.exists()) {
        problems << QStringLiteral("%1: missing; a Hugging Face model folder holds config.json beside its weights").arg(path);
        return {};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        problems << QStringLiteral("%1: cannot be read (%2)").arg(path, file.errorString());
        return {};
    }
    // Real configs are a few KB; a huge one is not a config.
    constexpr qint64 kMaxConfigBytes = 16 * 1024 * 1024;
    if (file.size() > kMaxConfigBytes) {
        problems << QStringLiteral("%1: %2 bytes, more than a config.json can plausibly be (%3 at most)")
                        .arg(path)
                        .arg(file.size())
                        .arg(kMaxConfigBytes);
        return {};
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError) {
        problems << QStringLiteral("%1: not valid JSON at byte %2 (%3)").arg(path).arg(error.offset).arg(error.errorString());
        return {};
    }
    if (!doc.isObject()) {
        problems << QStringLiteral("%1: expected a JSON object at the top level").arg(path);
        return {};
    }
    return parseHfConfig(doc.object(), path, problems);
}

}  // namespace peftbench
