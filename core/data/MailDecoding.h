#pragma once

// The three encodings mail text comes in (RFC 2045 and RFC 2047). Lenient on purpose: the corpus
// holds twenty years of broken mailers, and a readable approximation beats dropping the mail.

#include <string>
#include <string_view>

namespace peftbench {

// Quoted-printable: "=XX" (either case) is a byte, "=" at the end of a line (trailing blanks
// allowed) is a soft line break; an "=" that starts neither stays literal.
std::string decodeQuotedPrintable(std::string_view encoded);

// Base64: characters outside the alphabet (line breaks, blanks) are skipped; decoding stops at
// the first '=' padding; a dangling partial group is dropped.
std::string decodeBase64(std::string_view encoded);

// A header value (Subject:) to UTF-8: RFC 2047 encoded words "=?charset?Q?...?=" and
// "=?charset?B?...?=" are decoded with their charset, blanks between two adjacent encoded words
// vanish (as the RFC says), and raw 8-bit text is read as UTF-8 or else Windows-1252.
std::string decodeHeaderValue(std::string_view value);

}  // namespace peftbench
