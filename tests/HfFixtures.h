#pragma once
// Tiny Hugging Face model folders written in the tests: config.json, tokenizer.json and
// model.safetensors of a random GPT-2 or Llama model of tinyConfig's shape, in the *ForCausalLM
// tensor names, so experiments can name them as hf:DIR base models.

#include "TrainingFixtures.h"

#include "model/HfTensorNames.h"
#include "model/SafetensorsWriter.h"
#include "tokenizer/BpeByteAlphabet.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace peftbench::testing {

// A byte-level BPE tokenizer.json: 256 byte tokens, the merge "h e" (256), <|endoftext|> (257).
inline QJsonObject tinyHfTokenizer()
{
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b)
        vocab.insert(QString(bpeCharForByte(static_cast<unsigned char>(b))), b);
    vocab.insert(QStringLiteral("he"), 256);
    const QJsonObject byteLevel{{QStringLiteral("type"), QStringLiteral("ByteLevel")},
                                {QStringLiteral("add_prefix_space"), false},
                                {QStringLiteral("trim_offsets"), true},
                                {QStringLiteral("use_regex"), true}};
    return QJsonObject{
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("added_tokens"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), 257},
                                {QStringLiteral("content"), QStringLiteral("<|endoftext|>")},
                                {QStringLiteral("single_word"), false},
                                {QStringLiteral("lstrip"), false},
                                {QStringLiteral("rstrip"), false},
                                {QStringLiteral("normalized"), false},
                                {QStringLiteral("special"), true}}}},
        {QStringLiteral("normalizer"), QJsonValue()},
        {QStringLiteral("pre_tokenizer"), byteLevel},
        {QStringLiteral("decoder"), byteLevel},
        {QStringLiteral("model"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                     {QStringLiteral("vocab"), vocab},
                     {QStringLiteral("merges"), QJsonArray{QStringLiteral("h e")}}}},
    };
}

// config.json of tinyConfig(family), written out by hand as Transformers would save it.
inline QJsonObject tinyHfConfig(ModelFamily family)
{
    const ModelConfig c = tinyConfig(family);
    if (family == ModelFamily::Gpt2)
        return QJsonObject{{QStringLiteral("model_type"), QStringLiteral("gpt2")},
                           {QStringLiteral("architectures"), QJsonArray{QStringLiteral("GPT2LMHeadModel")}},
                           {QStringLiteral("vocab_size"), qint64(c.vocabSize)},
                           {QStringLiteral("n_positions"), qint64(c.contextLength)},
                           {QStringLiteral("n_embd"), qint64(c.dModel)},
                           {QStringLiteral("n_layer"), qint64(c.nLayers)},
                           {QStringLiteral("n_head"), qint64(c.nHeads)},
                           {QStringLiteral("n_inner"), qint64(c.ffnDim)},
                           {QStringLiteral("layer_norm_epsilon"), c.normEps},
                           {QStringLiteral("activation_function"), QStringLiteral("gelu_new")},
                           {QStringLiteral("bos_token_id"), 257},
                           {QStringLiteral("eos_token_id"), 257}};
    return QJsonObject{{QStringLiteral("model_type"), QStringLiteral("llama")},
                       {QStringLiteral("architectures"), QJsonArray{QStringLiteral("LlamaForCausalLM")}},
                       {QStringLiteral("vocab_size"), qint64(c.vocabSize)},
                       {QStringLiteral("max_position_embeddings"), qint64(c.contextLength)},
                       {QStringLiteral("hidden_size"), qint64(c.dModel)},
                       {QStringLiteral("intermediate_size"), qint64(c.ffnDim)},
                       {QStringLiteral("num_hidden_layers"), qint64(c.nLayers)},
                       {QStringLiteral("num_attention_heads"), qint64(c.nHeads)},
                       {QStringLiteral("num_key_value_heads"), qint64(c.nKvHeads)},
                       {QStringLiteral("rms_norm_eps"), c.normEps},
                       {QStringLiteral("rope_theta"), c.ropeTheta},
                       {QStringLiteral("hidden_act"), QStringLiteral("silu")},
                       {QStringLiteral("tie_word_embeddings"), false},
                       {QStringLiteral("bos_token_id"), 257},
                       {QStringLiteral("eos_token_id"), 257}};
}

// A random model of tinyConfig(family) as a Hugging Face folder at `dir` (created).
inline void writeTinyHfFolder(const QString &dir, ModelFamily family, uint64_t seed = 5)
{
    QDir().mkpath(dir);
    Transformer model(tinyConfig(family));
    model->initializeWeights(seed);
    const TensorFile ours = model->toTensorFile();
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const HfTensorMapping &m : hfTensorMappings(model->config())) {
        std::vector<torch::Tensor> parts;
        for (const std::string &name : m.ourNames)
            parts.push_back(ours.get(name));
        tensors.emplace_back(m.hfName, hfTensorFromOurs(m, parts));
    }
    writeSafetensors(QDir(dir).filePath(QStringLiteral("model.safetensors")), tensors);
    for (const auto &[name, json] : {std::pair{"config.json", tinyHfConfig(family)}, std::pair{"tokenizer.json", tinyHfTokenizer()}}) {
        QFile f(QDir(dir).filePath(QLatin1String(name)));
        const QByteArray bytes = QJsonDocument(json).toJson();
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            throw std::runtime_error("cannot write " + f.fileName().toStdString());
    }
}

}  // namespace peftbench::testing
