#include "data/TextCharset.h"

#include "data/TextUtf8.h"

#include <QByteArray>
#include <QStringDecoder>

#include <algorithm>
#include <cctype>

namespace peftbench {

namespace {

bool isAscii(std::string_view bytes)
{
    return std::all_of(bytes.begin(), bytes.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string normalizedLabel(std::string_view charset)
{
    std::string label;
    for (char c : charset) {
        if (c == '"' || c == '\'' || std::isspace(static_cast<unsigned char>(c)))
            continue;
        label.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return label;
}

bool isLatin1Family(const std::string &label)
{
    return label == "us-ascii" || label == "ascii" || label == "iso-8859-1" || label == "iso8859-1"
           || label == "latin1" || label == "latin-1" || label == "l1" || label == "cp1252"
           || label == "windows-1252" || label == "ansi_x3.4-1968";
}

std::string utf8OrWindows1252(std::string_view bytes)
{
    return isValidUtf8(bytes) ? std::string(bytes) : windows1252ToUtf8(bytes);
}

}  // namespace

std::string decodeToUtf8(std::string_view bytes, std::string_view charset)
{
    if (isAscii(bytes))
        return std::string(bytes);
    const std::string label = normalizedLabel(charset);
    if (label.empty() || label == "utf-8" || label == "utf8")
        return utf8OrWindows1252(bytes);
    if (isLatin1Family(label))
        return windows1252ToUtf8(bytes);

    QStringDecoder decoder(label.c_str(), QStringDecoder::Flag::Stateless);
    if (!decoder.isValid())
        return utf8OrWindows1252(bytes);
    const QString text = decoder.decode(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())));
    if (decoder.hasError())
        return utf8OrWindows1252(bytes);
    const QByteArray utf8 = text.toUtf8();
    return std::string(utf8.constData(), static_cast<size_t>(utf8.size()));
}

}  // namespace peftbench
