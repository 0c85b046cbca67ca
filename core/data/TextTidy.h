#pragma once

#include <string>
#include <string_view>

namespace peftbench {

struct TidyOptions {
    // Runs of spaces and tabs become one space and lines lose their leading blanks (HTML, where
    // source indentation means nothing). Off: only trailing blanks go (plain text keeps its
    // indentation, e.g. quoted code in a mail).
    bool collapseSpaces = false;
};

// Line endings become "\n", control characters other than "\n" and "\t" are dropped, lines lose
// trailing blanks, runs of blank lines shrink to one and the text loses leading and trailing blank
// lines. Works on UTF-8 bytes (multi-byte characters are never touched).
std::string tidyText(std::string_view text, TidyOptions options = {});

}  // namespace peftbench
