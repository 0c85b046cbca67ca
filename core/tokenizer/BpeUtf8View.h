#pragma once

#include <QString>

#include <string_view>
#include <vector>

namespace peftbench {

// Raw bytes seen as text, for the regular expressions that split it, without losing a byte:
// valid UTF-8 decodes normally and each byte of an invalid sequence becomes U+FFFD (as Python's
// errors="replace" would read it, so it splits like punctuation). Splits are cut from the raw
// bytes through byteOffsets, never re-encoded from `text`, so invalid bytes survive as they are.
struct Utf8View {
    QString text;
    std::vector<size_t> byteOffsets;  // byte offset of each UTF-16 unit of text, plus the end

    size_t byteAt(qsizetype textIndex) const { return byteOffsets[size_t(textIndex)]; }
};

Utf8View decodeUtf8Lossless(std::string_view bytes);

// Length of the well-formed UTF-8 sequence starting at bytes[i] (1 to 4), or 0 when the byte
// there does not start one (stray continuation, overlong form, surrogate, beyond U+10FFFF,
// truncated).
size_t validUtf8SequenceLength(std::string_view bytes, size_t i);

}  // namespace peftbench
