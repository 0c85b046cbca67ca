#include "data/TextHtml.h"

#include "data/TextTidy.h"
#include "data/TextUtf8.h"

#include <cctype>
#include <cstring>

namespace peftbench {

namespace {

bool isAsciiAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool isAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Case-insensitive search for `needle` (lowercase) from `from`.
size_t findNoCase(std::string_view hay, std::string_view needle, size_t from)
{
    if (needle.empty() || hay.size() < needle.size())
        return std::string_view::npos;
    for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
        size_t k = 0;
        while (k < needle.size()
               && std::tolower(static_cast<unsigned char>(hay[i + k])) == needle[k])
            ++k;
        if (k == needle.size())
            return i;
    }
    return std::string_view::npos;
}

// The '>' that ends the tag opened at `open`, skipping quoted attribute values. Broken quoting
// (an odd number of quotes) falls back to the first '>' so one bad attribute cannot eat the page.
size_t tagEnd(std::string_view html, size_t open)
{
    char quote = 0;
    for (size_t i = open + 1; i < html.size(); ++i) {
        const char c = html[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            // A quote only opens a value right after '=' (possibly after blanks).
            size_t k = i;
            while (k > open && (html[k - 1] == ' ' || html[k - 1] == '\t' || html[k - 1] == '\n'))
                --k;
            if (k > open && html[k - 1] == '=')
                quote = c;
        } else if (c == '>') {
            return i;
        }
    }
    return html.find('>', open);
}

// Block boundaries do not add up, as in a browser: "</tr><tr>" is one line break and "</p><p>"
// one blank line, not two. Ensures `out` ends with at least `count` line breaks (blanks between
// them do not count: tidyText drops them).
void ensureLineBreaks(std::string &out, int count)
{
    int have = 0;
    for (auto it = out.rbegin(); it != out.rend() && have < count; ++it) {
        if (*it == '\n')
            ++have;
        else if (*it != ' ')
            break;
    }
    out.append(static_cast<size_t>(count - have), '\n');
}

// Block-level elements: a line break (2: a blank line) before and after their content.
int newlinesFor(const std::string &tag)
{
    static const char *const paragraphTags[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                                                "ul", "ol", "dl", "blockquote", "pre", "hr",
                                                "center", "form", "address", "title"};
    static const char *const lineTags[] = {"div", "tr", "li", "dt", "dd", "caption",
                                           "option", "section", "article", "header", "footer"};
    for (const char *t : paragraphTags)
        if (tag == t)
            return 2;
    for (const char *t : lineTags)
        if (tag == t)
            return 1;
    return 0;
}

struct NamedEntity {
    const char *name;
    char32_t codePoint;
};

// The entities that actually occur in mail; anything else stays literal.
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},     {"nbsp", ' '},      {"copy", 0xA9},     {"reg", 0xAE},
    {"trade", 0x2122},  {"hellip", 0x2026}, {"mdash", 0x2014},  {"ndash", 0x2013},
    {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"bull", 0x2022},   {"middot", 0xB7},   {"euro", 0x20AC},   {"pound", 0xA3},
    {"yen", 0xA5},      {"cent", 0xA2},     {"laquo", 0xAB},    {"raquo", 0xBB},
    {"deg", 0xB0},      {"plusmn", 0xB1},   {"times", 0xD7},    {"divide", 0xF7},
    {"frac12", 0xBD},   {"frac14", 0xBC},   {"frac34", 0xBE},   {"sect", 0xA7},
    {"para", 0xB6},     {"iexcl", 0xA1},    {"iquest", 0xBF},   {"eacute", 0xE9},
    {"egrave", 0xE8},   {"aacute", 0xE1},   {"agrave", 0xE0},   {"oacute", 0xF3},
    {"uacute", 0xFA},   {"iacute", 0xED},   {"ntilde", 0xF1},   {"ccedil", 0xE7},
    {"auml", 0xE4},     {"ouml", 0xF6},     {"uuml", 0xFC},     {"Auml", 0xC4},
    {"Ouml", 0xD6},     {"Uuml", 0xDC},     {"szlig", 0xDF},    {"Eacute", 0xC9},
    {"shy", 0xAD},      {"emsp", ' '},      {"ensp", ' '},      {"thinsp", ' '},
};

// Decodes the character reference at html[i] == '&' into `out`; returns the index after it, or
// i when it is not a reference (the '&' is then literal).
size_t decodeReference(std::string_view html, size_t i, std::string &out)
{
    size_t j = i + 1;
    if (j < html.size() && html[j] == '#') {
        ++j;
        const bool hex = j < html.size() && (html[j] == 'x' || html[j] == 'X');
        if (hex)
            ++j;
        const size_t digitsStart = j;
        uint32_t value = 0;
        while (j < html.size()
               && (hex ? std::isxdigit(static_cast<unsigned char>(html[j]))
                       : std::isdigit(static_cast<unsigned char>(html[j])))) {
            const char d = html[j];
            const uint32_t digit = std::isdigit(static_cast<unsigned char>(d))
                                       ? static_cast<uint32_t>(d - '0')
                                       : static_cast<uint32_t>(std::tolower(d) - 'a' + 10);
            if (value <= 0x10FFFF)
                value = value * (hex ? 16 : 10) + digit;
            ++j;
        }
        if (j == digitsStart)
            return i;
        if (j < html.size() && html[j] == ';')
            ++j;
        if (value >= 0x80 && value <= 0x9F) {
            // HTML reads these as Windows-1252, as browsers do.
            const char byte = static_cast<char>(value);
            out += windows1252ToUtf8(std::string_view(&byte, 1));
        } else {
            appendUtf8(out, value == 0 || value > 0x10FFFF ? 0xFFFD : value);
        }
        return j;
    }
    while (j < html.size() && isAsciiAlnum(html[j]))
        ++j;
    const std::string_view name = html.substr(i + 1, j - i - 1);
    for (const NamedEntity &e : kEntities) {
        if (name == e.name) {
            appendUtf8(out, e.codePoint);
            return j < html.size() && html[j] == ';' ? j + 1 : j;
        }
    }
    return i;
}

}  // namespace

std::string htmlToText(std::string_view html)
{
    std::string out;
    out.reserve(html.size() / 2);
    size_t i = 0;
    const size_t n = html.size();
    while (i < n) {
        const char c = html[i];
        if (c == '<' && i + 1 < n) {
            const char next = html[i + 1];
            if (html.compare(i, 4, "<!--") == 0) {
                const size_t close = html.find("-->", i + 4);
                i = close == std::string_view::npos ? n : close + 3;
                continue;
            }
            if (next == '!' || next == '?') {  // <!DOCTYPE ...>, <?xml ...?>
                const size_t close = html.find('>', i);
                i = close == std::string_view::npos ? n : close + 1;
                continue;
            }
            const bool closing = next == '/';
            const size_t nameStart = i + (closing ? 2 : 1);
            if (nameStart < n && isAsciiAlpha(html[nameStart])) {
                size_t nameEnd = nameStart;
                while (nameEnd < n && (isAsciiAlnum(html[nameEnd]) || html[nameEnd] == ':'))
                    ++nameEnd;
                const std::string name = lower(html.substr(nameStart, nameEnd - nameStart));
                const size_t close = tagEnd(html, i);
                if (close == std::string_view::npos)
                    break;  // an unclosed tag: the rest is markup, not text
                i = close + 1;
                if (!closing && (name == "script" || name == "style" || name == "head")) {
                    const size_t end = findNoCase(html, "</" + name, i);
                    if (end != std::string_view::npos) {
                        const size_t endClose = html.find('>', end);
                        i = endClose == std::string_view::npos ? n : endClose + 1;
                    } else if (name != "head") {
                        i = n;  // script/style never closed: nothing readable follows
                    }
                    continue;
                }
                if (name == "br")
                    out.push_back('\n');  // explicit breaks add up: <br><br> is a blank line
                else if (const int newlines = newlinesFor(name))
                    ensureLineBreaks(out, newlines);
                else if (name == "td" || name == "th")
                    out.push_back(' ');
                continue;
            }
        }
        if (c == '&') {
            const size_t after = decodeReference(html, i, out);
            if (after != i) {
                i = after;
                continue;
            }
        }
        // Source line breaks and tabs are just spaces in HTML.
        out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
        ++i;
    }
    TidyOptions tidy;
    tidy.collapseSpaces = true;
    return tidyText(out, tidy);
}

}  // namespace peftbench
