#include "model/HfModelImport.h"

#include "model/HfTensorNames.h"
#include "model/HfWeightFiles.h"
#include "model/SafetensorsDtypes.h"
#include "tokenizer/HfTokenizerFolder.h"

#include <torch/torch.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include <set>

namespace peftbench {

namespace {

constexpr int kProblemsShown = 40;  // a wrong config can make every tensor mismatch; the first ones tell the story

std::string formatProblems(const QString &folder, const QStringList &problems)
{
    if (problems.size() == 1)
        return problems.front().toStdString();
    QString text = QStringLiteral("%1: %2 problems importing this Hugging Face model:").arg(folder).arg(problems.size());
    for (int i = 0; i < problems.size() && i < kProblemsShown; ++i)
        text += QStringLiteral("\n  ") + problems[i];
    if (problems.size() > kProblemsShown)
        text += QStringLiteral("\n  … and %1 more").arg(problems.size() - kProblemsShown);
    return text.toStdString();
}

QString shapeText(const std::vector<int64_t> &shape)
{
    QStringList dims;
    for (int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

// The folder checked as far as possible without reading tensor data.
struct CheckpointPlan {
    HfModelSummary summary;
    HfWeightFiles files;
    std::vector<HfTensorMapping> mappings;
    std::vector<std::string> namesInFile;  // per mapping: its name in this checkpoint (prefix or not)
    bool tiedHeadSaved = false;            // lm_head.weight present although the head is tied
};

void checkTensors(CheckpointPlan &plan, QStringList &problems)
{
    const ModelConfig &c = plan.summary.config.model;
    const QString type = plan.summary.config.modelType;
    const HfWeightFiles &files = plan.files;
    plan.mappings = hfTensorMappings(c);
    const std::string prefix = hfBaseModelPrefix(c.family);
    bool prefixed = false;
    for (const std::string &name : files.names())
        prefixed = prefixed || startsWith(name, prefix);

    std::set<std::string> used;
    auto checkPresent = [&](const std::string &name, const std::vector<int64_t> &shape) {
        const SafetensorsReader *reader = files.reader(name);
        const QString qname = QString::fromStdString(name);
        used.insert(name);
        const SafetensorsDtype *dtype = safetensorsDtypeByName(reader->dtypeName(name));
        if (!dtype || !dtype->loadable())
            problems << QStringLiteral("%1: tensor %2 is %3; only %4 weights load")
                            .arg(reader->path(), qname, reader->dtypeName(name), loadableSafetensorsDtypes());
        if (reader->shape(name) != shape)
            problems << QStringLiteral("%1: tensor %2 is %3, but config.json implies %4")
                            .arg(reader->path(), qname, shapeText(reader->shape(name)), shapeText(shape));
    };
    for (const HfTensorMapping &m : plan.mappings) {
        const std::string name = prefixed || !startsWith(m.hfName, prefix) ? m.hfName : m.hfName.substr(prefix.size());
        plan.namesInFile.push_back(name);
        if (files.reader(name)) {
            checkPresent(name, m.hfShape);
            continue;
        }
        const QString why = m.hfName == "lm_head.weight"
                                ? QStringLiteral("; config.json's tie_word_embeddings is false, so the output head is a tensor of its own")
                                : QString();
        problems << QStringLiteral("%1: missing tensor %2 (a %3 model with this config.json has it, shape %4)%5")
                        .arg(files.description(), QString::fromStdString(name), type, shapeText(m.hfShape), why);
    }
    if (c.tiedHead && files.reader("lm_head.weight")) {
        // Some exporters save a tied head anyway; it must then be the embedding (checked on load).
        checkPresent("lm_head.weight", {c.vocabSize, c.dModel});
        plan.tiedHeadSaved = true;
        plan.summary.skippedTensors << QStringLiteral("lm_head.weight (tied to the embedding)");
    }
    for (const std::string &name : files.names()) {
        if (used.count(name))
            continue;
        if (isIgnorableHfBuffer(c.family, name))
            plan.summary.skippedTensors << QString::fromStdString(name);
        else
            problems << QStringLiteral("%1: unexpected tensor %2 (a %3 model with this config.json has no such tensor)")
                            .arg(files.reader(name)->path(), QString::fromStdString(name), type);
    }
}

CheckpointPlan planCheckpoint(const QString &folder)
{
    CheckpointPlan plan;
    QString &abs = plan.summary.folder;
    abs = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    if (!QFileInfo(abs).isDir())
        throw HfImportError(abs, {QStringLiteral("%1: no such folder (expected a Hugging Face model folder with config.json, "
                                                 "model.safetensors and tokenizer.json)")
                                      .arg(abs)});
    QStringList problems;
    plan.summary.config = readHfConfig(QDir(abs).filePath(QStringLiteral("config.json")), problems);
    const bool configRead = problems.isEmpty();
    try {
        plan.summary.tokenizer = loadHfTokenizer(abs);
        const int64_t tokens = plan.summary.tokenizer->vocabSize();
        if (configRead && tokens > plan.summary.config.model.vocabSize)
            problems << QStringLiteral("%1: 'vocab_size' is %2, but the folder's tokenizer has %3 tokens (expected at least that many)")
                            .arg(QDir(abs).filePath(QStringLiteral("config.json")))
                            .arg(plan.summary.config.model.vocabSize)
                            .arg(tokens);
    } catch (const FileFormatError &e) {
        problems << QString::fromUtf8(e.what());
    }
    const int beforeWeights = problems.size();
    plan.files = HfWeightFiles::open(abs, problems);
    plan.summary.weightsSource = plan.files.description();
    // Tensor checks need the config's shapes, and a broken shard would only repeat itself as missing tensors.
    if (configRead && problems.size() == beforeWeights)
        checkTensors(plan, problems);
    if (!problems.isEmpty())
        throw HfImportError(abs, problems);
    return plan;
}

}  // namespace

HfImportError::HfImportError(const QString &folder, const QStringList &problems)
    : FileFormatError(formatProblems(folder, problems)), m_problems(problems)
{
}

HfModelSummary inspectHfModel(const QString &folder)
{
    return planCheckpoint(folder).summary;
}

HfImportedModel importHfModel(const QString &folder)
{
    CheckpointPlan plan = planCheckpoint(folder);
    HfImportedModel imported;
    TensorFile &weights = imported.weights;
    weights.kind = QStringLiteral("model");
    weights.metadata.insert(QStringLiteral("model_config"),
                            QString::fromUtf8(QJsonDocument(plan.summary.config.model.toJson()).toJson(QJsonDocument::Compact)));
    weights.metadata.insert(QStringLiteral("hf_model_type"), plan.summary.config.modelType);
    weights.metadata.insert(QStringLiteral("hf_folder"), plan.summary.folder);
    for (size_t i = 0; i < plan.mappings.size(); ++i) {
        const HfTensorMapping &m = plan.mappings[i];
        const std::string &name = plan.namesInFile[i];
        const SafetensorsReader *reader = plan.files.reader(name);
        std::vector<torch::Tensor> ours;
        try {
            ours = ourTensorsFromHf(m, reader->tensor(name, torch::kFloat));
        } catch (const std::exception &e) {  // checked in the plan; a file changed underneath would land here
            throw HfImportError(plan.summary.folder, {QStringLiteral("%1: %2").arg(reader->path(), QString::fromUtf8(e.what()))});
        }
        for (size_t part = 0; part < ours.size(); ++part)
            weights.tensors.emplace_back(m.ourNames[part], std::move(ours[part]));
    }
    if (plan.tiedHeadSaved) {
        const SafetensorsReader *reader = plan.files.reader("lm_head.weight");
        if (!torch::equal(reader->tensor("lm_head.weight", torch::kFloat), weights.get("tok_emb.weight")))
            throw HfImportError(plan.summary.folder,
                                {QStringLiteral("%1: tensor lm_head.weight differs from the token embedding, but config.json's "
                                                "tie_word_embeddings is true (expected the same matrix, or no lm_head.weight)")
                                     .arg(reader->path())});
    }
    imported.summary = std::move(plan.summary);
    return imported;
}

}  // namespace peftbench
