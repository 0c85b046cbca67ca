#include "tokenizer/HfTokenizerFolder.h"

#include "tokenizer/BpeJsonFile.h"
#include "tokenizer/BpeSpecialTokens.h"
#include "tokenizer/Gpt2VocabFiles.h"
#include "tokenizer/TokenizerJson.h"

#include <QDir>
#include <QFileInfo>

namespace peftbench {

std::unique_ptr<BpeTokenizer> loadTokenizerJson(const QString &tokenizerJson, const QString &tokenizerConfig)
{
    BpeTokenizerSpec spec = readTokenizerJson(tokenizerJson);
    resolveSpecialTokens(spec, tokenizerConfig);
    return std::make_unique<BpeTokenizer>(std::move(spec));
}

std::unique_ptr<BpeTokenizer> loadGpt2VocabFiles(const QString &vocabJson, const QString &mergesTxt,
                                                 const QString &tokenizerConfig)
{
    BpeTokenizerSpec spec = readGpt2VocabFiles(vocabJson, mergesTxt);
    resolveSpecialTokens(spec, tokenizerConfig);
    return std::make_unique<BpeTokenizer>(std::move(spec));
}

std::unique_ptr<BpeTokenizer> loadHfTokenizer(const QString &folder)
{
    const QDir dir(folder);
    if (!QFileInfo(folder).isDir())
        failTokenizerFile(folder, QString(), QStringLiteral("is not a folder"));
    const QString config = dir.filePath(QStringLiteral("tokenizer_config.json"));
    const QString tokenizerJson = dir.filePath(QStringLiteral("tokenizer.json"));
    if (QFileInfo::exists(tokenizerJson))
        return loadTokenizerJson(tokenizerJson, config);
    const QString vocab = dir.filePath(QStringLiteral("vocab.json"));
    const QString merges = dir.filePath(QStringLiteral("merges.txt"));
    const bool haveVocab = QFileInfo::exists(vocab), haveMerges = QFileInfo::exists(merges);
    if (haveVocab && haveMerges)
        return loadGpt2VocabFiles(vocab, merges, config);
    QString problem = QStringLiteral("no tokenizer: looked for tokenizer.json, or vocab.json together with merges.txt");
    if (haveVocab != haveMerges)
        problem += QStringLiteral(" (found %1 without %2)")
                       .arg(haveVocab ? QStringLiteral("vocab.json") : QStringLiteral("merges.txt"),
                            haveVocab ? QStringLiteral("merges.txt") : QStringLiteral("vocab.json"));
    if (QFileInfo::exists(dir.filePath(QStringLiteral("tokenizer.model"))))
        problem += QStringLiteral("; tokenizer.model (SentencePiece) is not supported");
    failTokenizerFile(folder, QString(), problem);
}

}  // namespace peftbench
