#pragma once

#include "tokenizer/BpeTokenizerSpec.h"

#include <QString>

namespace peftbench {

// Reads a Hugging Face tokenizer.json holding a byte-level BPE model: model.vocab, model.merges
// ("a b" strings or ["a", "b"] pairs), model.ignore_merges, added_tokens, the normalizer
// (NFC/NFD/NFKC/NFKD, Sequence), the pre-tokenizer (ByteLevel, Split, Digits, Sequence) and the
// ByteLevel decoder. Anything else — another model type, byte_fallback (SentencePiece-style
// BPE), an unknown normalizer or pre-tokenizer — is refused with a FileFormatError naming the
// file, the key and what is supported. The framing tokens are left to resolveSpecialTokens.
BpeTokenizerSpec readTokenizerJson(const QString &path);

}  // namespace peftbench
