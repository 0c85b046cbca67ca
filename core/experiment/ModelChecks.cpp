#include "experiment/ModelChecks.h"

#include "experiment/ConfigError.h"

#include <algorithm>
#include <limits>

namespace peftbench {

namespace {

struct Layer {
    const char *name;
    int64_t width;  // min(in, out): the largest rank a LoRA update of it can have
};

// The linear layers LoRA can adapt, as TransformerBlock builds them.
std::vector<Layer> adaptableLayers(const ModelConfig &m)
{
    const int64_t qWidth = std::min(m.dModel, m.nHeads * m.headDim);
    const int64_t kvWidth = std::min(m.dModel, m.nKvHeads * m.headDim);
    const int64_t mlpWidth = std::min(m.dModel, m.ffnDim);
    std::vector<Layer> layers{{"q", qWidth}, {"k", kvWidth}, {"v", kvWidth}, {"o", qWidth}, {"up", mlpWidth}};
    if (m.family == ModelFamily::Llama)
        layers.push_back({"gate", mlpWidth});
    layers.push_back({"down", mlpWidth});
    return layers;
}

const Layer *findLayer(const std::vector<Layer> &layers, const std::string &name)
{
    const auto it = std::find_if(layers.begin(), layers.end(), [&](const Layer &l) { return name == l.name; });
    return it == layers.end() ? nullptr : &*it;
}

class Messages {
public:
    explicit Messages(const ExperimentConfig &config) : m_config(config) {}

    // Points at the key, or at the nearest enclosing key written in the file when it was not.
    void add(const QString &key, const QString &problem, const QString &got, const QString &expected)
    {
        QString at = key;
        while (!at.isEmpty() && !m_config.positions.contains(at)) {
            const qsizetype cut = std::max(at.lastIndexOf(QLatin1Char('.')), at.lastIndexOf(QLatin1Char('[')));
            at = cut > 0 ? at.left(cut) : QString();
        }
        const SourcePosition pos = m_config.positions.value(at);
        m_list << formatConfigMessage(m_config.sourceFile, key, pos.line, pos.column, problem, got, expected);
    }

    QStringList list() const { return m_list; }

private:
    const ExperimentConfig &m_config;
    QStringList m_list;
};

// The key of value i of a setting: indexed only when the setting is a sweep.
QString keyOf(const QString &key, size_t count, size_t i)
{
    return count > 1 ? QStringLiteral("%1[%2]").arg(key).arg(i) : key;
}

}  // namespace

QStringList validateAgainstModel(const ExperimentConfig &config, const ModelConfig &model)
{
    Messages messages(config);
    const int64_t context = model.contextLength;
    const int64_t maxLength = config.dataset.maxLength;
    if (maxLength > context)
        messages.add(QStringLiteral("dataset.max_length"),
                     QStringLiteral("longer than the model's context of %1 tokens").arg(context),
                     QString::number(maxLength), QStringLiteral("a whole number in 2..%1").arg(context));

    const std::vector<Layer> layers = adaptableLayers(model);
    QStringList layerNames;
    for (const Layer &layer : layers)
        layerNames << QLatin1String(layer.name);

    const auto noSuchLayer = [&](const QString &key, const std::string &name) {
        messages.add(key, QStringLiteral("no such layer in a %1 model").arg(modelFamilyName(model.family)),
                     QString::fromStdString(name), QStringLiteral("one of ") + layerNames.join(QStringLiteral(", ")));
    };

    for (size_t i = 0; i < config.runs.size(); ++i) {
        const RunTemplate &run = config.runs[i];
        const QString runKey = QStringLiteral("runs[%1]").arg(i);

        if (run.method == MethodKind::Lora || run.method == MethodKind::Dora) {
            const QString targetsKey = runKey + QStringLiteral(".lora.target_modules");
            const std::vector<std::vector<std::string>> targetSets =
                run.lora.targetModules.empty() ? std::vector<std::vector<std::string>>{LoraSettings{}.targets}
                                               : run.lora.targetModules;
            // The narrowest layer any of the target sets adapts bounds every rank of the sweep.
            Layer narrowest{nullptr, std::numeric_limits<int64_t>::max()};
            for (size_t s = 0; s < targetSets.size(); ++s) {
                for (size_t m = 0; m < targetSets[s].size(); ++m) {
                    const std::string &name = targetSets[s][m];
                    const Layer *layer = findLayer(layers, name);
                    if (!layer)
                        noSuchLayer(QStringLiteral("%1[%2]").arg(keyOf(targetsKey, targetSets.size(), s)).arg(m), name);
                    else if (layer->width < narrowest.width)
                        narrowest = *layer;
                }
            }
            const std::vector<int64_t> ranks = run.lora.r.empty() ? std::vector<int64_t>{LoraSettings{}.rank} : run.lora.r;
            for (size_t k = 0; narrowest.name && k < ranks.size(); ++k) {
                if (ranks[k] > narrowest.width)
                    messages.add(keyOf(runKey + QStringLiteral(".lora.r"), ranks.size(), k),
                                 QStringLiteral("larger than the width of layer %1 (%2)")
                                     .arg(QLatin1String(narrowest.name))
                                     .arg(narrowest.width),
                                 QString::number(ranks[k]), QStringLiteral("a whole number in 1..%1").arg(narrowest.width));
            }
            // A module's own rank is bounded by that module's width.
            for (size_t k = 0; k < run.lora.rankPattern.size(); ++k) {
                for (const auto &[module, rank] : run.lora.rankPattern[k]) {
                    const Layer *layer = findLayer(layers, module);
                    const QString key = keyOf(runKey + QStringLiteral(".lora.rank_pattern"), run.lora.rankPattern.size(), k)
                        + QLatin1Char('.') + QString::fromStdString(module);
                    if (!layer)
                        noSuchLayer(key, module);
                    else if (rank > layer->width)
                        messages.add(key, QStringLiteral("larger than the width of layer %1 (%2)").arg(QLatin1String(layer->name)).arg(layer->width),
                                     QString::number(rank), QStringLiteral("a whole number in 1..%1").arg(layer->width));
                }
            }
        }

        if (run.method == MethodKind::Ia3) {
            const QString targetsKey = runKey + QStringLiteral(".ia3.target_modules");
            const std::vector<std::vector<std::string>> targetSets =
                run.ia3.targetModules.empty() ? std::vector<std::vector<std::string>>{Ia3Settings{}.targets} : run.ia3.targetModules;
            for (size_t s = 0; s < targetSets.size(); ++s)
                for (size_t m = 0; m < targetSets[s].size(); ++m)
                    if (!findLayer(layers, targetSets[s][m]))
                        noSuchLayer(QStringLiteral("%1[%2]").arg(keyOf(targetsKey, targetSets.size(), s)).arg(m), targetSets[s][m]);
        }

        if (run.method == MethodKind::PromptTuning || run.method == MethodKind::PrefixTuning) {
            const bool prompt = run.method == MethodKind::PromptTuning;
            const std::vector<int64_t> &given = prompt ? run.promptTuning.numVirtualTokens : run.prefixTuning.numVirtualTokens;
            const std::vector<int64_t> counts = given.empty()
                ? std::vector<int64_t>{prompt ? PromptTuningSettings{}.numVirtualTokens : PrefixTuningSettings{}.numVirtualTokens}
                : given;
            for (size_t k = 0; k < counts.size(); ++k) {
                if (counts[k] + maxLength <= context)
                    continue;
                const QString expected = maxLength < context
                    ? QStringLiteral("a whole number in 1..%1, or a shorter dataset.max_length").arg(context - maxLength)
                    : QStringLiteral("dataset.max_length at most %1 to leave room for virtual tokens").arg(context - 1);
                messages.add(keyOf(runKey + (prompt ? QStringLiteral(".prompt_tuning") : QStringLiteral(".prefix_tuning"))
                                       + QStringLiteral(".num_virtual_tokens"),
                                   counts.size(), k),
                             QStringLiteral("%1 virtual tokens + dataset.max_length %2 exceed the model's context of %3 tokens")
                                 .arg(counts[k])
                                 .arg(maxLength)
                                 .arg(context),
                             QString::number(counts[k]), expected);
            }
        }

        if (run.method == MethodKind::LastLayers) {
            for (size_t k = 0; k < run.lastLayers.layers.size(); ++k)
                if (run.lastLayers.layers[k] > model.nLayers)
                    messages.add(keyOf(runKey + QStringLiteral(".last_layers.layers"), run.lastLayers.layers.size(), k),
                                 QStringLiteral("more than the %1 blocks of the base model").arg(model.nLayers),
                                 QString::number(run.lastLayers.layers[k]),
                                 QStringLiteral("a whole number in 1..%1").arg(model.nLayers));
            if (run.lastLayers.layers.empty() && LastLayersSettings{}.layers > model.nLayers)
                messages.add(runKey + QStringLiteral(".last_layers.layers"),
                             QStringLiteral("the default of %1 is more than the %2 blocks of the base model")
                                 .arg(LastLayersSettings{}.layers).arg(model.nLayers),
                             {}, QStringLiteral("a whole number in 1..%1").arg(model.nLayers));
        }

        // GPT-2 has biases everywhere; a Llama-family model only on q, k, v when qkv_bias is set.
        const bool hasBiases = model.family == ModelFamily::Gpt2 || model.qkvBias;
        if (run.method == MethodKind::BitFit && !hasBiases) {
            const std::vector<bool> norms = run.bitFit.normWeights.empty() ? std::vector<bool>{BitFitSettings{}.normWeights}
                                                                           : run.bitFit.normWeights;
            for (size_t k = 0; k < norms.size(); ++k)
                if (!norms[k])
                    messages.add(keyOf(runKey + QStringLiteral(".bitfit.norm_weights"), norms.size(), k),
                                 QStringLiteral("the base model has no bias terms, so bitfit would train nothing"),
                                 QStringLiteral("false"), QStringLiteral("true (train the norms' weights), or another method"));
        }
    }
    return messages.list();
}

}  // namespace peftbench
