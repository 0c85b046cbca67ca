#include "tokenizer/Gpt2VocabFiles.h"

#include "tokenizer/BpeJsonFile.h"

#include <QFile>
#include <QStringDecoder>

namespace peftbench {

namespace {

void readVocabJson(const QString &path, BpeTokenizerSpec &spec)
{
    const QJsonObject vocab = readJsonObjectFile(path);
    spec.vocabFile = path;
    spec.vocab.reserve(size_t(vocab.size()));
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        const double d = it.value().toDouble();
        if (!it.value().isDouble() || d < -9.0e15 || d > 9.0e15 || d != double(int64_t(d)))
            failTokenizerFile(path, QStringLiteral("\"%1\"").arg(it.key()),
                              QStringLiteral("expected an integer id, found %1").arg(jsonTypeName(it.value())));
        spec.vocab.emplace_back(it.key(), int64_t(d));
    }
}

void readMergesTxt(const QString &path, BpeTokenizerSpec &spec)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        failTokenizerFile(path, QString(), QStringLiteral("cannot read: %1").arg(file.errorString()));
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8.decode(file.readAll());
    if (utf8.hasError())
        failTokenizerFile(path, QString(), QStringLiteral("is not valid UTF-8"));
    spec.mergesFile = path;
    spec.mergesWherePattern = QStringLiteral("line %1");
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines[i];
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        // "#version: 0.2" heads the file; tokenizers skips it the same way. Blank lines (the
        // final newline) hold no rule.
        if (line.isEmpty() || (i == 0 && line.startsWith(QLatin1String("#version"))))
            continue;
        const QStringList parts = line.split(QLatin1Char(' '));
        if (parts.size() != 2 || parts[0].isEmpty() || parts[1].isEmpty())
            failTokenizerFile(path, QStringLiteral("line %1").arg(i + 1),
                              QStringLiteral("expected two tokens separated by one space, found \"%1\"").arg(line));
        spec.merges.push_back({parts[0], parts[1], int(i + 1)});
    }
}

}  // namespace

BpeTokenizerSpec readGpt2VocabFiles(const QString &vocabJson, const QString &mergesTxt)
{
    BpeTokenizerSpec spec;
    readVocabJson(vocabJson, spec);
    readMergesTxt(mergesTxt, spec);
    spec.addedTokensFile = vocabJson;
    spec.preTokenizer.addSplit(compilePreTokenizerPattern(QString::fromLatin1(kGpt2PreTokenizerPattern)),
                               SplitBehavior::Isolated, false);
    return spec;
}

}  // namespace peftbench
