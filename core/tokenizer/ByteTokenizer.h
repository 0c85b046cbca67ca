#pragma once

#include "tokenizer/Tokenizer.h"

namespace peftbench {

// The tokenizer of the built-in model: one token per byte (id = byte value), plus three
// specials after the bytes. It needs no vocabulary file and round-trips any byte string,
// including NUL, 0xFF and invalid UTF-8.
class ByteTokenizer final : public Tokenizer {
public:
    static constexpr int64_t kByteCount = 256;
    static constexpr int64_t kBosId = 256;
    static constexpr int64_t kEosId = 257;
    static constexpr int64_t kPadId = 258;
    static constexpr int64_t kVocabSize = 259;

    std::vector<int64_t> encode(const std::string &bytes) const override;
    // Throws std::out_of_range for an id outside [0, kVocabSize).
    std::string decode(const std::vector<int64_t> &ids) const override;
    int64_t vocabSize() const override { return kVocabSize; }
    int64_t bosId() const override { return kBosId; }
    int64_t eosId() const override { return kEosId; }
    int64_t padId() const override { return kPadId; }
    bool isByteLevel() const override { return true; }
    QString name() const override;
};

}  // namespace peftbench
