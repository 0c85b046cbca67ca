#include "experiment/BaseModels.h"

#include "model/Transformer.h"
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
    if (!reference.startsWith(QLatin1String("file:")))
        return reference;
    return QStringLiteral("file:")
        + QDir::cleanPath(QDir(baseDirectory.isEmpty() ? QDir::currentPath() : baseDirectory).absoluteFilePath(reference.mid(5)));
}

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
        throw std::invalid_argument(QStringLiteral("base_model '%1': importing Hugging Face folders is not available in "
                                                   "this build yet; use builtin:NAME or file:PATH")
                                        .arg(reference)
                                        .toStdString());
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
    if (model.tokenizer->vocabSize() > model.config.vocabSize)
        throw FileFormatError(QStringLiteral("%1: the model's vocabulary (%2) is smaller than its tokenizer's (%3)")
                                  .arg(model.path)
                                  .arg(model.config.vocabSize)
                                  .arg(model.tokenizer->vocabSize())
                                  .toStdString());
    model.weights = std::move(weights);
    return model;
}

}  // namespace peftbench
