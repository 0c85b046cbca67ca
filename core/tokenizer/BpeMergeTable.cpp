#include "tokenizer/BpeMergeTable.h"

#include <functional>
#include <queue>
#include <tuple>

namespace peftbench {

void BpeMergeTable::add(int32_t left, int32_t right, int32_t merged, int32_t rank)
{
    m_rules.insert(key(left, right), Rule{rank, merged});
}

std::vector<int32_t> BpeMergeTable::apply(std::vector<int32_t> symbols) const
{
    const int n = int(symbols.size());
    if (n < 2)
        return symbols;
    // Symbols form a linked list so a merge is O(1); a merged-away symbol gets id -1.
    std::vector<int> prev(static_cast<size_t>(n)), next(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        prev[size_t(i)] = i - 1;
        next[size_t(i)] = i + 1 < n ? i + 1 : -1;
    }
    // Candidate merges (rank, position of the left symbol, left id, right id); stale candidates
    // (a side already merged into something else) are recognised by their ids and skipped.
    using Candidate = std::tuple<int32_t, int, int32_t, int32_t>;
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> heap;
    const auto consider = [&](int at) {
        if (at < 0 || next[size_t(at)] < 0)
            return;
        const int32_t l = symbols[size_t(at)], r = symbols[size_t(next[size_t(at)])];
        const auto found = m_rules.constFind(key(l, r));
        if (found != m_rules.constEnd())
            heap.emplace(found->rank, at, l, r);
    };
    for (int i = 0; i + 1 < n; ++i)
        consider(i);

    while (!heap.empty()) {
        const auto [rank, at, l, r] = heap.top();
        heap.pop();
        const int right = next[size_t(at)];
        if (symbols[size_t(at)] != l || right < 0 || symbols[size_t(right)] != r)
            continue;
        symbols[size_t(at)] = m_rules.value(key(l, r)).merged;
        symbols[size_t(right)] = -1;
        next[size_t(at)] = next[size_t(right)];
        if (next[size_t(at)] >= 0)
            prev[size_t(next[size_t(at)])] = at;
        consider(prev[size_t(at)]);
        consider(at);
    }

    std::vector<int32_t> merged;
    for (int i = 0; i >= 0; i = next[size_t(i)])
        merged.push_back(symbols[size_t(i)]);
    return merged;
}

}  // namespace peftbench
