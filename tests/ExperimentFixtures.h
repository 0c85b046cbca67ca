#pragma once
// Files an experiment needs, written into a temporary folder: a tiny model checkpoint of ours
// (file: base model) and a small plain-text dataset, plus the experiment YAML naming them.

#include "TrainingFixtures.h"

#include <QDir>
#include <QFile>

namespace peftbench::testing {

// A random tiny GPT-2-family model (context 96) with byte tokenizer metadata, as `pretrain` writes.
inline void writeTinyModel(const QString &path)
{
    Transformer model(tinyConfig(ModelFamily::Gpt2));
    model->initializeWeights(3);
    TensorFile file = model->toTensorFile();
    file.metadata.insert(QStringLiteral("tokenizer"), QStringLiteral("byte"));
    writeTensorFile(path, file);
}

// 125 short sentences, one paragraph each.
inline void writeSentences(const QString &path)
{
    static const char *subjects[] = {"the cat", "a dog", "my friend", "the old man", "our teacher"};
    static const char *verbs[] = {"sees", "likes", "finds", "wants", "reads"};
    static const char *objects[] = {"the ball.", "a red book.", "some bread.", "the river.", "a letter."};
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        throw std::runtime_error("cannot write " + path.toStdString());
    for (const char *s : subjects)
        for (const char *v : verbs)
            for (const char *o : objects)
                f.write(QByteArray(s) + ' ' + v + ' ' + o + "\n\n");
}

// tiny.pwbc + sentences.txt in `dir`, and the experiment text (runs given as YAML list lines).
inline QByteArray tinyExperiment(const QDir &dir, const QByteArray &runs, int steps = 24, int evalEvery = 6)
{
    writeTinyModel(dir.filePath(QStringLiteral("tiny.pwbc")));
    writeSentences(dir.filePath(QStringLiteral("sentences.txt")));
    return "name: tiny\n"
           "base_model: file:tiny.pwbc\n"
           "dataset: {source: sentences.txt, task: causal_lm, max_length: 48}\n"
           "train: {steps: " + QByteArray::number(steps) + ", batch_size: 8, eval_every: " + QByteArray::number(evalEvery)
        + ", threads: 1, seed: 7, device: cpu, schedule: constant}\n"
          "runs:\n" + runs;
}

inline QString writeFile(const QDir &dir, const QString &name, const QByteArray &text)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        throw std::runtime_error("cannot write " + f.fileName().toStdString());
    return f.fileName();
}

}  // namespace peftbench::testing
