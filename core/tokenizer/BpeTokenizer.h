#pragma once

#include "tokenizer/BpeAddedTokens.h"
#include "tokenizer/BpeMergeTable.h"
#include "tokenizer/BpeNormalizer.h"
#include "tokenizer/BpeTokenizerSpec.h"
#include "tokenizer/PreTokenizer.h"
#include "tokenizer/Tokenizer.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>

#include <array>
#include <optional>

namespace peftbench {

// Byte-level BPE (GPT-2, SmolLM, Qwen2, Llama 3): added tokens are cut out first, the rest is
// normalized, pre-tokenized into words, and each word's bytes are merged by rank. Every byte has
// a token, so any byte string (invalid UTF-8 included) encodes, and decode gives it back —
// after normalization, when the tokenizer has a normalizer.
class BpeTokenizer final : public Tokenizer {
public:
    // Throws FileFormatError naming the file and key of any inconsistency: a vocabulary id out of
    // range or given twice, a byte without a token, a merge naming a token the vocabulary lacks.
    explicit BpeTokenizer(BpeTokenizerSpec spec);

    std::vector<int64_t> encode(const std::string &bytes) const override;
    // Throws std::out_of_range for an id that no token has.
    std::string decode(const std::vector<int64_t> &ids) const override;
    int64_t vocabSize() const override { return int64_t(m_idBytes.size()); }
    int64_t bosId() const override { return m_bosId; }
    int64_t eosId() const override { return m_eosId; }
    int64_t padId() const override { return m_padId; }
    bool isByteLevel() const override { return false; }
    QString name() const override;

    // The id of a vocabulary or added token by its spelling in the file.
    std::optional<int64_t> tokenId(const QString &spelling) const;
    size_t mergeCount() const { return m_merges.size(); }

private:
    enum class IdKind : unsigned char { Unused, Text, Special };

    void buildVocabulary(const BpeTokenizerSpec &spec);
    void buildMerges(const BpeTokenizerSpec &spec);
    void buildAddedTokens(const BpeTokenizerSpec &spec);
    int64_t specialId(const QString &content) const;
    void encodePlain(std::string_view text, std::vector<int64_t> &ids) const;
    void encodeWord(const std::string &word, std::vector<int64_t> &ids) const;

    QHash<QString, int32_t> m_idBySpelling;      // vocabulary and added tokens
    QHash<QByteArray, int32_t> m_idByBytes;      // vocabulary tokens by the bytes they spell
    std::array<int32_t, 256> m_byteId{};         // the single-byte token of each byte
    std::vector<std::string> m_idBytes;          // what decode writes for each id
    std::vector<IdKind> m_idKind;
    BpeMergeTable m_merges;
    BpeAddedTokenMatcher m_addedTokens;
    bool m_ignoreMerges = false;
    BpeNormalizer m_normalizer;
    PreTokenizer m_preTokenizer;
    int64_t m_bosId = -1, m_eosId = -1, m_padId = -1;

    // Words repeat (Zipf): merging each distinct word once makes encoding megabytes cheap.
    mutable QMutex m_cacheMutex;
    mutable QHash<QByteArray, std::vector<int32_t>> m_wordCache;
};

}  // namespace peftbench
