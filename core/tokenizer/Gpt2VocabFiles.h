#pragma once

#include "tokenizer/BpeTokenizerSpec.h"

#include <QString>

namespace peftbench {

// Reads GPT-2's original pair of files: vocab.json (token → id; also shipped as encoder.json)
// and merges.txt (one "left right" rule per line, by rank, after a "#version" line; also
// shipped as vocab.bpe). The pre-tokenizer is GPT-2's: its regex, no prefix space, no
// normalizer. Throws FileFormatError naming the file, the line or key and what was expected.
BpeTokenizerSpec readGpt2VocabFiles(const QString &vocabJson, const QString &mergesTxt);

}  // namespace peftbench
