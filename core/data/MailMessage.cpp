#include "data/MailMessage.h"

#include "data/MailDecoding.h"
#include "data/TextCharset.h"
#include "data/TextHtml.h"
#include "data/TextTidy.h"

#include <cctype>
#include <utility>
#include <vector>

namespace peftbench {

namespace {

// Deeper nesting than this is a malformed or hostile message; its text is not worth a stack.
constexpr int kMaxMimeDepth = 12;

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trimmed(std::string_view s)
{
    const size_t first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const size_t last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

bool startsWithNoCase(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

struct Header {
    std::string name;   // lowercase
    std::string value;  // unfolded, raw bytes
};

struct Entity {
    std::vector<Header> headers;
    std::string_view body;

    std::string header(std::string_view name) const
    {
        for (const Header &h : headers)
            if (h.name == name)
                return h.value;
        return {};
    }
};

// Headers up to the first empty line, then the body. Works on "\n"-only text.
Entity parseEntity(std::string_view text, bool allowMboxLine)
{
    Entity entity;
    size_t pos = 0;
    if (allowMboxLine && text.substr(0, 5) == "From ") {
        const size_t eol = text.find('\n');
        pos = eol == std::string_view::npos ? text.size() : eol + 1;
    }
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        const std::string_view line = text.substr(pos, eol - pos);
        if (trimmed(line).empty()) {
            pos = eol + 1;
            break;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !entity.headers.empty()) {
            // Folded continuation (RFC 5322 unfolding: drop the line break, keep the blank).
            entity.headers.back().value.append(line);
        } else {
            const size_t colon = line.find(':');
            // A line that is not a header means the headers were missing: it is body text.
            if (colon == std::string_view::npos || colon == 0
                || line.substr(0, colon).find_first_of(" \t") != std::string_view::npos) {
                break;
            }
            entity.headers.push_back({lower(line.substr(0, colon)), std::string(line.substr(colon + 1))});
        }
        pos = eol + 1;
    }
    entity.body = pos < text.size() ? text.substr(pos) : std::string_view{};
    return entity;
}

struct ContentType {
    std::string type = "text/plain";  // lowercase "type/subtype"
    std::string charset;
    std::string boundary;
};

ContentType parseContentType(const std::string &value)
{
    ContentType ct;
    // Split on ';' outside quotes.
    std::vector<std::string> pieces;
    std::string current;
    bool quoted = false;
    for (char c : value) {
        if (c == '"')
            quoted = !quoted;
        if (c == ';' && !quoted) {
            pieces.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    pieces.push_back(current);
    const std::string type = lower(trimmed(pieces[0]));
    if (type.find('/') != std::string::npos)
        ct.type = type;
    for (size_t i = 1; i < pieces.size(); ++i) {
        const size_t eq = pieces[i].find('=');
        if (eq == std::string::npos)
            continue;
        const std::string name = lower(trimmed(std::string_view(pieces[i]).substr(0, eq)));
        std::string_view v = trimmed(std::string_view(pieces[i]).substr(eq + 1));
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
            v = v.substr(1, v.size() - 2);
        if (name == "charset")
            ct.charset = std::string(v);
        else if (name == "boundary")
            ct.boundary = std::string(v);
    }
    return ct;
}

// The parts of a multipart body: the text between "--boundary" delimiter lines, up to
// "--boundary--". The line break before a delimiter belongs to the delimiter (RFC 2046).
std::string withoutBlanks(std::string_view s)
{
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t')
            out.push_back(c);
    return out;
}

// `looseBlanks`: compare delimiter lines ignoring blanks, for mailers that wrote the boundary
// parameter and the delimiter lines with different spacing ("=Multipart Boundary" vs "--= Multipart
// Boundary").
std::vector<std::string_view> splitMultipart(std::string_view body, const std::string &boundary, bool looseBlanks)
{
    std::vector<std::string_view> parts;
    const std::string delimiter = "--" + (looseBlanks ? withoutBlanks(boundary) : boundary);
    size_t partStart = std::string_view::npos;
    size_t pos = 0;
    while (pos <= body.size()) {
        size_t eol = body.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = body.size();
        const std::string compacted = looseBlanks && body.substr(pos, 2) == "--" ? withoutBlanks(body.substr(pos, eol - pos)) : std::string();
        const std::string_view line = looseBlanks ? std::string_view(compacted) : body.substr(pos, eol - pos);
        if (line.substr(0, delimiter.size()) == delimiter) {
            const std::string_view rest = trimmed(line.substr(delimiter.size()));
            if (rest.empty() || rest == "--") {
                if (partStart != std::string_view::npos) {
                    const size_t end = pos > partStart ? pos - 1 : partStart;
                    parts.push_back(body.substr(partStart, end - partStart));
                }
                if (rest == "--")
                    return parts;
                partStart = eol + 1 <= body.size() ? eol + 1 : body.size();
            }
        }
        if (eol == body.size())
            break;
        pos = eol + 1;
    }
    // No closing delimiter: the last part runs to the end (truncated mail).
    if (partStart != std::string_view::npos && partStart < body.size())
        parts.push_back(body.substr(partStart));
    return parts;
}

// Old spam mailers send HTML labelled text/plain (or unlabelled). Text that starts with one of
// these tags is markup, not a mail about markup.
bool looksLikeHtml(std::string_view text)
{
    static const char *const openings[] = {"<html", "<!doctype html", "<head", "<meta", "<body",
                                           "<table", "<div", "<font", "<center", "<p>", "<p ", "<br"};
    const std::string_view t = trimmed(text.substr(0, 200));
    for (const char *opening : openings)
        if (startsWithNoCase(t, opening))
            return true;
    return false;
}

struct Leaf {
    bool html = false;
    std::string text;  // UTF-8, before HTML conversion
};

std::string decodedBody(const Entity &entity)
{
    const std::string encoding = lower(trimmed(entity.header("content-transfer-encoding")));
    if (encoding == "quoted-printable")
        return decodeQuotedPrintable(entity.body);
    if (encoding == "base64")
        return decodeBase64(entity.body);
    return std::string(entity.body);
}

bool hasText(const std::vector<Leaf> &leaves, bool html)
{
    for (const Leaf &leaf : leaves)
        if (leaf.html == html && !trimmed(leaf.text).empty())
            return true;
    return false;
}

void collectLeaves(const Entity &entity, int depth, std::vector<Leaf> &leaves)
{
    if (depth > kMaxMimeDepth)
        return;
    const ContentType ct = parseContentType(entity.header("content-type"));
    if (startsWithNoCase(ct.type, "multipart/") && !ct.boundary.empty()) {
        std::vector<std::string_view> parts = splitMultipart(entity.body, ct.boundary, false);
        if (parts.empty())
            parts = splitMultipart(entity.body, ct.boundary, true);
        if (!parts.empty()) {
            const bool alternative = ct.type == "multipart/alternative";
            std::vector<Leaf> preferred;  // alternative: the first with plain text, else with HTML
            for (std::string_view part : parts) {
                std::vector<Leaf> own;
                collectLeaves(parseEntity(part, false), depth + 1, own);
                if (!alternative) {
                    for (Leaf &leaf : own)
                        leaves.push_back(std::move(leaf));
                } else if (hasText(own, false) && !hasText(preferred, false)) {
                    preferred = std::move(own);
                } else if (preferred.empty() && hasText(own, true)) {
                    preferred = std::move(own);
                }
            }
            for (Leaf &leaf : preferred)
                leaves.push_back(std::move(leaf));
            return;
        }
        // A multipart without any delimiter: fall through and read the body as plain text.
    }
    if (ct.type == "message/rfc822") {
        const std::string inner = decodedBody(entity);
        // The inner message's text views point into `inner`: collect fully before it goes.
        std::vector<Leaf> own;
        collectLeaves(parseEntity(inner, true), depth + 1, own);
        for (Leaf &leaf : own)
            leaves.push_back(std::move(leaf));
        return;
    }
    if (startsWithNoCase(trimmed(entity.header("content-disposition")), "attachment"))
        return;
    const bool plain = ct.type == "text/plain" || startsWithNoCase(ct.type, "multipart/");
    const bool html = ct.type == "text/html";
    if (!plain && !html)
        return;
    Leaf leaf;
    leaf.text = decodeToUtf8(decodedBody(entity), ct.charset);
    leaf.html = html || looksLikeHtml(leaf.text);
    leaves.push_back(std::move(leaf));
}

std::string joinLeaves(const std::vector<Leaf> &leaves, bool html)
{
    std::string out;
    for (const Leaf &leaf : leaves) {
        if (leaf.html != html)
            continue;
        const std::string text = html ? htmlToText(leaf.text) : tidyText(leaf.text);
        if (text.empty())
            continue;
        if (!out.empty())
            out += "\n\n";
        out += text;
    }
    return out;
}

// A normalized copy with "\n" line ends: every later step then only looks for '\n'.
std::string withUnixLineEnds(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\r') {
            out.push_back('\n');
            if (i + 1 < raw.size() && raw[i + 1] == '\n')
                ++i;
        } else {
            out.push_back(raw[i]);
        }
    }
    return out;
}

}  // namespace

MailText extractMailText(std::string_view rawMessage)
{
    const std::string raw = withUnixLineEnds(rawMessage);
    const Entity message = parseEntity(raw, true);
    MailText mail;
    TidyOptions oneLine;
    oneLine.collapseSpaces = true;
    std::string subject = decodeHeaderValue(message.header("subject"));
    for (char &c : subject)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    mail.subject = tidyText(subject, oneLine);

    std::vector<Leaf> leaves;
    collectLeaves(message, 0, leaves);
    mail.body = joinLeaves(leaves, false);
    if (mail.body.empty())
        mail.body = joinLeaves(leaves, true);
    return mail;
}

std::string mailTrainingText(const MailText &mail)
{
    if (mail.subject.empty())
        return mail.body;
    std::string text = "Subject: " + mail.subject;
    if (!mail.body.empty())
        text += "\n\n" + mail.body;
    return text;
}

}  // namespace peftbench
