#include "model/PeftAdapterExport.h"

#include "model/PeftLoraLayout.h"
#include "model/SafetensorsWriter.h"

#include <torch/torch.h>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStringList>

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

namespace peftbench {

namespace {

[[noreturn]] void misfit(const QString &what)
{
    throw std::invalid_argument(what.toStdString());
}

QString shapeText(at::IntArrayRef shape)
{
    QStringList dims;
    for (int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

// The fields every PEFT config shares (peft/config.py: PeftConfig).
QJsonObject commonConfig(const char *peftType, const QString &baseModelName)
{
    return QJsonObject{
        {QStringLiteral("peft_type"), QLatin1String(peftType)},
        {QStringLiteral("task_type"), QStringLiteral("CAUSAL_LM")},
        {QStringLiteral("base_model_name_or_path"), baseModelName.isEmpty() ? QJsonValue() : QJsonValue(baseModelName)},
        {QStringLiteral("revision"), QJsonValue()},
        {QStringLiteral("inference_mode"), true},
        {QStringLiteral("auto_mapping"), QJsonValue()},
    };
}

// One PEFT module's LoRA built from our adapted parts of it.
struct FusedLora {
    torch::Tensor A;          // [Σ r_p, in]
    torch::Tensor B;          // [out, Σ r_p]
    torch::Tensor magnitude;  // DoRA: [out]; undefined for LoRA
    int64_t rank = 0;         // Σ r_p
    double scale = 0;         // the fused module's scaling: the first adapted part's
    int64_t firstRank = 0;    // and that part's rank
    int64_t parts = 0;        // k
};

// A part's rows of the base weight norm, for DoRA parts of a fused module that are not adapted
// (their magnitude must leave them unchanged).
torch::Tensor baseRowNorms(const TensorFile *base, const std::string &layer)
{
    const torch::Tensor *weight = base ? base->find(layer + ".weight") : nullptr;
    if (!weight)
        misfit(QStringLiteral("DoRA adapter: the base weight %1.weight is needed for the magnitude of the fused module's "
                              "unadapted part, and the base model has none").arg(QString::fromStdString(layer)));
    return weight->to(torch::kFloat).norm(2, {1});
}

FusedLora fuse(const PeftLoraModule &module, const TensorFile &adapter, const LoraSettings &settings, bool dora,
               const TensorFile *base)
{
    std::vector<torch::Tensor> as, magnitudes;
    std::vector<std::pair<size_t, torch::Tensor>> bs;   // part index, B already rescaled to the fused scale
    std::vector<int64_t> ranks;
    FusedLora fused;
    for (size_t p = 0; p < module.ourLayers.size(); ++p) {
        const std::string &layer = module.ourLayers[p];
        const torch::Tensor *a = adapter.find(layer + ".lora.A");
        const torch::Tensor *b = adapter.find(layer + ".lora.B");
        const torch::Tensor *m = adapter.find(layer + ".lora.magnitude");
        if (!a && !b) {
            if (dora)
                magnitudes.push_back(baseRowNorms(base, layer));
            continue;
        }
        if (!a || !b)
            misfit(QStringLiteral("LoRA adapter: %1 has only one of lora.A and lora.B").arg(QString::fromStdString(layer)));
        const std::string kind = ourLayerKind(layer);
        const int64_t rank = settings.rankFor(kind);
        if (a->sizes() != at::IntArrayRef{rank, module.inFeatures} || b->sizes() != at::IntArrayRef{module.partRows[p], rank})
            misfit(QStringLiteral("LoRA adapter: %1 has A %2 and B %3, expected A [%4, %5] and B [%6, %4] (r = %4)")
                       .arg(QString::fromStdString(layer), shapeText(a->sizes()), shapeText(b->sizes()))
                       .arg(rank)
                       .arg(module.inFeatures)
                       .arg(module.partRows[p]));
        if (dora) {
            if (!m || m->sizes() != at::IntArrayRef{module.partRows[p]})
                misfit(QStringLiteral("DoRA adapter: %1.lora.magnitude is %2, expected [%3]")
                           .arg(QString::fromStdString(layer), m ? shapeText(m->sizes()) : QStringLiteral("missing"))
                           .arg(module.partRows[p]));
            magnitudes.push_back(m->to(torch::kFloat));
        }
        // One scaling per PEFT module: a part with another scaling folds the ratio into its B.
        const double scale = settings.scaleFor(kind);
        if (fused.parts == 0) {
            fused.scale = scale;
            fused.firstRank = rank;
        }
        as.push_back(a->to(torch::kFloat));
        bs.emplace_back(p, b->to(torch::kFloat) * (scale / fused.scale));
        ranks.push_back(rank);
        fused.rank += rank;
        ++fused.parts;
    }
    if (as.empty())
        return fused;
    fused.A = torch::cat(as, 0).contiguous();
    fused.B = torch::zeros({module.outFeatures(), fused.rank});
    int64_t column = 0;
    for (size_t i = 0; i < bs.size(); ++i) {
        const auto &[part, b] = bs[i];
        int64_t row = 0;
        for (size_t j = 0; j < part; ++j)
            row += module.partRows[j];
        fused.B.narrow(0, row, module.partRows[part]).narrow(1, column, ranks[i]).copy_(b);
        column += ranks[i];
    }
    if (dora)
        fused.magnitude = torch::cat(magnitudes, 0).contiguous();
    return fused;
}

}  // namespace

PeftAdapterFiles peftLoraAdapter(const ModelConfig &model, const LoraSettings &settings, const TensorFile &adapter,
                                 const QString &baseModelName, bool dora, const TensorFile *base)
{
    if (settings.init == LoraInit::Pissa)
        misfit(QStringLiteral("LoRA adapter: init pissa trains A and B against the residual of the base weight, not the base "
                              "weight PEFT loads, so the adapter alone would give another model; export the run with "
                              "--format merged"));
    const std::vector<PeftLoraModule> modules = peftLoraModules(model);
    // Every adapter tensor must land somewhere: an unknown layer would silently vanish otherwise.
    for (const auto &[name, tensor] : adapter.tensors) {
        const auto dot = name.rfind(".lora.");
        if (dot == std::string::npos || !findPeftLoraModule(modules, name.substr(0, dot)))
            misfit(QStringLiteral("LoRA adapter: tensor %1 is no LoRA matrix of a %2 model's projections")
                       .arg(QString::fromStdString(name), modelFamilyName(model.family)));
    }
    PeftAdapterFiles files;
    std::map<std::string, std::pair<int64_t, double>> rankAndAlphaByTarget;   // target name → (rank, alpha)
    QJsonArray targets;
    std::set<std::string> targetsSeen;
    for (const PeftLoraModule &module : modules) {
        const FusedLora fused = fuse(module, adapter, settings, dora, base);
        if (fused.parts == 0)
            continue;
        files.tensors.emplace_back(peftLoraKey(module.hfModule, 'A'), fused.A);
        files.tensors.emplace_back(peftLoraKey(module.hfModule, 'B'), fused.B);
        if (dora)   // PEFT saves DoRA's magnitude without the ".weight" of its DoraLinearLayer (save_and_load.py)
            files.tensors.emplace_back(std::string(kPeftKeyPrefix) + module.hfModule + ".lora_magnitude_vector", fused.magnitude);
        // alpha'/r' (rsLoRA alpha'/sqrt(r')) must be the first part's alpha/r at r' = Σ r_p = k·r.
        const double k = double(fused.rank) / double(fused.firstRank);
        const double alpha = settings.rslora ? settings.alpha * std::sqrt(k) : settings.alpha * k;
        rankAndAlphaByTarget[module.targetName] = {fused.rank, alpha};
        if (targetsSeen.insert(module.targetName).second)
            targets.append(QString::fromStdString(module.targetName));
    }
    if (files.tensors.empty())
        misfit(QStringLiteral("LoRA adapter: no LoRA matrices in it"));

    // The config's r and lora_alpha are those of most modules; the others go to the patterns, whose
    // keys PEFT matches against the end of a module name (peft/utils/other.py: get_pattern_key).
    std::map<int64_t, int> modulesByRank;
    for (const auto &entry : rankAndAlphaByTarget)
        ++modulesByRank[entry.second.first];
    int64_t configRank = 0;
    int most = 0;
    for (const auto &[rank, count] : modulesByRank)
        if (count > most || (count == most && rank < configRank))
            configRank = rank, most = count;
    double configAlpha = 0;
    QJsonObject rankPattern, alphaPattern;
    for (const auto &[target, rankAlpha] : rankAndAlphaByTarget)
        if (rankAlpha.first == configRank)
            configAlpha = rankAlpha.second;
    for (const auto &[target, rankAlpha] : rankAndAlphaByTarget)
        if (rankAlpha.first != configRank || std::abs(rankAlpha.second - configAlpha) > 1e-12 * configAlpha) {
            if (rankAlpha.first != configRank)
                rankPattern.insert(QString::fromStdString(target), qint64(rankAlpha.first));
            alphaPattern.insert(QString::fromStdString(target), rankAlpha.second);
        }

    // peft/tuners/lora/config.py: LoraConfig. Fields left out take PEFT's defaults.
    files.config = commonConfig("LORA", baseModelName);
    const std::pair<const char *, QJsonValue> fields[] = {
        {"r", qint64(configRank)},
        {"lora_alpha", configAlpha},
        {"lora_dropout", settings.dropout},
        {"target_modules", targets},
        // GPT-2's Conv1D stores its weight [in, out]; PEFT transposes the LoRA delta when merging.
        {"fan_in_fan_out", model.family == ModelFamily::Gpt2},
        {"bias", QStringLiteral("none")},
        {"use_rslora", settings.rslora},
        {"use_dora", dora},
        // The trained A and B are loaded over PEFT's initialisation; Gaussian only names how ours started.
        {"init_lora_weights", settings.init == LoraInit::Gaussian ? QJsonValue(QStringLiteral("gaussian")) : QJsonValue(true)},
        {"modules_to_save", QJsonValue()},
        {"layers_to_transform", QJsonValue()},
        {"layers_pattern", QJsonValue()},
        {"rank_pattern", rankPattern},
        {"alpha_pattern", alphaPattern},
    };
    for (const auto &[key, value] : fields)
        files.config.insert(QLatin1String(key), value);
    return files;
}

PeftAdapterFiles peftIa3Adapter(const ModelConfig &model, const Ia3Settings &settings, const TensorFile &adapter,
                                const QString &baseModelName)
{
    const std::vector<PeftLoraModule> modules = peftLoraModules(model);
    for (const auto &[name, tensor] : adapter.tensors) {
        const auto dot = name.rfind(".ia3.scale");
        if (dot == std::string::npos || dot + 10 != name.size() || !findPeftLoraModule(modules, name.substr(0, dot)))
            misfit(QStringLiteral("IA3 adapter: tensor %1 is no IA3 vector of a %2 model's projections")
                       .arg(QString::fromStdString(name), modelFamilyName(model.family)));
    }
    PeftAdapterFiles files;
    QJsonArray targets, feedforward;
    std::set<std::string> seen;
    for (const PeftLoraModule &module : modules) {
        // A fused module (GPT-2's c_attn) scales all its parts: the parts IA3 leaves alone get ones.
        const bool input = ourLayerKind(module.ourLayers.front()) == "down";
        std::vector<torch::Tensor> parts;
        bool any = false;
        for (size_t p = 0; p < module.ourLayers.size(); ++p) {
            const std::string &layer = module.ourLayers[p];
            const int64_t size = input ? module.inFeatures : module.partRows[p];
            const torch::Tensor *l = adapter.find(layer + ".ia3.scale");
            if (l && l->sizes() != at::IntArrayRef{size})
                misfit(QStringLiteral("IA3 adapter: %1.ia3.scale is %2, expected [%3]")
                           .arg(QString::fromStdString(layer), shapeText(l->sizes())).arg(size));
            any = any || l;
            parts.push_back(l ? l->to(torch::kFloat) : torch::ones({size}));
        }
        if (!any)
            continue;
        // peft/tuners/ia3/layer.py: ia3_l is [out, 1], or [1, in] for a feedforward module.
        const torch::Tensor l = torch::cat(parts, 0);
        files.tensors.emplace_back(std::string(kPeftKeyPrefix) + module.hfModule + ".ia3_l",
                                   (input ? l.unsqueeze(0) : l.unsqueeze(1)).contiguous());
        if (seen.insert(module.targetName).second) {
            targets.append(QString::fromStdString(module.targetName));
            if (input)
                feedforward.append(QString::fromStdString(module.targetName));
        }
    }
    if (files.tensors.empty())
        misfit(QStringLiteral("IA3 adapter: no IA3 vectors in it"));
    // peft/tuners/ia3/config.py: IA3Config.
    files.config = commonConfig("IA3", baseModelName);
    const std::pair<const char *, QJsonValue> fields[] = {
        {"target_modules", targets},
        {"feedforward_modules", feedforward},
        {"fan_in_fan_out", model.family == ModelFamily::Gpt2},
        {"modules_to_save", QJsonValue()},
        {"init_ia3_weights", true},
    };
    for (const auto &[key, value] : fields)
        files.config.insert(QLatin1String(key), value);
    (void)settings;
    return files;
}

PeftAdapterFiles peftPrefixTuningAdapter(const ModelConfig &model, const PrefixTuningSettings &settings,
                                         const torch::Tensor &prefixTable, const QString &baseModelName)
{
    const int64_t kvDim = model.nKvHeads * model.headDim;
    const std::vector<int64_t> expected{settings.numVirtualTokens, 2 * model.nLayers * kvDim};
    if (prefixTable.sizes() != at::IntArrayRef(expected))
        misfit(QStringLiteral("prefix-tuning adapter: the prefix table is %1, expected %2 (num_virtual_tokens × 2·layers·kv_dim)")
                   .arg(shapeText(prefixTable.sizes()), shapeText(expected)));
    PeftAdapterFiles files;
    // peft/utils/save_and_load.py saves PREFIX_TUNING's prompt encoder output as "prompt_embeddings",
    // [num_virtual_tokens, num_layers·2·token_dim]; with a projection, the table it gives (PEFT's
    // get_prompt_embedding_to_save), so the MLP is not needed to use it.
    files.tensors.emplace_back("prompt_embeddings", prefixTable.detach().to(torch::kFloat).contiguous());
    // peft/tuners/prefix_tuning/config.py: PrefixTuningConfig. With grouped-query attention PEFT
    // sizes the prefix by key/value heads: token_dim = head_dim·kv_heads, num_attention_heads = kv_heads.
    files.config = commonConfig("PREFIX_TUNING", baseModelName);
    const std::pair<const char *, QJsonValue> fields[] = {
        {"num_virtual_tokens", qint64(settings.numVirtualTokens)},
        {"token_dim", qint64(kvDim)},
        {"num_transformer_submodules", 1},
        {"num_attention_heads", qint64(model.nKvHeads)},
        {"num_layers", qint64(model.nLayers)},
        {"encoder_hidden_size", qint64(settings.projection ? settings.projectionHidden : kvDim)},
        {"prefix_projection", false},
    };
    for (const auto &[key, value] : fields)
        files.config.insert(QLatin1String(key), value);
    return files;
}

PeftAdapterFiles peftPromptTuningAdapter(const ModelConfig &model, const PromptTuningSettings &settings,
                                         const QString &initText, const TensorFile &adapter, const QString &baseModelName)
{
    const torch::Tensor *prompt = adapter.find("prompt_embeddings");
    const std::vector<int64_t> expected{settings.numVirtualTokens, model.dModel};
    if (!prompt || prompt->sizes() != at::IntArrayRef(expected))
        misfit(QStringLiteral("prompt-tuning adapter: prompt_embeddings is %1, expected %2 (num_virtual_tokens × hidden size)")
                   .arg(prompt ? shapeText(prompt->sizes()) : QStringLiteral("missing"), shapeText(expected)));
    PeftAdapterFiles files;
    // peft/utils/save_and_load.py saves the prompt encoder's embedding as "prompt_embeddings",
    // [num_virtual_tokens · num_transformer_submodules, token_dim]; a decoder-only model has one submodule.
    files.tensors.emplace_back("prompt_embeddings", prompt->to(torch::kFloat).contiguous());
    // peft/config.py: PromptLearningConfig; peft/tuners/prompt_tuning/config.py: PromptTuningConfig.
    // The init only matters to PEFT when it re-initialises for training; the trained embeddings are
    // loaded over it. TEXT needs its text and a tokenizer name (PromptTuningConfig.__post_init__).
    const bool text = settings.init == PromptInit::Text;
    const char *init = text ? "TEXT" : settings.init == PromptInit::Random ? "RANDOM" : "SAMPLE_VOCAB";
    files.config = commonConfig("PROMPT_TUNING", baseModelName);
    const std::pair<const char *, QJsonValue> fields[] = {
        {"num_virtual_tokens", qint64(settings.numVirtualTokens)},
        {"token_dim", qint64(model.dModel)},
        {"num_transformer_submodules", 1},
        {"num_attention_heads", qint64(model.nHeads)},
        {"num_layers", qint64(model.nLayers)},
        {"prompt_tuning_init", QLatin1String(init)},
        {"prompt_tuning_init_text", text ? QJsonValue(initText) : QJsonValue()},
        {"tokenizer_name_or_path", text && !baseModelName.isEmpty() ? QJsonValue(baseModelName) : QJsonValue()},
        {"tokenizer_kwargs", QJsonValue()},
    };
    for (const auto &[key, value] : fields)
        files.config.insert(QLatin1String(key), value);
    return files;
}

void writePeftAdapter(const QString &folder, const PeftAdapterFiles &files)
{
    const QDir dir(folder);
    QSaveFile config(dir.filePath(QLatin1String(kPeftConfigFileName)));
    const QByteArray json = QJsonDocument(files.config).toJson(QJsonDocument::Indented);
    if (!config.open(QIODevice::WriteOnly) || config.write(json) != json.size() || !config.commit())
        throw FileFormatError(QStringLiteral("%1: cannot write (%2)").arg(config.fileName(), config.errorString()).toStdString());
    // PEFT saves with metadata {"format": "pt"} (safetensors' torch convention).
    writeSafetensors(dir.filePath(QLatin1String(kPeftWeightsFileName)), files.tensors, {{QStringLiteral("format"), QStringLiteral("pt")}});
}

}  // namespace peftbench
