#include "model/PeftAdapterImport.h"

#include "model/PeftAdapterExport.h"
#include "model/PeftLoraLayout.h"
#include "model/SafetensorsReader.h"

#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace peftbench {

namespace {

[[noreturn]] void refuse(const QString &path, const QString &what)
{
    throw FileFormatError(QStringLiteral("%1: %2").arg(path, what).toStdString());
}

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isUndefined())
        return QStringLiteral("absent");
    QJsonArray wrapper{v};
    const QByteArray text = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

QString shapeText(at::IntArrayRef shape)
{
    QStringList dims;
    for (int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

bool isAbsent(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

// adapter_config.json's keys, each problem naming the file, the key, the value and what was expected.
class ConfigKeys {
public:
    ConfigKeys(QJsonObject json, QString path) : m_json(std::move(json)), m_path(std::move(path)) {}
    const QString &path() const { return m_path; }
    QJsonValue value(const char *key) const { return m_json.value(QLatin1String(key)); }

    [[noreturn]] void wrong(const char *key, const QString &expected) const
    {
        refuse(m_path, QStringLiteral("'%1' is %2, expected %3").arg(QLatin1String(key), jsonText(value(key)), expected));
    }
    int64_t count(const char *key, std::optional<int64_t> fallback = std::nullopt) const
    {
        const QJsonValue v = value(key);
        if (isAbsent(v) && fallback)
            return *fallback;
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 1 || d > 1e9 || d != std::floor(d))
            wrong(key, QStringLiteral("a whole number >= 1"));
        return int64_t(d);
    }
    double number(const char *key, double fallback, double low, double high, const char *range) const
    {
        const QJsonValue v = value(key);
        if (isAbsent(v))
            return fallback;
        if (!v.isDouble() || !(v.toDouble() >= low && v.toDouble() <= high))
            wrong(key, QLatin1String(range));
        return v.toDouble();
    }
    bool flag(const char *key, bool fallback) const
    {
        const QJsonValue v = value(key);
        if (isAbsent(v))
            return fallback;
        if (!v.isBool())
            wrong(key, QStringLiteral("true or false"));
        return v.toBool();
    }
    QString text(const char *key, const QString &fallback) const
    {
        const QJsonValue v = value(key);
        if (isAbsent(v))
            return fallback;
        if (!v.isString())
            wrong(key, QStringLiteral("a string"));
        return v.toString();
    }
    // A feature we do not implement: fine while absent, null, false or empty.
    void requireUnused(const char *key, const QString &why) const
    {
        const QJsonValue v = value(key);
        const bool unused = isAbsent(v) || (v.isBool() && !v.toBool()) || (v.isArray() && v.toArray().isEmpty())
                            || (v.isObject() && v.toObject().isEmpty());
        if (!unused)
            wrong(key, QStringLiteral("null (%1)").arg(why));
    }

private:
    QJsonObject m_json;
    QString m_path;
};

QJsonObject readConfigJson(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        refuse(path, QStringLiteral("missing; a PEFT adapter folder holds %1 and %2")
                         .arg(QLatin1String(kPeftConfigFileName), QLatin1String(kPeftWeightsFileName)));
    if (file.size() > 16 * 1024 * 1024 || !file.open(QIODevice::ReadOnly))
        refuse(path, QStringLiteral("cannot be read as a config (%1 bytes; %2)").arg(file.size()).arg(file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        refuse(path, QStringLiteral("not valid JSON at byte %1 (%2)").arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        refuse(path, QStringLiteral("expected a JSON object at the top level"));
    return doc.object();
}

// PEFT's pattern keys match the end of a module name (peft/utils/other.py: get_pattern_key).
std::optional<QJsonValue> patternValue(const QJsonObject &pattern, const std::string &module)
{
    for (auto it = pattern.begin(); it != pattern.end(); ++it) {
        const QRegularExpression re(QStringLiteral("^(.*\\.)?(%1)$").arg(it.key()));
        if (re.isValid() && re.match(QString::fromStdString(module)).hasMatch())
            return it.value();
    }
    return std::nullopt;
}

// PEFT's target_modules: a list matches a module whose name is an entry or ends in "." + entry; a
// string is a regular expression the whole name must match (peft/tuners/tuners_utils.py).
bool targeted(const QJsonValue &targets, const std::string &module)
{
    const QString name = QString::fromStdString(module);
    if (targets.isString())
        return QRegularExpression(QRegularExpression::anchoredPattern(targets.toString())).match(name).hasMatch();
    for (const QJsonValue &t : targets.toArray())
        if (name == t.toString() || name.endsWith(QLatin1Char('.') + t.toString()))
            return true;
    return false;
}

// One LoRA of ours, cut out of a PEFT module.
struct OurLora {
    std::string layer;
    torch::Tensor A, B;
    torch::Tensor magnitude;   // DoRA only
    double scale = 0;
};

// The part rows' range within a fused module.
int64_t rowStart(const PeftLoraModule &m, size_t part)
{
    int64_t row = 0;
    for (size_t i = 0; i < part; ++i)
        row += m.partRows[i];
    return row;
}

bool allZero(const torch::Tensor &t)
{
    return t.numel() == 0 || !t.ne(0).any().item<bool>();
}

// c_attn's LoRA as our export writes it: k groups of `group` columns, group j feeding only part
// parts[j] (increasing). Returns the parts, or nothing when B has another structure.
std::optional<std::vector<size_t>> blockParts(const PeftLoraModule &m, const torch::Tensor &B, int64_t k, int64_t group)
{
    const size_t n = m.ourLayers.size();
    std::vector<std::vector<size_t>> combinations;
    for (unsigned mask = 1; mask < (1u << n); ++mask) {
        std::vector<size_t> parts;
        for (size_t p = 0; p < n; ++p)
            if (mask & (1u << p))
                parts.push_back(p);
        if (int64_t(parts.size()) == k)
            combinations.push_back(parts);
    }
    std::sort(combinations.begin(), combinations.end());
    for (const std::vector<size_t> &parts : combinations) {
        bool fits = true;
        for (int64_t j = 0; j < k && fits; ++j)
            for (size_t p = 0; p < n && fits; ++p)
                if (p != parts[size_t(j)])
                    fits = allZero(B.narrow(0, rowStart(m, p), m.partRows[p]).narrow(1, j * group, group));
        if (fits)
            return parts;
    }
    return std::nullopt;
}

// Undoes the rounding of sqrt(k) in an exported alpha: 16·sqrt(2)/sqrt(2) is 16 give or take an ulp.
double snapped(double v)
{
    const double s = QString::number(v, 'g', 12).toDouble();
    return std::abs(s - v) <= 1e-12 * std::abs(v) ? s : v;
}

PeftAdapter readLora(const ConfigKeys &keys, const SafetensorsReader &weights, const ModelConfig &model, PeftAdapter adapter)
{
    const int64_t r = keys.count("r", 8);
    const double alpha = keys.number("lora_alpha", 8, 1e-12, 1e12, "a number > 0");
    const double dropout = keys.number("lora_dropout", 0, 0, 0.999999, "a number from 0 to below 1");
    const bool rslora = keys.flag("use_rslora", false);
    if (keys.text("bias", QStringLiteral("none")) != QLatin1String("none"))
        keys.wrong("bias", QStringLiteral("\"none\" (our LoRA trains no biases)"));
    const bool dora = keys.flag("use_dora", false);
    keys.requireUnused("modules_to_save", QStringLiteral("fully trained extra modules are not part of our LoRA"));
    keys.requireUnused("layers_to_transform", QStringLiteral("our LoRA adapts the same projections in every layer"));
    const QJsonValue targets = keys.value("target_modules");
    if (!targets.isString() && !targets.isArray())
        keys.wrong("target_modules", QStringLiteral("a list of module names or a regular expression"));
    const QJsonValue rankPattern = keys.value("rank_pattern"), alphaPattern = keys.value("alpha_pattern");
    if (!isAbsent(rankPattern) && !rankPattern.isObject())
        keys.wrong("rank_pattern", QStringLiteral("an object of module name → rank"));
    if (!isAbsent(alphaPattern) && !alphaPattern.isObject())
        keys.wrong("alpha_pattern", QStringLiteral("an object of module name → alpha"));

    const QString file = weights.path();
    const std::vector<PeftLoraModule> modules = peftLoraModules(model);
    std::map<std::string, const PeftLoraModule *> byName;
    for (const PeftLoraModule &m : modules)
        byName[m.hfModule] = &m;
    // Tensors by module, checked against the model before any is read.
    std::map<const PeftLoraModule *, std::pair<std::string, std::string>> keysByModule;
    std::map<const PeftLoraModule *, std::string> magnitudeKeys;   // DoRA
    for (const std::string &name : weights.names()) {
        const std::string prefix = kPeftKeyPrefix;
        // DoRA's magnitude, saved without (or, by some tools, with) its DoraLinearLayer's ".weight".
        bool isMagnitude = false;
        for (const std::string suffix : {".lora_magnitude_vector", ".lora_magnitude_vector.weight"}) {
            if (isMagnitude || name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0
                || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue;
            const std::string module = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
            if (!dora)
                refuse(keys.path(), QStringLiteral("'use_dora' is false, but %1 holds DoRA's magnitude %2")
                                        .arg(file, QString::fromStdString(name)));
            if (!byName.count(module))
                refuse(file, QStringLiteral("tensor %1 is not the DoRA magnitude of a %2 model's module")
                                 .arg(QString::fromStdString(name), modelFamilyName(model.family)));
            magnitudeKeys[byName[module]] = name;
            isMagnitude = true;
        }
        if (isMagnitude)
            continue;
        const bool isA = name.size() > 14 && name.compare(name.size() - 14, 14, ".lora_A.weight") == 0;
        const bool isB = name.size() > 14 && name.compare(name.size() - 14, 14, ".lora_B.weight") == 0;
        const std::string module = name.compare(0, prefix.size(), prefix) == 0 && (isA || isB)
                                       ? name.substr(prefix.size(), name.size() - prefix.size() - 14)
                                       : std::string();
        if (!byName.count(module))
            refuse(file, QStringLiteral("tensor %1 is not a LoRA matrix of a %2 model with this config (expected "
                                        "%3<module>.lora_A.weight / .lora_B.weight, module e.g. %4)")
                             .arg(QString::fromStdString(name), modelFamilyName(model.family), QLatin1String(kPeftKeyPrefix),
                                  QString::fromStdString(modules.front().hfModule)));
        if (!targeted(targets, module))
            refuse(keys.path(), QStringLiteral("'target_modules' is %1, which does not select %2, but %3 holds its LoRA")
                                    .arg(jsonText(targets), QString::fromStdString(module), file));
        (isA ? keysByModule[byName[module]].first : keysByModule[byName[module]].second) = name;
    }
    if (keysByModule.empty())
        refuse(file, QStringLiteral("holds no LoRA matrices"));

    // Every module's rank and scaling, then our layers cut out of it.
    struct ModuleLora {
        const PeftLoraModule *module;
        torch::Tensor A, B, magnitude;
        int64_t rank;
        double alpha, scale;
    };
    std::vector<ModuleLora> loras;
    std::optional<int64_t> singleRank;   // the rank of modules holding one layer of ours
    for (const PeftLoraModule &m : modules) {
        const auto it = keysByModule.find(&m);
        if (it == keysByModule.end())
            continue;
        const auto &[keyA, keyB] = it->second;
        if (keyA.empty() || keyB.empty())
            refuse(file, QStringLiteral("module %1 has only %2 (expected both lora_A and lora_B)")
                             .arg(QString::fromStdString(m.hfModule), QString::fromStdString(keyA.empty() ? keyB : keyA)));
        ModuleLora lora{&m, weights.tensor(keyA, torch::kFloat), weights.tensor(keyB, torch::kFloat), {}, r, alpha, 0};
        if (dora) {
            const auto magnitude = magnitudeKeys.find(&m);
            if (magnitude == magnitudeKeys.end())
                refuse(file, QStringLiteral("module %1 has no lora_magnitude_vector, which 'use_dora' true needs")
                                 .arg(QString::fromStdString(m.hfModule)));
            lora.magnitude = weights.tensor(magnitude->second, torch::kFloat).flatten();
            if (lora.magnitude.size(0) != m.outFeatures())
                refuse(file, QStringLiteral("module %1: lora_magnitude_vector is %2, expected [%3]")
                                 .arg(QString::fromStdString(m.hfModule), shapeText(lora.magnitude.sizes()))
                                 .arg(m.outFeatures()));
        }
        if (const auto v = patternValue(rankPattern.toObject(), m.hfModule)) {
            if (!v->isDouble() || v->toDouble() < 1 || v->toDouble() != std::floor(v->toDouble()))
                keys.wrong("rank_pattern", QStringLiteral("whole numbers >= 1 as values"));
            lora.rank = int64_t(v->toDouble());
        }
        if (const auto v = patternValue(alphaPattern.toObject(), m.hfModule)) {
            if (!v->isDouble() || !(v->toDouble() > 0))
                keys.wrong("alpha_pattern", QStringLiteral("numbers > 0 as values"));
            lora.alpha = v->toDouble();
        }
        const std::vector<int64_t> shapeA{lora.rank, m.inFeatures}, shapeB{m.outFeatures(), lora.rank};
        if (lora.A.sizes() != at::IntArrayRef(shapeA) || lora.B.sizes() != at::IntArrayRef(shapeB))
            refuse(file, QStringLiteral("module %1: lora_A is %2 and lora_B %3, expected %4 and %5 (rank %6 from %7)")
                             .arg(QString::fromStdString(m.hfModule), shapeText(lora.A.sizes()), shapeText(lora.B.sizes()),
                                  shapeText(shapeA), shapeText(shapeB))
                             .arg(lora.rank)
                             .arg(keys.path()));
        lora.scale = lora.alpha / (rslora ? std::sqrt(double(lora.rank)) : double(lora.rank));
        if (m.ourLayers.size() == 1) {
            if (singleRank && *singleRank != lora.rank)
                refuse(keys.path(), QStringLiteral("module %1 has rank %2 but others rank %3; our LoRA uses one rank for every layer")
                                        .arg(QString::fromStdString(m.hfModule))
                                        .arg(lora.rank)
                                        .arg(*singleRank));
            singleRank = lora.rank;
        }
        loras.push_back(std::move(lora));
    }

    std::vector<OurLora> ours;
    int64_t ourRank = 0;
    double ourAlpha = 0;
    for (const ModuleLora &lora : loras) {
        const PeftLoraModule &m = *lora.module;
        std::vector<size_t> parts;
        int64_t group = lora.rank;
        for (int64_t k = 1; k <= int64_t(m.ourLayers.size()) && parts.empty() && m.ourLayers.size() > 1; ++k) {
            if (lora.rank % k != 0 || (singleRank && lora.rank / k != *singleRank))
                continue;
            if (const auto found = blockParts(m, lora.B, k, lora.rank / k)) {
                parts = *found;
                group = lora.rank / k;
            }
        }
        const bool shared = parts.empty();
        if (shared) {
            // A LoRA over the whole fused module: every part gets its rows of B with the same A.
            for (size_t p = 0; p < m.ourLayers.size(); ++p)
                parts.push_back(p);
            if (singleRank && *singleRank != lora.rank)
                refuse(file, QStringLiteral("module %1's LoRA (rank %2) is not split into blocks of rank %3 by part (%4), "
                                            "and a rank-%2 LoRA on each part would not match the other modules' rank %3")
                                 .arg(QString::fromStdString(m.hfModule))
                                 .arg(lora.rank)
                                 .arg(*singleRank)
                                 .arg(QString::fromStdString(m.ourLayers.front()) + QStringLiteral(", …")));
        }
        for (size_t j = 0; j < parts.size(); ++j) {
            const size_t p = parts[j];
            OurLora one;
            one.layer = m.ourLayers[p];
            one.A = shared ? lora.A.clone() : lora.A.narrow(0, int64_t(j) * group, group).contiguous();
            one.B = (shared ? lora.B : lora.B.narrow(1, int64_t(j) * group, group)).narrow(0, rowStart(m, p), m.partRows[p]).contiguous();
            one.scale = lora.scale;
            if (dora)
                one.magnitude = lora.magnitude.narrow(0, rowStart(m, p), m.partRows[p]).contiguous();
            ours.push_back(std::move(one));
        }
        // Our alpha from this module's: alpha·(r/r'), rsLoRA alpha·sqrt(r/r').
        const double fraction = double(lora.rank) / double(group);
        const double alphaHere = snapped(lora.alpha / (rslora ? std::sqrt(fraction) : fraction));
        if (ourRank == 0) {
            ourRank = group;
            ourAlpha = alphaHere;
        } else if (group != ourRank || std::abs(ours.back().scale - ours.front().scale) > 1e-9 * std::abs(ours.front().scale)) {
            refuse(keys.path(), QStringLiteral("module %1 gives our layers rank %2 and scaling %3, others rank %4 and scaling %5; "
                                               "our LoRA uses one rank and one scaling for every layer")
                                    .arg(QString::fromStdString(m.hfModule))
                                    .arg(group)
                                    .arg(ours.back().scale)
                                    .arg(ourRank)
                                    .arg(ours.front().scale));
        }
    }

    // The same projections in every layer: our targets are kinds, not layers.
    std::vector<std::vector<std::string>> kindsByLayer(size_t(model.nLayers));
    for (const OurLora &one : ours) {
        const size_t layer = std::stoul(one.layer.substr(7, one.layer.find('.', 7) - 7));   // "blocks.N."
        kindsByLayer[layer].push_back(ourLayerKind(one.layer));
    }
    std::vector<std::string> kinds = kindsByLayer.front();
    std::sort(kinds.begin(), kinds.end());
    for (size_t i = 0; i < kindsByLayer.size(); ++i) {
        std::vector<std::string> here = kindsByLayer[i];
        std::sort(here.begin(), here.end());
        if (here != kinds) {
            auto list = [](const std::vector<std::string> &v) {
                QStringList l;
                for (const std::string &s : v)
                    l << QString::fromStdString(s);
                return l.isEmpty() ? QStringLiteral("nothing") : l.join(QLatin1Char(','));
            };
            refuse(file, QStringLiteral("layer 0 adapts %1 but layer %2 adapts %3; our LoRA adapts the same projections in every layer")
                             .arg(list(kinds))
                             .arg(i)
                             .arg(list(here)));
        }
    }

    adapter.method.kind = dora ? MethodKind::Dora : MethodKind::Lora;
    LoraSettings &s = adapter.method.lora;
    s.rank = ourRank;
    s.alpha = ourAlpha;
    s.dropout = dropout;
    s.rslora = rslora;
    s.targets = kindsByLayer.front();
    QStringList targetList;
    for (const std::string &t : s.targets)
        targetList << QString::fromStdString(t);
    adapter.adapter.kind = QStringLiteral("adapter");
    adapter.adapter.metadata = {{QStringLiteral("method"), methodKindName(adapter.method.kind)},
                                {QStringLiteral("r"), QString::number(s.rank)},
                                {QStringLiteral("alpha"), QString::number(s.alpha, 'g', 17)},
                                {QStringLiteral("dropout"), QString::number(s.dropout)},
                                {QStringLiteral("rslora"), s.rslora ? QStringLiteral("true") : QStringLiteral("false")},
                                {QStringLiteral("target_modules"), targetList.join(QLatin1Char(','))},
                                {QStringLiteral("peft_folder"), adapter.folder}};
    for (OurLora &one : ours) {
        adapter.adapter.tensors.emplace_back(one.layer + ".lora.A", std::move(one.A));
        adapter.adapter.tensors.emplace_back(one.layer + ".lora.B", std::move(one.B));
        if (dora)
            adapter.adapter.tensors.emplace_back(one.layer + ".lora.magnitude", std::move(one.magnitude));
    }
    return adapter;
}

PeftAdapter readPromptTuning(const ConfigKeys &keys, const SafetensorsReader &weights, const ModelConfig &model, PeftAdapter adapter)
{
    const int64_t n = keys.count("num_virtual_tokens");
    if (keys.count("token_dim", model.dModel) != model.dModel)
        keys.wrong("token_dim", QStringLiteral("%1, the base model's hidden size").arg(model.dModel));
    if (keys.count("num_transformer_submodules", 1) != 1)
        keys.wrong("num_transformer_submodules", QStringLiteral("1 (a decoder-only model)"));
    const QString init = keys.text("prompt_tuning_init", QStringLiteral("RANDOM"));
    if (!QStringList{QStringLiteral("RANDOM"), QStringLiteral("SAMPLE_VOCAB"), QStringLiteral("TEXT")}.contains(init))
        keys.wrong("prompt_tuning_init", QStringLiteral("\"RANDOM\", \"SAMPLE_VOCAB\" or \"TEXT\""));
    const std::vector<std::string> names = weights.names();
    if (names != std::vector<std::string>{"prompt_embeddings"})
        refuse(weights.path(), QStringLiteral("holds %1 tensors (expected exactly one, prompt_embeddings)").arg(names.size()));
    torch::Tensor prompt = weights.tensor("prompt_embeddings", torch::kFloat);
    if (prompt.sizes() != at::IntArrayRef{n, model.dModel})
        refuse(weights.path(), QStringLiteral("tensor prompt_embeddings is %1, expected [%2, %3] (num_virtual_tokens from %4 × the "
                                              "base model's hidden size)")
                                   .arg(shapeText(prompt.sizes()))
                                   .arg(n)
                                   .arg(model.dModel)
                                   .arg(keys.path()));
    adapter.method.kind = MethodKind::PromptTuning;
    adapter.method.promptTuning.numVirtualTokens = n;
    // The trained embeddings are loaded over whatever the init makes, so TEXT (which would need the
    // text tokenized by PEFT's tokenizer) initialises as RANDOM here.
    adapter.method.promptTuning.init = init == QLatin1String("SAMPLE_VOCAB") ? PromptInit::SampleVocab : PromptInit::Random;
    adapter.adapter.kind = QStringLiteral("adapter");
    adapter.adapter.metadata = {{QStringLiteral("method"), QStringLiteral("prompt_tuning")},
                                {QStringLiteral("num_virtual_tokens"), QString::number(n)},
                                {QStringLiteral("init"), promptInitName(adapter.method.promptTuning.init)},
                                {QStringLiteral("peft_folder"), adapter.folder}};
    adapter.adapter.tensors.emplace_back("prompt_embeddings", std::move(prompt));
    return adapter;
}

PeftAdapter readIa3(const ConfigKeys &keys, const SafetensorsReader &weights, const ModelConfig &model, PeftAdapter adapter)
{
    keys.requireUnused("modules_to_save", QStringLiteral("fully trained extra modules are not part of our IA3"));
    const QJsonValue targets = keys.value("target_modules"), feedforward = keys.value("feedforward_modules");
    if (!targets.isString() && !targets.isArray())
        keys.wrong("target_modules", QStringLiteral("a list of module names or a regular expression"));
    if (!isAbsent(feedforward) && !feedforward.isString() && !feedforward.isArray())
        keys.wrong("feedforward_modules", QStringLiteral("a list of module names or a regular expression"));
    const QString file = weights.path();
    const std::vector<PeftLoraModule> modules = peftLoraModules(model);
    std::map<std::string, const PeftLoraModule *> byName;
    for (const PeftLoraModule &m : modules)
        byName[m.hfModule] = &m;
    const std::string prefix = kPeftKeyPrefix, suffix = ".ia3_l";
    std::map<std::string, torch::Tensor> perLayer;   // our layer → its vector
    for (const std::string &name : weights.names()) {
        const bool shaped = name.size() > prefix.size() + suffix.size() && name.compare(0, prefix.size(), prefix) == 0
                            && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        const std::string module = shaped ? name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()) : std::string();
        if (!byName.count(module))
            refuse(file, QStringLiteral("tensor %1 is not an IA3 vector of a %2 model with this config (expected %3<module>.ia3_l, "
                                        "module e.g. %4)")
                             .arg(QString::fromStdString(name), modelFamilyName(model.family), QLatin1String(kPeftKeyPrefix),
                                  QString::fromStdString(modules.front().hfModule)));
        const PeftLoraModule &m = *byName[module];
        // Our IA3 scales the input of the down projections only; PEFT's feedforward_modules says which.
        const bool down = ourLayerKind(m.ourLayers.front()) == "down";
        if (!isAbsent(feedforward) && targeted(feedforward, module) != down)
            refuse(keys.path(), QStringLiteral("'feedforward_modules' is %1, which %2 %3; our IA3 scales the input of exactly the "
                                               "MLP's down projections")
                                    .arg(jsonText(feedforward), down ? QStringLiteral("does not select") : QStringLiteral("selects"),
                                         QString::fromStdString(module)));
        torch::Tensor l = weights.tensor(name, torch::kFloat);
        const std::vector<int64_t> expected = down ? std::vector<int64_t>{1, m.inFeatures} : std::vector<int64_t>{m.outFeatures(), 1};
        if (l.sizes() != at::IntArrayRef(expected))
            refuse(file, QStringLiteral("tensor %1 is %2, expected %3").arg(QString::fromStdString(name), shapeText(l.sizes()),
                                                                           shapeText(expected)));
        l = l.flatten();
        for (size_t p = 0; p < m.ourLayers.size(); ++p)
            perLayer[m.ourLayers[p]] = down ? l : l.narrow(0, rowStart(m, p), m.partRows[p]).contiguous();
    }
    if (perLayer.empty())
        refuse(file, QStringLiteral("holds no IA3 vectors"));
    // Our targets are kinds of layer, the same in every block; a fused module's parts that stay at
    // exactly one everywhere are parts IA3 does not adapt.
    std::set<std::string> kinds;
    for (const auto &[layer, l] : perLayer)
        if (!findPeftLoraModule(modules, layer) || findPeftLoraModule(modules, layer)->module->ourLayers.size() == 1
            || l.ne(1).any().item<bool>())
            kinds.insert(ourLayerKind(layer));
    adapter.method.kind = MethodKind::Ia3;
    adapter.method.ia3.targets.assign(kinds.begin(), kinds.end());
    adapter.adapter.kind = QStringLiteral("adapter");
    for (int64_t block = 0; block < model.nLayers; ++block)
        for (const PeftLoraModule &m : modules)
            for (const std::string &layer : m.ourLayers) {
                if (layer.rfind("blocks." + std::to_string(block) + ".", 0) != 0 || !kinds.count(ourLayerKind(layer)))
                    continue;
                const auto it = perLayer.find(layer);
                if (it == perLayer.end())
                    refuse(file, QStringLiteral("no IA3 vector for %1, but other blocks adapt their %2; our IA3 adapts the same "
                                                "projections in every block")
                                     .arg(QString::fromStdString(m.hfModule), QString::fromStdString(ourLayerKind(layer))));
                adapter.adapter.tensors.emplace_back(layer + ".ia3.scale", it->second);
            }
    QStringList targetList;
    for (const std::string &t : adapter.method.ia3.targets)
        targetList << QString::fromStdString(t);
    adapter.adapter.metadata = {{QStringLiteral("method"), methodKindName(MethodKind::Ia3)},
                                {QStringLiteral("target_modules"), targetList.join(QLatin1Char(','))},
                                {QStringLiteral("peft_folder"), adapter.folder}};
    return adapter;
}

PeftAdapter readPrefixTuning(const ConfigKeys &keys, const SafetensorsReader &weights, const ModelConfig &model, PeftAdapter adapter)
{
    const int64_t n = keys.count("num_virtual_tokens");
    const int64_t kvDim = model.nKvHeads * model.headDim;
    if (keys.count("num_layers", model.nLayers) != model.nLayers)
        keys.wrong("num_layers", QStringLiteral("%1, the base model's number of layers").arg(model.nLayers));
    if (keys.count("token_dim", kvDim) != kvDim)
        keys.wrong("token_dim", QStringLiteral("%1 (key/value heads × head size of the base model)").arg(kvDim));
    if (keys.count("num_attention_heads", model.nKvHeads) != model.nKvHeads)
        keys.wrong("num_attention_heads", QStringLiteral("%1, the base model's key/value heads").arg(model.nKvHeads));
    if (keys.count("num_transformer_submodules", 1) != 1)
        keys.wrong("num_transformer_submodules", QStringLiteral("1 (a decoder-only model)"));
    if (n >= model.contextLength)
        keys.wrong("num_virtual_tokens", QStringLiteral("fewer than the base model's context of %1").arg(model.contextLength));
    const std::vector<std::string> names = weights.names();
    if (names != std::vector<std::string>{"prompt_embeddings"})
        refuse(weights.path(), QStringLiteral("holds %1 tensors (expected exactly one, prompt_embeddings)").arg(names.size()));
    torch::Tensor table = weights.tensor("prompt_embeddings", torch::kFloat);
    if (table.sizes() != at::IntArrayRef{n, 2 * model.nLayers * kvDim})
        refuse(weights.path(), QStringLiteral("tensor prompt_embeddings is %1, expected [%2, %3] (num_virtual_tokens × 2 · layers · "
                                              "key/value width; a prefix_projection adapter saved in training mode holds the "
                                              "encoder's input instead)")
                                   .arg(shapeText(table.sizes()))
                                   .arg(n)
                                   .arg(2 * model.nLayers * kvDim));
    adapter.method.kind = MethodKind::PrefixTuning;
    adapter.method.prefixTuning.numVirtualTokens = n;
    adapter.method.prefixTuning.projection = false;   // the table is what the projection gave
    adapter.adapter.kind = QStringLiteral("adapter");
    adapter.adapter.metadata = {{QStringLiteral("method"), methodKindName(MethodKind::PrefixTuning)},
                                {QStringLiteral("num_virtual_tokens"), QString::number(n)},
                                {QStringLiteral("projection"), QStringLiteral("false")},
                                {QStringLiteral("peft_folder"), adapter.folder}};
    adapter.adapter.tensors.emplace_back("prefix_embeddings", std::move(table));
    return adapter;
}

}  // namespace

PeftAdapter readPeftAdapter(const QString &folder, const ModelConfig &model)
{
    PeftAdapter adapter;
    adapter.folder = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    if (!QFileInfo(adapter.folder).isDir())
        refuse(adapter.folder, QStringLiteral("no such folder (expected a PEFT adapter folder with %1 and %2)")
                                   .arg(QLatin1String(kPeftConfigFileName), QLatin1String(kPeftWeightsFileName)));
    const QDir dir(adapter.folder);
    const ConfigKeys keys(readConfigJson(dir.filePath(QLatin1String(kPeftConfigFileName))), dir.filePath(QLatin1String(kPeftConfigFileName)));
    const QString weightsPath = dir.filePath(QLatin1String(kPeftWeightsFileName));
    if (!QFileInfo::exists(weightsPath)) {
        const bool pickle = QFileInfo::exists(dir.filePath(QStringLiteral("adapter_model.bin")));
        refuse(weightsPath, pickle ? QStringLiteral("missing; the folder has adapter_model.bin, a pickle file, which is refused "
                                                    "because loading it can execute code (save with safe_serialization=True)")
                                   : QStringLiteral("missing; a PEFT adapter folder holds its weights there"));
    }
    const QString type = keys.text("peft_type", QString());
    const QString task = keys.text("task_type", QStringLiteral("CAUSAL_LM"));
    if (task != QLatin1String("CAUSAL_LM"))
        keys.wrong("task_type", QStringLiteral("\"CAUSAL_LM\" (our models are decoder-only language models)"));
    adapter.baseModelName = keys.text("base_model_name_or_path", QString());
    const SafetensorsReader weights(weightsPath);
    if (type == QLatin1String("LORA"))
        return readLora(keys, weights, model, std::move(adapter));
    if (type == QLatin1String("PROMPT_TUNING"))
        return readPromptTuning(keys, weights, model, std::move(adapter));
    if (type == QLatin1String("IA3"))
        return readIa3(keys, weights, model, std::move(adapter));
    if (type == QLatin1String("PREFIX_TUNING"))
        return readPrefixTuning(keys, weights, model, std::move(adapter));
    keys.wrong("peft_type", QStringLiteral("\"LORA\", \"PROMPT_TUNING\", \"IA3\" or \"PREFIX_TUNING\" (the PEFT methods this build "
                                           "imports)"));
}

}  // namespace peftbench
