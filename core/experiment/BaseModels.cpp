#include "experiment/BaseModels.h"

#include "model/HfModelImport.h"
#include "model/Transformer.h"
#include "tokenizer/BpeTokenizer.h"
#include "tokenizer/ByteTokenizer.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include <stdexcept>

namespace peftbench {

const std::vector<BuiltinModelInfo> &builtinModels()
{
    static const std::vector<BuiltinModelInfo> models{
        {QStringLiteral("byte-gpt"), QStringLiteral(":/models/byte-gpt.pwbc"),
         QStringLiteral(":/models/byte-gpt.recipe.yaml"),
         QStringLiteral("A small byte-level GPT-2-family model pretrained by 'peftbench pretrain' on the Brown "
                        "corpus (builtin:brown, training split). It reads and writes raw UTF-8 bytes, so any "
                        "text works without a vocabulary; small enough to fine-tune on a laptop CPU.")},
    };
    return models;
}

std::shared_ptr<const Tokenizer> tokenizerForCheckpoint(const TensorFile &file, const QString &path)
{
    const QString name = file.metadata.value(QStringLiteral("tokenizer"), QStringLiteral("byte"));
    if (name != QLatin1String("byte"))
        throw FileFormatError(QStringLiteral("%1: tokenizer '%2' is not known to this build (expected: byte)")
                                  .arg(path, name)
                                  .toStdString());
    return std::make_shared<ByteTokenizer>();
}

QString absoluteModelReference(const QString &reference, const QString &baseDirectory)
{
    for (const QLatin1String form : {QLatin1String("file:"), QLatin1String("hf:")}) {
        if (!reference.startsWith(form) || reference.size() == form.size())
            continue;
        const QDir base(baseDirectory.isEmpty() ? QDir::currentPath() : baseDirectory);
        return form + QDir::cleanPath(base.absoluteFilePath(reference.mid(form.size())));
    }
    return reference;
}

namespace {

void checkTokenizerFits(const BaseModel &model)
{
    if (model.tokenizer->vocabSize() > model.config.vocabSize)
        throw FileFormatError(QStringLiteral("%1: the model's vocabulary (%2) is smaller than its tokenizer's (%3)")
                                  .arg(model.path)
                                  .arg(model.config.vocabSize)
                                  .arg(model.tokenizer->vocabSize())
                                  .toStdString());
}

// hf:DIR: config.json, safetensors weights and the tokenizer of a local Hugging Face folder.
BaseModel loadHfBaseModel(const QString &reference, const QString &baseDirectory)
{
    BaseModel model;
    model.reference = reference;
    if (reference.size() == 3)
        throw std::invalid_argument(QStringLiteral("base_model 'hf:': expected hf:DIR, the path of a Hugging Face model folder").toStdString());
    model.path = absoluteModelReference(reference, baseDirectory).mid(3);
    if (!QFileInfo(model.path).isDir())
        throw FileFormatError(QStringLiteral("base_model '%1': no such folder %2").arg(reference, model.path).toStdString());
    HfImportedModel imported = importHfModel(model.path);
    model.config = imported.summary.config.model;
    model.tokenizer = std::move(imported.summary.tokenizer);
    model.weights = std::make_shared<const TensorFile>(std::move(imported.weights));
    checkTokenizerFits(model);
    return model;
}

}  // namespace

BaseModel loadBaseModel(const QString &reference, const QString &baseDirectory)
{
    BaseModel model;
    model.reference = reference;
    if (reference.startsWith(QLatin1String("builtin:"))) {
        const QString name = reference.mid(8);
        QStringList known;
        for (const BuiltinModelInfo &info : builtinModels()) {
            known << info.name;
            if (info.name == name)
                model.path = info.resourcePath;
        }
        if (model.path.isEmpty())
            throw std::invalid_argument(QStringLiteral("base_model '%1': no built-in model named '%2' (built in: %3)")
                                            .arg(reference, name, known.join(QStringLiteral(", ")))
                                            .toStdString());
    } else if (reference.startsWith(QLatin1String("file:"))) {
        model.path = absoluteModelReference(reference, baseDirectory).mid(5);
        if (!QFileInfo::exists(model.path))
            throw FileFormatError(QStringLiteral("base_model '%1': no such file %2").arg(reference, model.path).toStdString());
    } else if (reference.startsWith(QLatin1String("hf:"))) {
        return loadHfBaseModel(reference, baseDirectory);
    } else {
        throw std::invalid_argument(QStringLiteral("base_model '%1': expected builtin:NAME, file:PATH or hf:DIR")
                                        .arg(reference)
                                        .toStdString());
    }
    auto weights = std::make_shared<TensorFile>(readTensorFile(model.path));
    if (weights->kind != QLatin1String("model"))
        throw FileFormatError(QStringLiteral("%1: a '%2' file, not a model checkpoint").arg(model.path, weights->kind).toStdString());
    model.config = modelConfigFromTensorFile(*weights, model.path);
    model.tokenizer = tokenizerForCheckpoint(*weights, model.path);
    checkTokenizerFits(model);
    model.weights = std::move(weights);
    return model;
}

}  // namespace peftbench
