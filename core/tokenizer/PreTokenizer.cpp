#include "tokenizer/PreTokenizer.h"

#include "tokenizer/BpeUtf8View.h"

namespace peftbench {

const char *const kGpt2PreTokenizerPattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

QRegularExpression compilePreTokenizerPattern(const QString &pattern)
{
    QRegularExpression regex(pattern, QRegularExpression::UseUnicodePropertiesOption);
    if (regex.isValid())
        regex.optimize();  // JIT-compile now rather than on the first (timed) encode
    return regex;
}

void PreTokenizer::addPrefixSpace()
{
    Step step;
    step.prefixSpace = true;
    m_steps.push_back(step);
}

void PreTokenizer::addSplit(const QRegularExpression &regex, SplitBehavior behavior, bool invert)
{
    Step step;
    step.regex = regex;
    step.behavior = behavior;
    step.invert = invert;
    m_steps.push_back(step);
}

std::vector<std::string> PreTokenizer::split(std::string_view text) const
{
    std::vector<std::string> pieces;
    if (text.empty())
        return pieces;
    pieces.emplace_back(text);
    for (const Step &step : m_steps) {
        if (step.prefixSpace) {
            for (std::string &piece : pieces)
                if (piece.front() != ' ')
                    piece.insert(piece.begin(), ' ');
            continue;
        }
        std::vector<std::string> next;
        next.reserve(pieces.size());
        for (const std::string &piece : pieces)
            splitPiece(step, piece, next);
        pieces = std::move(next);
    }
    return pieces;
}

void PreTokenizer::splitPiece(const Step &step, std::string_view piece, std::vector<std::string> &out)
{
    // The piece is cut into alternating stretches: delimiters (what the regex matched, or the
    // rest when inverted) and the text between them. Empty matches delimit nothing.
    struct Stretch {
        size_t begin, end;
        bool delimiter;
    };
    std::vector<Stretch> stretches;
    const Utf8View view = decodeUtf8Lossless(piece);
    size_t cursor = 0;
    QRegularExpressionMatchIterator it = step.regex.globalMatch(view.text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength() == 0)
            continue;
        const size_t begin = view.byteAt(m.capturedStart());
        const size_t end = view.byteAt(m.capturedEnd());
        if (begin > cursor)
            stretches.push_back({cursor, begin, step.invert});
        stretches.push_back({begin, end, !step.invert});
        cursor = end;
    }
    if (cursor < piece.size())
        stretches.push_back({cursor, piece.size(), step.invert});

    const auto text = [&](const Stretch &s) { return std::string(piece.substr(s.begin, s.end - s.begin)); };
    switch (step.behavior) {
    case SplitBehavior::Removed:
        for (const Stretch &s : stretches)
            if (!s.delimiter)
                out.push_back(text(s));
        break;
    case SplitBehavior::Isolated:
        for (const Stretch &s : stretches)
            out.push_back(text(s));
        break;
    case SplitBehavior::Contiguous:
        // Adjacent delimiters (several matches in a row) form one piece.
        for (size_t i = 0; i < stretches.size(); ++i) {
            if (stretches[i].delimiter && i > 0 && stretches[i - 1].delimiter)
                out.back().append(text(stretches[i]));
            else
                out.push_back(text(stretches[i]));
        }
        break;
    case SplitBehavior::MergedWithPrevious: {
        bool previousWasText = false;
        for (const Stretch &s : stretches) {
            if (s.delimiter && previousWasText)
                out.back().append(text(s));
            else
                out.push_back(text(s));
            previousWasText = !s.delimiter;
        }
        break;
    }
    case SplitBehavior::MergedWithNext: {
        bool pendingDelimiter = false;
        for (const Stretch &s : stretches) {
            if (!s.delimiter && pendingDelimiter)
                out.back().append(text(s));
            else
                out.push_back(text(s));
            pendingDelimiter = s.delimiter;
        }
        break;
    }
    }
}

}  // namespace peftbench
