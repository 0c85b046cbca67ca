#include "data/TextFileRecords.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace peftbench {

namespace {

bool isBlankLine(std::string_view line)
{
    return line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

std::string_view withoutTrailingBlanks(std::string_view line)
{
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
        line.remove_suffix(1);
    return line;
}

// Blank lines around a piece say nothing; a text that ends mid-line keeps its last line.
std::string trimBlankLines(std::string_view piece)
{
    while (!piece.empty() && (piece.front() == '\n' || piece.front() == '\r'))
        piece.remove_prefix(1);
    while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.back())))
        piece.remove_suffix(1);
    return std::string(piece);
}

// The cut for `target`: target itself when it starts a line, else just after the next '\n', else
// (no line break follows) the character boundary at or before it.
size_t cutAt(std::string_view text, size_t target)
{
    target = std::min(target, text.size());
    if (target > 0 && text[target - 1] == '\n')
        return target;  // already a line start
    const size_t newline = text.find('\n', target);
    if (newline != std::string_view::npos)
        return newline + 1;
    while (target > 0 && target < text.size() && (static_cast<unsigned char>(text[target]) & 0xC0) == 0x80)
        --target;
    return target;
}

}  // namespace

std::vector<TextRecord> textParagraphRecords(std::string_view text)
{
    std::vector<TextRecord> records;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) {
            TextRecord r;
            r.text = std::move(current);
            records.push_back(std::move(r));
        }
        current.clear();
    };
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        const std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (isBlankLine(line)) {
            flush();
            continue;
        }
        if (!current.empty())
            current.push_back('\n');
        current.append(withoutTrailingBlanks(line));
    }
    flush();
    return records;
}

ContiguousTextSplit splitTextContiguously(std::string_view text, SplitFractions fractions)
{
    const double n = static_cast<double>(text.size());
    const size_t trainEnd = cutAt(text, static_cast<size_t>(std::llround(n * (1.0 - fractions.validation - fractions.test))));
    const size_t validationEnd =
        std::max(trainEnd, cutAt(text, static_cast<size_t>(std::llround(n * (1.0 - fractions.test)))));
    ContiguousTextSplit split;
    split.train = trimBlankLines(text.substr(0, trainEnd));
    split.validation = trimBlankLines(text.substr(trainEnd, validationEnd - trainEnd));
    split.test = trimBlankLines(text.substr(validationEnd));
    return split;
}

}  // namespace peftbench
