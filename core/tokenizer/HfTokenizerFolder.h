#pragma once

#include "tokenizer/BpeTokenizer.h"

#include <QString>

#include <memory>

namespace peftbench {

// The tokenizer of a local Hugging Face model folder: tokenizer.json when present, else GPT-2's
// vocab.json + merges.txt; bos/eos/pad from tokenizer_config.json beside them (see
// resolveSpecialTokens for what happens without one). Throws FileFormatError naming the file and
// key of a malformed file, or the folder and the files looked for when there is no tokenizer.
std::unique_ptr<BpeTokenizer> loadHfTokenizer(const QString &folder);

// The same from explicit files (tokenizerConfig may be empty or missing).
std::unique_ptr<BpeTokenizer> loadTokenizerJson(const QString &tokenizerJson, const QString &tokenizerConfig);
std::unique_ptr<BpeTokenizer> loadGpt2VocabFiles(const QString &vocabJson, const QString &mergesTxt,
                                                 const QString &tokenizerConfig);

}  // namespace peftbench
