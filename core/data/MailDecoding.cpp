#include "data/MailDecoding.h"

#include "data/TextCharset.h"

#include <cctype>

namespace peftbench {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

// Q encoding of RFC 2047: quoted-printable where '_' means a space.
std::string decodeQEncoding(std::string_view text)
{
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
            out.push_back(' ');
        } else if (text[i] == '=' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0
                   && hexValue(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

struct EncodedWord {
    size_t end = 0;  // index after "?="
    std::string utf8;
};

// An encoded word starting at value[start] == '=' followed by '?', or end == 0 when it is not one.
EncodedWord parseEncodedWord(std::string_view value, size_t start)
{
    EncodedWord word;
    const size_t charsetEnd = value.find('?', start + 2);
    if (charsetEnd == std::string_view::npos || charsetEnd + 2 >= value.size()
        || value[charsetEnd + 2] != '?')
        return word;
    const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(value[charsetEnd + 1])));
    if (encoding != 'Q' && encoding != 'B')
        return word;
    const size_t textStart = charsetEnd + 3;
    const size_t textEnd = value.find("?=", textStart);
    if (textEnd == std::string_view::npos)
        return word;
    std::string_view charset = value.substr(start + 2, charsetEnd - start - 2);
    charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
    const std::string_view text = value.substr(textStart, textEnd - textStart);
    const std::string bytes = encoding == 'B' ? decodeBase64(text) : decodeQEncoding(text);
    word.utf8 = decodeToUtf8(bytes, charset);
    word.end = textEnd + 2;
    return word;
}

}  // namespace

std::string decodeQuotedPrintable(std::string_view in)
{
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c != '=') {
            out.push_back(c);
            continue;
        }
        if (i + 2 < in.size() && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
            i += 2;
            continue;
        }
        // Soft line break: "=", optional trailing blanks, then the line end (or the text end).
        size_t k = i + 1;
        while (k < in.size() && (in[k] == ' ' || in[k] == '\t'))
            ++k;
        if (k == in.size()) {
            i = k - 1;
            continue;
        }
        if (in[k] == '\n' || in[k] == '\r') {
            if (in[k] == '\r' && k + 1 < in.size() && in[k + 1] == '\n')
                ++k;
            i = k;
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::string decodeBase64(std::string_view in)
{
    std::string out;
    out.reserve(in.size() * 3 / 4);
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=')
            break;
        const int v = base64Value(c);
        if (v < 0)
            continue;
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

std::string decodeHeaderValue(std::string_view value)
{
    std::string out;
    std::string raw;  // undecoded text since the last encoded word
    bool lastWasEncoded = false;
    size_t i = 0;
    while (i < value.size()) {
        if (value[i] == '=' && i + 1 < value.size() && value[i + 1] == '?') {
            const EncodedWord word = parseEncodedWord(value, i);
            if (word.end != 0) {
                const bool onlyBlanks = raw.find_first_not_of(" \t\r\n") == std::string::npos;
                if (!(lastWasEncoded && onlyBlanks))
                    out += decodeToUtf8(raw, {});
                raw.clear();
                out += word.utf8;
                lastWasEncoded = true;
                i = word.end;
                continue;
            }
        }
        raw.push_back(value[i]);
        ++i;
    }
    out += decodeToUtf8(raw, {});
    return out;
}

}  // namespace peftbench
