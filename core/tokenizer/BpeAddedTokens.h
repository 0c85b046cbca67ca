#pragma once

#include <QString>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace peftbench {

// A token from tokenizer.json's `added_tokens` (or a special token such as GPT-2's
// "<|endoftext|>"): matched in the raw text before anything else and never split by BPE.
struct BpeAddedToken {
    QString content;
    int64_t id = -1;
    bool special = false;    // skipped by decode
    bool lstrip = false;     // swallows the whitespace on its left
    bool rstrip = false;     // swallows the whitespace on its right
    bool singleWord = false; // only matches when not inside a word
};

// Cuts text into added-token occurrences and the plain stretches between them. At each position
// the longest added token that matches wins (tokenizers' leftmost-longest rule).
class BpeAddedTokenMatcher {
public:
    struct Segment {
        int64_t tokenId;  // -1 for a plain stretch
        std::string_view text;
    };

    BpeAddedTokenMatcher() = default;
    explicit BpeAddedTokenMatcher(const std::vector<BpeAddedToken> &tokens);

    // The segments in order; plain stretches are never empty. The views point into `text`.
    std::vector<Segment> split(std::string_view text) const;

private:
    struct Candidate {
        std::string bytes;
        BpeAddedToken token;
    };
    bool acceptable(const Candidate &c, std::string_view text, size_t at) const;

    // Candidates by first byte, longest first, so the first one that matches is the longest.
    std::array<std::vector<Candidate>, 256> m_byFirstByte;
    bool m_any = false;
};

}  // namespace peftbench
