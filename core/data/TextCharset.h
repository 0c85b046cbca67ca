#pragma once

#include <string>
#include <string_view>

namespace peftbench {

// Bytes in the named charset (a MIME label such as "iso-8859-1", "windows-1252", "utf-8", "big5",
// "koi8-r"; case-insensitive, quotes allowed) to valid UTF-8. Always returns valid UTF-8:
// - pure ASCII is returned as is;
// - "utf-8", an empty label and labels nobody can decode ("default", "x-unknown") keep input that
//   is valid UTF-8 and otherwise fall back to Windows-1252;
// - "us-ascii" and the ISO-8859-1 / Latin-1 family with 8-bit bytes are read as Windows-1252
//   (what such mail really contains, as the WHATWG encoding standard also does);
// - any other label goes through Qt's decoders (ICU on most platforms); if Qt does not know it,
//   or the bytes are not valid in it, Windows-1252 again: readable Latin text beats dropping the
//   record.
std::string decodeToUtf8(std::string_view bytes, std::string_view charset);

}  // namespace peftbench
