#include "tokenizer/BpeUtf8View.h"

namespace peftbench {

namespace {

bool isContinuation(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

}  // namespace

size_t validUtf8SequenceLength(std::string_view bytes, size_t i)
{
    const auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
    const unsigned char b0 = at(i);
    const size_t left = bytes.size() - i;
    if (b0 < 0x80)
        return 1;
    // Second-byte ranges from RFC 3629's table exclude overlongs, surrogates and > U+10FFFF.
    if (b0 >= 0xC2 && b0 <= 0xDF)
        return left >= 2 && isContinuation(at(i + 1)) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (left < 3)
            return 0;
        const unsigned char b1 = at(i + 1);
        const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
        const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
        return b1 >= lo && b1 <= hi && isContinuation(at(i + 2)) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (left < 4)
            return 0;
        const unsigned char b1 = at(i + 1);
        const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
        const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
        return b1 >= lo && b1 <= hi && isContinuation(at(i + 2)) && isContinuation(at(i + 3)) ? 4 : 0;
    }
    return 0;
}

Utf8View decodeUtf8Lossless(std::string_view bytes)
{
    Utf8View view;
    view.text.reserve(qsizetype(bytes.size()));
    view.byteOffsets.reserve(bytes.size() + 1);
    size_t i = 0;
    while (i < bytes.size()) {
        const size_t n = validUtf8SequenceLength(bytes, i);
        if (n == 0) {
            view.text.append(QChar(QChar::ReplacementCharacter));
            view.byteOffsets.push_back(i);
            ++i;
            continue;
        }
        const auto at = [&](size_t k) { return char32_t(static_cast<unsigned char>(bytes[k])); };
        char32_t cp = 0;
        switch (n) {
        case 1: cp = at(i); break;
        case 2: cp = ((at(i) & 0x1F) << 6) | (at(i + 1) & 0x3F); break;
        case 3: cp = ((at(i) & 0x0F) << 12) | ((at(i + 1) & 0x3F) << 6) | (at(i + 2) & 0x3F); break;
        default: cp = ((at(i) & 0x07) << 18) | ((at(i + 1) & 0x3F) << 12) | ((at(i + 2) & 0x3F) << 6) | (at(i + 3) & 0x3F); break;
        }
        if (QChar::requiresSurrogates(cp)) {
            view.text.append(QChar(QChar::highSurrogate(cp)));
            view.text.append(QChar(QChar::lowSurrogate(cp)));
            // A regex match never ends between the two halves; both map to the sequence start.
            view.byteOffsets.push_back(i);
            view.byteOffsets.push_back(i);
        } else {
            view.text.append(QChar(char16_t(cp)));
            view.byteOffsets.push_back(i);
        }
        i += n;
    }
    view.byteOffsets.push_back(bytes.size());
    return view;
}

}  // namespace peftbench
