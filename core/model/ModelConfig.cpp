#include "model/ModelConfig.h"

#include <stdexcept>

namespace peftbench {

QString modelFamilyName(ModelFamily family)
{
    return family == ModelFamily::Gpt2 ? QStringLiteral("gpt2") : QStringLiteral("llama");
}

namespace {

void require(bool ok, const char *key, const QString &expected, const QString &got)
{
    if (!ok)
        throw std::invalid_argument(QStringLiteral("model config: '%1' must be %2, got %3")
                                        .arg(QLatin1String(key), expected, got)
                                        .toStdString());
}

}  // namespace

void ModelConfig::validate() const
{
    require(vocabSize >= 2, "vocab_size", QStringLiteral(">= 2"), QString::number(vocabSize));
    require(contextLength >= 2, "context_length", QStringLiteral(">= 2"), QString::number(contextLength));
    require(dModel >= 1, "d_model", QStringLiteral(">= 1"), QString::number(dModel));
    require(nLayers >= 1, "n_layers", QStringLiteral(">= 1"), QString::number(nLayers));
    require(nHeads >= 1, "n_heads", QStringLiteral(">= 1"), QString::number(nHeads));
    require(nKvHeads >= 1 && nHeads % nKvHeads == 0, "n_kv_heads",
            QStringLiteral("a divisor of n_heads (%1)").arg(nHeads), QString::number(nKvHeads));
    require(headDim >= 2 && (family == ModelFamily::Gpt2 || headDim % 2 == 0), "head_dim",
            QStringLiteral("an even number >= 2"), QString::number(headDim));
    require(ffnDim >= 1, "ffn_dim", QStringLiteral(">= 1"), QString::number(ffnDim));
    require(normEps > 0, "norm_eps", QStringLiteral("> 0"), QString::number(normEps));
    require(ropeTheta > 0, "rope_theta", QStringLiteral("> 0"), QString::number(ropeTheta));
}

int64_t ModelConfig::parameterCount() const
{
    const bool gpt2 = family == ModelFamily::Gpt2;
    const int64_t qDim = nHeads * headDim, kvDim = nKvHeads * headDim;
    const int64_t normParams = gpt2 ? 2 * dModel : dModel;
    int64_t attn = dModel * qDim + 2 * dModel * kvDim + qDim * dModel;
    if (gpt2 || qkvBias)
        attn += qDim + 2 * kvDim;
    if (gpt2)
        attn += dModel;
    const int64_t mlp = gpt2 ? (2 * dModel * ffnDim + ffnDim + dModel) : 3 * dModel * ffnDim;
    int64_t total = vocabSize * dModel + nLayers * (attn + mlp + 2 * normParams) + normParams;
    if (gpt2)
        total += contextLength * dModel;
    if (!tiedHead)
        total += vocabSize * dModel;
    return total;
}

QJsonObject ModelConfig::toJson() const
{
    return QJsonObject{
        {QStringLiteral("family"), modelFamilyName(family)},
        {QStringLiteral("vocab_size"), qint64(vocabSize)},
        {QStringLiteral("context_length"), qint64(contextLength)},
        {QStringLiteral("d_model"), qint64(dModel)},
        {QStringLiteral("n_layers"), qint64(nLayers)},
        {QStringLiteral("n_heads"), qint64(nHeads)},
        {QStringLiteral("n_kv_heads"), qint64(nKvHeads)},
        {QStringLiteral("head_dim"), qint64(headDim)},
        {QStringLiteral("ffn_dim"), qint64(ffnDim)},
        {QStringLiteral("norm_eps"), normEps},
        {QStringLiteral("rope_theta"), ropeTheta},
        {QStringLiteral("qkv_bias"), qkvBias},
        {QStringLiteral("tied_head"), tiedHead},
    };
}

ModelConfig ModelConfig::fromJson(const QJsonObject &json)
{
    auto value = [&](const char *key) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            throw std::invalid_argument(QStringLiteral("model config: missing key '%1'").arg(QLatin1String(key)).toStdString());
        return v;
    };
    auto integer = [&](const char *key) {
        const QJsonValue v = value(key);
        const double d = v.toDouble(-1.0);
        require(v.isDouble() && d == double(qint64(d)), key, QStringLiteral("a whole number"),
                v.isDouble() ? QString::number(d) : QStringLiteral("a non-number"));
        return int64_t(d);
    };
    auto number = [&](const char *key) {
        const QJsonValue v = value(key);
        require(v.isDouble(), key, QStringLiteral("a number"), QStringLiteral("a non-number"));
        return v.toDouble();
    };
    auto boolean = [&](const char *key) {
        const QJsonValue v = value(key);
        require(v.isBool(), key, QStringLiteral("true or false"), v.toVariant().toString());
        return v.toBool();
    };

    ModelConfig c;
    const QString family = value("family").toString();
    require(family == QLatin1String("gpt2") || family == QLatin1String("llama"), "family",
            QStringLiteral("'gpt2' or 'llama'"), QStringLiteral("'%1'").arg(family));
    c.family = family == QLatin1String("gpt2") ? ModelFamily::Gpt2 : ModelFamily::Llama;
    c.vocabSize = integer("vocab_size");
    c.contextLength = integer("context_length");
    c.dModel = integer("d_model");
    c.nLayers = integer("n_layers");
    c.nHeads = integer("n_heads");
    c.nKvHeads = integer("n_kv_heads");
    c.headDim = integer("head_dim");
    c.ffnDim = integer("ffn_dim");
    c.normEps = number("norm_eps");
    c.ropeTheta = number("rope_theta");
    c.qkvBias = boolean("qkv_bias");
    c.tiedHead = boolean("tied_head");
    c.validate();
    return c;
}

bool ModelConfig::operator==(const ModelConfig &o) const
{
    return toJson() == o.toJson();
}

}  // namespace peftbench
