#pragma once

#include <QString>

#include <optional>
#include <string>

namespace peftbench {

// GPT-2's reversible map between the 256 byte values and 256 printable characters
// (`bytes_to_unicode` in openai/gpt-2): printable Latin-1 bytes stand for themselves, the others
// (controls, space, 0x7F-0xA0, 0xAD) become U+0100 onwards, so " " is "Ġ" and "\n" is "Ċ".
// Byte-level BPE vocabularies spell every token in these characters.

// The character that stands for `byte`; always below U+0144, so one QChar.
QChar bpeCharForByte(unsigned char byte);

// The byte a character stands for, or -1 when the character is outside the alphabet.
int bpeByteForChar(QChar c);

// The raw bytes a vocabulary token spells, or nothing when it uses a character outside the
// alphabet (such a token cannot come out of byte-level merges; added tokens are plain text).
std::optional<std::string> bpeTokenBytes(const QString &token);

// The token spelling of raw bytes: the inverse of bpeTokenBytes.
QString bpeTokenSpelling(const std::string &bytes);

}  // namespace peftbench
