#pragma once

#include <QHash>

#include <cstdint>
#include <vector>

namespace peftbench {

// The merge rules of a BPE model as a hash of (left id, right id) → (rank, merged id), and the
// merge loop itself. Words are token-id sequences, so merging never builds strings.
class BpeMergeTable {
public:
    // A later rule for the same pair replaces the earlier one, as in openai/gpt-2 and tokenizers
    // (both build a dict from the list).
    void add(int32_t left, int32_t right, int32_t merged, int32_t rank);
    size_t size() const { return size_t(m_rules.size()); }

    // Repeatedly merges the adjacent pair with the lowest rank (leftmost first on ties) until no
    // pair has a rule: GPT-2's algorithm, in O(n log n) with a heap so that a pathological word
    // (a megabyte of '=' signs) does not take quadratic time.
    std::vector<int32_t> apply(std::vector<int32_t> symbols) const;

private:
    struct Rule {
        int32_t rank;
        int32_t merged;
    };
    static quint64 key(int32_t left, int32_t right) { return (quint64(quint32(left)) << 32) | quint32(right); }

    QHash<quint64, Rule> m_rules;
};

}  // namespace peftbench
