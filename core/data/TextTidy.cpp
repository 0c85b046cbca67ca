#include "data/TextTidy.h"

namespace peftbench {

std::string tidyText(std::string_view text, TidyOptions options)
{
    std::string out;
    out.reserve(text.size());
    int pendingNewlines = 0;  // newlines seen since the last visible character
    bool pendingSpace = false;
    std::string blanks;       // spaces/tabs since the last visible character (kept unless at line end)
    bool atLineStart = true;

    auto flushNewlines = [&] {
        if (pendingNewlines > 0 && !out.empty())
            out.append(pendingNewlines >= 2 ? "\n\n" : "\n");
        pendingNewlines = 0;
    };

    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            ++pendingNewlines;
            blanks.clear();
            pendingSpace = false;
            atLineStart = true;
            continue;
        }
        if (c == ' ' || c == '\t') {
            if (options.collapseSpaces) {
                if (!atLineStart)
                    pendingSpace = true;
            } else {
                blanks.push_back(c);
            }
            continue;
        }
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            continue;
        flushNewlines();
        if (pendingSpace && !out.empty())
            out.push_back(' ');
        pendingSpace = false;
        out.append(blanks);  // indentation and inner blanks: kept, only trailing ones are dropped
        blanks.clear();
        atLineStart = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace peftbench
