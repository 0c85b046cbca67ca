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
    torch::Tensor A;   // [r·k, in]
    torch::Tensor B;   // [out, r·k]
    int64_t parts = 0; // k
};

FusedLora fuse(const PeftLoraModule &module, const TensorFile &adapter, int64_t rank)
{
    std::vector<torch::Tensor> as;
    std::vector<std::pair<size_t, torch::Tensor>> bs;   // part index, B
    for (size_t p = 0; p < module.ourLayers.size(); ++p) {
        const std::string &layer = module.ourLayers[p];
        const torch::Tensor *a = adapter.find(layer + ".lora.A");
        const torch::Tensor *b = adapter.find(layer + ".lora.B");
        if (!a && !b)
            continue;
        if (!a || !b)
            misfit(QStringLiteral("LoRA adapter: %1 has only one of lora.A and lora.B").arg(QString::fromStdString(layer)));
        if (a->sizes() != at::IntArrayRef{rank, module.inFeatures} || b->sizes() != at::IntArrayRef{module.partRows[p], rank})
            misfit(QStringLiteral("LoRA adapter: %1 has A %2 and B %3, expected A [%4, %5] and B [%6, %4] (r = %4)")
                       .arg(QString::fromStdString(layer), shapeText(a->sizes()), shapeText(b->sizes()))
                       .arg(rank)
                       .arg(module.inFeatures)
                       .arg(module.partRows[p]));
        as.push_back(a->to(torch::kFloat));
        bs.emplace_back(p, b->to(torch::kFloat));
    }
    FusedLora fused;
    fused.parts = int64_t(as.size());
    if (as.empty())
        return fused;
    fused.A = torch::cat(as, 0).contiguous();
    fused.B = torch::zeros({module.outFeatures(), rank * fused.parts});
    int64_t column = 0;
    for (const auto &[part, b] : bs) {
        int64_t row = 0;
        for (size_t i = 0; i < part; ++i)
            row += module.partRows[i];
        fused.B.narrow(0, row, module.partRows[part]).narrow(1, column, rank).copy_(b);
        column += rank;
    }
    return fused;
}

}  // namespace

PeftAdapterFiles peftLoraAdapter(const ModelConfig &model, const LoraSettings &settings, const TensorFile &adapter,
                                 const QString &baseModelName)
{
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
        const FusedLora fused = fuse(module, adapter, settings.rank);
        if (fused.parts == 0)
            continue;
        files.tensors.emplace_back(peftLoraKey(module.hfModule, 'A'), fused.A);
        files.tensors.emplace_back(peftLoraKey(module.hfModule, 'B'), fused.B);
        // alpha'/r' must equal alpha/r (rsLoRA: alpha'/sqrt(r') = alpha/sqrt(r)) with r' = r·k.
        const double k = double(fused.parts);
        const double alpha = settings.rslora ? settings.alpha * std::sqrt(k) : settings.alpha * k;
        rankAndAlphaByTarget[module.targetName] = {settings.rank * fused.parts, alpha};
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
        if (rankAlpha.first != configRank) {
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
        {"use_dora", false},
        {"init_lora_weights", true},
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
