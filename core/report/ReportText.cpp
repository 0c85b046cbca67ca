#include "report/ReportText.h"

#include "experiment/ConfigNumbers.h"

#include <cmath>

namespace peftbench {

QString escapeHtml(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\'': out += QLatin1String("&#39;"); break;
        default:
            // Control characters other than tab and line breaks are not allowed in XML (SVG).
            if (c.unicode() < 0x20 && c != QLatin1Char('\t') && c != QLatin1Char('\n') && c != QLatin1Char('\r'))
                out += QChar(0xFFFD);
            else
                out += c;
        }
    }
    return out;
}

QString escapeMarkdown(const QString &text)
{
    static const QString special = QStringLiteral("\\`*_{}[]()#+-.!|~");
    QString flat = text;
    flat.replace(QLatin1String("\r\n"), QLatin1String(" "));
    flat.replace(QLatin1Char('\n'), QLatin1Char(' '));
    flat.replace(QLatin1Char('\r'), QLatin1Char(' '));
    QString out;
    for (const QChar c : flat) {
        if (special.contains(c))
            out += QLatin1Char('\\') + QString(c);
        else
            out += escapeHtml(QString(c));   // an entity's own & and ; must stay unescaped
    }
    return out;
}

QString csvField(const QString &text)
{
    QString value = text;
    if (!value.isEmpty() && QStringLiteral("=+-@\t\r").contains(value.front()))
        value.prepend(QLatin1Char('\''));
    if (value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"')) || value.contains(QLatin1Char('\n'))
        || value.contains(QLatin1Char('\r'))) {
        value.replace(QLatin1String("\""), QLatin1String("\"\""));
        value = QLatin1Char('"') + value + QLatin1Char('"');
    }
    return value;
}

QString csvNumber(double value)
{
    return std::isfinite(value) ? formatConfigNumber(value) : QString();
}

}  // namespace peftbench
