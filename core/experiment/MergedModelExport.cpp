#include "experiment/MergedModelExport.h"

#include "methods/FineTuningMethod.h"
#include "model/HfModelExport.h"
#include "model/SafetensorsWriter.h"
#include "model/Transformer.h"
#include "tokenizer/BpeByteAlphabet.h"
#include "tokenizer/ByteTokenizer.h"
#include "tokenizer/Tokenizer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <stdexcept>

namespace peftbench {

namespace {

// What a Hugging Face folder's tokenizer consists of (those present are copied).
const char *const kTokenizerFiles[] = {"tokenizer.json",       "tokenizer_config.json", "special_tokens_map.json",
                                       "vocab.json",           "merges.txt",            "added_tokens.json",
                                       "generation_config.json"};

void writeText(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw FileFormatError(QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()).toStdString());
}

void writeJson(const QString &path, const QJsonObject &json)
{
    writeText(path, QJsonDocument(json).toJson(QJsonDocument::Indented));
}

QJsonObject readJsonObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FileFormatError(QStringLiteral("%1: cannot read (%2)").arg(path, file.errorString()).toStdString());
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject())
        throw FileFormatError(QStringLiteral("%1: expected a JSON object").arg(path).toStdString());
    return doc.object();
}

QJsonObject specialToken(int64_t id, const char *content)
{
    return QJsonObject{{QStringLiteral("id"), qint64(id)},          {QStringLiteral("content"), QLatin1String(content)},
                       {QStringLiteral("single_word"), false},      {QStringLiteral("lstrip"), false},
                       {QStringLiteral("rstrip"), false},           {QStringLiteral("normalized"), false},
                       {QStringLiteral("special"), true}};
}

// Our byte tokenizer in tokenizer.json's terms: byte-level BPE without merges gives every byte its
// own token, spelled in GPT-2's byte alphabet, with id = byte value.
QJsonObject byteTokenizerJson()
{
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b)
        vocab.insert(QString(bpeCharForByte(static_cast<unsigned char>(b))), b);
    const QJsonObject byteLevel{{QStringLiteral("type"), QStringLiteral("ByteLevel")},
                                {QStringLiteral("add_prefix_space"), false},
                                {QStringLiteral("trim_offsets"), true},
                                {QStringLiteral("use_regex"), true}};
    return QJsonObject{
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("truncation"), QJsonValue()},
        {QStringLiteral("padding"), QJsonValue()},
        {QStringLiteral("added_tokens"), QJsonArray{specialToken(ByteTokenizer::kBosId, "<bos>"), specialToken(ByteTokenizer::kEosId, "<eos>"),
                                                    specialToken(ByteTokenizer::kPadId, "<pad>")}},
        {QStringLiteral("normalizer"), QJsonValue()},
        {QStringLiteral("pre_tokenizer"), byteLevel},
        {QStringLiteral("post_processor"), QJsonValue()},
        {QStringLiteral("decoder"), byteLevel},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                                              {QStringLiteral("dropout"), QJsonValue()},
                                              {QStringLiteral("unk_token"), QJsonValue()},
                                              {QStringLiteral("continuing_subword_prefix"), QJsonValue()},
                                              {QStringLiteral("end_of_word_suffix"), QJsonValue()},
                                              {QStringLiteral("fuse_unk"), false},
                                              {QStringLiteral("byte_fallback"), false},
                                              {QStringLiteral("ignore_merges"), false},
                                              {QStringLiteral("vocab"), vocab},
                                              {QStringLiteral("merges"), QJsonArray()}}},
    };
}

QByteArray byteTokenizerReadme(const TunedModel &model)
{
    return QStringLiteral(
               "Exported by peftbench: %1\n\n"
               "This model reads and writes raw bytes. Its tokenizer is byte-level with a vocabulary of 259:\n"
               "ids 0-255 are the byte values, 256 is <bos>, 257 <eos> and 258 <pad>. tokenizer.json spells it as\n"
               "a byte-level BPE tokenizer without merges, which gives the same ids for any UTF-8 text; the\n"
               "special token names are ours (a text containing \"<bos>\", \"<eos>\" or \"<pad>\" literally would\n"
               "encode them as one token there, as bytes in peftbench).\n\n"
               "The model was trained on windows that start with <bos> (id 256): prepend it when you score or\n"
               "continue a text. Generation ends at <eos> (id 257).\n")
        .arg(model.description)
        .toUtf8();
}

}  // namespace

QStringList writeMergedModel(const QString &folder, const TunedModel &model, const QString &baseFolder)
{
    const QDir dir(folder);
    const ModelConfig &config = model.base.config;
    const Transformer transformer = model.method->model();
    const TensorFile weights = transformer->toTensorFile();
    QStringList written;
    if (!baseFolder.isEmpty()) {
        QJsonObject json = readJsonObject(QDir(baseFolder).filePath(QStringLiteral("config.json")));
        json.insert(QStringLiteral("torch_dtype"), QStringLiteral("float32"));
        writeJson(dir.filePath(QStringLiteral("config.json")), json);
        written << QStringLiteral("config.json");
        for (const char *name : kTokenizerFiles) {
            const QString from = QDir(baseFolder).filePath(QLatin1String(name));
            if (!QFileInfo::exists(from))
                continue;
            if (!QFile::copy(from, dir.filePath(QLatin1String(name))))
                throw FileFormatError(QStringLiteral("%1: cannot copy into %2").arg(from, folder).toStdString());
            written << QLatin1String(name);
        }
    } else {
        const Tokenizer &tok = *model.base.tokenizer;
        writeJson(dir.filePath(QStringLiteral("config.json")), hfConfigJson(config, tok.bosId(), tok.eosId(), tok.padId()));
        written << QStringLiteral("config.json");
        if (!tok.isByteLevel() || tok.vocabSize() != ByteTokenizer::kVocabSize)
            throw std::invalid_argument(QStringLiteral("the base model's tokenizer (%1) is not our byte tokenizer, and only that "
                                                       "one can be written as tokenizer.json")
                                            .arg(tok.name())
                                            .toStdString());
        writeJson(dir.filePath(QStringLiteral("tokenizer.json")), byteTokenizerJson());
        writeJson(dir.filePath(QStringLiteral("tokenizer_config.json")),
                  QJsonObject{{QStringLiteral("tokenizer_class"), QStringLiteral("PreTrainedTokenizerFast")},
                              {QStringLiteral("bos_token"), QStringLiteral("<bos>")},
                              {QStringLiteral("eos_token"), QStringLiteral("<eos>")},
                              {QStringLiteral("pad_token"), QStringLiteral("<pad>")},
                              {QStringLiteral("model_max_length"), qint64(config.contextLength)}});
        writeText(dir.filePath(QStringLiteral("README.txt")), byteTokenizerReadme(model));
        written << QStringLiteral("tokenizer.json") << QStringLiteral("tokenizer_config.json") << QStringLiteral("README.txt");
    }
    writeSafetensors(dir.filePath(QStringLiteral("model.safetensors")), hfTensorsFromOurs(config, weights),
                     {{QStringLiteral("format"), QStringLiteral("pt")}});
    written << QStringLiteral("model.safetensors");
    return written;
}

}  // namespace peftbench
