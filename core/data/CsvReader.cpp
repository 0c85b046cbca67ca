#include "data/CsvReader.h"

#include "data/DatasetError.h"

namespace peftbench {

namespace {

// Walks the text keeping a 1-based line and character column.
class Cursor {
public:
    explicit Cursor(std::string_view text) : m_text(text) {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(size_t ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
    int line() const { return m_line; }
    int column() const { return m_column; }

    char take()
    {
        const char c = m_text[m_pos++];
        if (c == '\n') {
            ++m_line;
            m_column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++m_column;  // continuation bytes belong to the character already counted
        }
        return c;
    }

    // At "\n" or "\r\n".
    bool atLineEnd() const { return peek() == '\n' || (peek() == '\r' && peek(1) == '\n'); }
    void takeLineEnd()
    {
        if (peek() == '\r')
            take();
        take();
    }

private:
    std::string_view m_text;
    size_t m_pos = 0;
    int m_line = 1;
    int m_column = 1;
};

QString fieldCount(size_t n)
{
    return n == 1 ? QStringLiteral("1 field") : QStringLiteral("%1 fields").arg(n);
}

}  // namespace

std::vector<CsvRow> parseCsv(std::string_view text, char delimiter, const QString &fileName)
{
    std::vector<CsvRow> rows;
    Cursor in(text);
    while (!in.atEnd()) {
        if (in.atLineEnd()) {  // an empty line: no row at all
            in.takeLineEnd();
            continue;
        }
        CsvRow row;
        row.line = in.line();
        while (true) {
            CsvField field;
            field.line = in.line();
            field.column = in.column();
            if (in.peek() == '"') {
                in.take();
                while (true) {
                    if (in.atEnd())
                        throw DatasetError(fileName, field.line, field.column,
                                           QStringLiteral("a quoted field is never closed (its opening quote is here)"));
                    const char c = in.take();
                    if (c != '"') {
                        field.text.push_back(c);
                    } else if (in.peek() == '"') {
                        in.take();
                        field.text.push_back('"');
                    } else {
                        break;
                    }
                }
                if (!in.atEnd() && !in.atLineEnd() && in.peek() != delimiter) {
                    throw DatasetError(fileName, in.line(), in.column(),
                                       QStringLiteral("unexpected text after a closing quote (a quote inside a "
                                                      "quoted field must be doubled: \"\")"));
                }
            } else {
                while (!in.atEnd() && !in.atLineEnd() && in.peek() != delimiter)
                    field.text.push_back(in.take());
            }
            row.fields.push_back(std::move(field));
            if (!in.atEnd() && in.peek() == delimiter) {
                in.take();
                continue;
            }
            row.endLine = in.line();
            row.endColumn = in.column();
            if (!in.atEnd())
                in.takeLineEnd();
            break;
        }

        if (!rows.empty()) {
            const size_t expected = rows.front().fields.size();
            const size_t got = row.fields.size();
            if (got != expected) {
                // Point at the first field too many, or at the end of a row that is too short.
                const int column = got > expected ? row.fields[expected].column : row.endColumn;
                const int line = got > expected ? row.fields[expected].line : row.endLine;
                throw DatasetError(fileName, line, column,
                                   QStringLiteral("expected %1 (as in the header), got %2")
                                       .arg(fieldCount(expected), QString::number(got)));
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace peftbench
