#pragma once

#include "data/DataSplit.h"
#include "data/TaskData.h"

#include <string_view>
#include <vector>

namespace peftbench {

// A plain text file (UTF-8, already validated) as causal_lm records: one per paragraph, where
// paragraphs are separated by one or more blank (whitespace-only) lines. Line breaks inside a
// paragraph are kept ("\n"), trailing blanks and "\r" are not.
std::vector<TextRecord> textParagraphRecords(std::string_view text);

struct ContiguousTextSplit {
    std::string train, validation, test;
};

// The whole file as one running text, cut into three contiguous pieces: train is the first
// 1 - validation - test of the bytes, then validation, then test; each cut moves forward to the
// next line start (or back to a character boundary when no line break follows). Contiguous rather
// than shuffled on purpose: shuffled windows of one text would let training see the neighbours of
// every validation window. A piece can be empty for a tiny file.
ContiguousTextSplit splitTextContiguously(std::string_view text, SplitFractions fractions);

}  // namespace peftbench
