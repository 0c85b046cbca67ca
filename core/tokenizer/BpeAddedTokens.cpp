#include "tokenizer/BpeAddedTokens.h"

#include <algorithm>

namespace peftbench {

namespace {

// ASCII whitespace only: lstrip/rstrip exist for tokens like RoBERTa's "<mask>" after a space.
bool isStripSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// A byte that continues a word for single_word: ASCII letters, digits and '_', and any non-ASCII
// byte (part of a letter in most scripts; the tokens that use single_word are ASCII markers).
bool isWordByte(char c)
{
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
}

}  // namespace

BpeAddedTokenMatcher::BpeAddedTokenMatcher(const std::vector<BpeAddedToken> &tokens)
{
    for (const BpeAddedToken &t : tokens) {
        std::string bytes = t.content.toUtf8().toStdString();
        if (bytes.empty())
            continue;  // an empty token would match everywhere; loaders reject it
        const auto first = static_cast<unsigned char>(bytes.front());
        m_byFirstByte[first].push_back({std::move(bytes), t});
        m_any = true;
    }
    for (auto &bucket : m_byFirstByte)
        std::stable_sort(bucket.begin(), bucket.end(),
                         [](const Candidate &a, const Candidate &b) { return a.bytes.size() > b.bytes.size(); });
}

bool BpeAddedTokenMatcher::acceptable(const Candidate &c, std::string_view text, size_t at) const
{
    if (text.compare(at, c.bytes.size(), c.bytes) != 0)
        return false;
    if (!c.token.singleWord)
        return true;
    const size_t end = at + c.bytes.size();
    return (at == 0 || !isWordByte(text[at - 1])) && (end == text.size() || !isWordByte(text[end]));
}

std::vector<BpeAddedTokenMatcher::Segment> BpeAddedTokenMatcher::split(std::string_view text) const
{
    std::vector<Segment> segments;
    size_t plainStart = 0;
    size_t i = 0;
    const auto flushPlain = [&](size_t end) {
        if (end > plainStart)
            segments.push_back({-1, text.substr(plainStart, end - plainStart)});
    };
    while (m_any && i < text.size()) {
        const auto &bucket = m_byFirstByte[static_cast<unsigned char>(text[i])];
        const Candidate *found = nullptr;
        for (const Candidate &c : bucket)
            if (acceptable(c, text, i)) {
                found = &c;
                break;
            }
        if (!found) {
            ++i;
            continue;
        }
        size_t plainEnd = i;
        if (found->token.lstrip)
            while (plainEnd > plainStart && isStripSpace(text[plainEnd - 1]))
                --plainEnd;
        flushPlain(plainEnd);
        segments.push_back({found->token.id, text.substr(i, found->bytes.size())});
        i += found->bytes.size();
        if (found->token.rstrip)
            while (i < text.size() && isStripSpace(text[i]))
                ++i;
        plainStart = i;
    }
    flushPlain(text.size());
    return segments;
}

}  // namespace peftbench
