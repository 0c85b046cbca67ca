#pragma once

#include "tokenizer/BpeAddedTokens.h"
#include "tokenizer/BpeNormalizer.h"
#include "tokenizer/PreTokenizer.h"

#include <QString>

#include <cstdint>
#include <utility>
#include <vector>

namespace peftbench {

// One merge rule as read, with where it was read from (list index or line number) so that a
// rule naming an unknown token can be reported at its place.
struct BpeMergeRule {
    QString left;
    QString right;
    int where = 0;
};

// Everything a byte-level BPE tokenizer is built from, as the file readers (tokenizer.json,
// vocab.json + merges.txt) produce it. BpeTokenizer checks the consistency between the parts;
// the file and key names here let its errors point at the place to fix.
struct BpeTokenizerSpec {
    QString vocabFile;
    QString vocabKey;                        // "model.vocab" in tokenizer.json; empty for vocab.json
    std::vector<std::pair<QString, int64_t>> vocab;

    QString mergesFile;
    QString mergesWherePattern;              // "model.merges[%1]" or "line %1"
    std::vector<BpeMergeRule> merges;

    QString addedTokensFile;
    std::vector<BpeAddedToken> addedTokens;  // in file order; reported as added_tokens[i]

    bool ignoreMerges = false;               // a word that is a vocabulary token is not merged
    BpeNormalizer normalizer;
    PreTokenizer preTokenizer;

    // Contents of the framing tokens, each also in addedTokens with special = true
    // (resolveSpecialTokens fills them in).
    QString bosToken;
    QString eosToken;
    QString padToken;
};

}  // namespace peftbench
