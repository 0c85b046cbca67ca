#pragma once

// UTF-8 checks and small conversions shared by the dataset readers and converters. Everything works
// on raw bytes (std::string / std::string_view), as the tokenizers do.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace peftbench {

struct Utf8Problem {
    size_t byteOffset = 0;   // 0-based offset where the first invalid sequence starts
    int line = 1;            // 1-based line of that byte
    unsigned char byte = 0;  // its value, for the message ("byte 0xff")
};

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, no truncated
// sequence at the end. nullopt when the whole input is valid.
std::optional<Utf8Problem> findInvalidUtf8(std::string_view bytes);
inline bool isValidUtf8(std::string_view bytes) { return !findInvalidUtf8(bytes); }

void appendUtf8(std::string &out, char32_t codePoint);

// Windows-1252 (a superset of ISO-8859-1's printable range, and what mail labelled ISO-8859-1 or
// US-ASCII usually really is) to UTF-8. The five bytes 1252 leaves undefined map to U+FFFD.
std::string windows1252ToUtf8(std::string_view bytes);

// At most maxBytes bytes, cut at a character boundary so valid UTF-8 stays valid.
std::string truncateUtf8(std::string_view text, size_t maxBytes);

// Drops a leading UTF-8 byte order mark: editors on Windows add one, and it is not text.
std::string_view withoutUtf8Bom(std::string_view bytes);

}  // namespace peftbench
