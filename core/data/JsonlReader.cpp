#include "data/JsonlReader.h"

#include "data/DatasetError.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace peftbench {

namespace {

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

std::string utf8(const QString &s)
{
    const QByteArray bytes = s.toUtf8();
    return std::string(bytes.constData(), static_cast<size_t>(bytes.size()));
}

// Reads one line's fields, throwing with the line number.
class LineReader {
public:
    LineReader(const QJsonObject &object, const QString &fileName, int line)
        : m_object(object), m_fileName(fileName), m_line(line)
    {
    }

    bool has(const std::string &key) const { return m_object.contains(QString::fromStdString(key)); }

    // A required, non-empty string.
    std::string text(const std::string &key) const
    {
        const QJsonValue v = value(key);
        if (!v.isString())
            fail(QStringLiteral("\"%1\" must be a string, got %2").arg(QString::fromStdString(key), typeName(v)));
        return nonEmpty(key, utf8(v.toString()));
    }

    // An optional string ("" when absent).
    std::string optionalText(const std::string &key) const
    {
        if (!has(key))
            return {};
        const QJsonValue v = m_object.value(QString::fromStdString(key));
        if (!v.isString() && !v.isNull())
            fail(QStringLiteral("\"%1\" must be a string, got %2").arg(QString::fromStdString(key), typeName(v)));
        return utf8(v.toString());
    }

    // Labels are often written as class numbers (0/1): integers are accepted as their decimal text.
    std::string label(const std::string &key) const
    {
        const QJsonValue v = value(key);
        if (v.isString())
            return nonEmpty(key, utf8(v.toString()));
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (std::floor(d) == d && std::fabs(d) < 1e15)
                return std::to_string(static_cast<long long>(d));
        }
        fail(QStringLiteral("\"%1\" must be a string or an integer, got %2")
                 .arg(QString::fromStdString(key), v.isDouble() ? QStringLiteral("a fractional number") : typeName(v)));
    }

    [[noreturn]] void fail(const QString &problem) const { throw DatasetError(m_fileName, m_line, 0, problem); }

private:
    QJsonValue value(const std::string &key) const
    {
        const QString name = QString::fromStdString(key);
        if (!m_object.contains(name))
            fail(QStringLiteral("no \"%1\" field").arg(name));
        return m_object.value(name);
    }

    std::string nonEmpty(const std::string &key, std::string s) const
    {
        if (s.find_first_not_of(" \t\r\n") == std::string::npos)
            fail(QStringLiteral("\"%1\" is empty").arg(QString::fromStdString(key)));
        return s;
    }

    const QJsonObject &m_object;
    const QString &m_fileName;
    int m_line;
};

// 1-based character column of a byte offset within one line.
int columnOf(std::string_view line, qsizetype byteOffset)
{
    int column = 1;
    for (qsizetype i = 0; i < byteOffset && i < static_cast<qsizetype>(line.size()); ++i)
        if ((static_cast<unsigned char>(line[static_cast<size_t>(i)]) & 0xC0) != 0x80)
            ++column;
    return column;
}

TextRecord recordFor(const LineReader &in, TaskKind task, const DatasetFields &fields)
{
    TextRecord r;
    switch (task) {
    case TaskKind::CausalLm:
        r.text = in.text(fields.text);
        break;
    case TaskKind::Classification:
        r.text = in.text(fields.text);
        r.label = in.label(fields.label);
        break;
    case TaskKind::Completion:
        if (!in.has(fields.prompt) && in.has("instruction")) {
            const std::string instruction = in.text("instruction");
            const std::string input = in.optionalText("input");
            r.prompt = input.empty() ? instruction : instruction + "\n" + input;
            r.completion = in.text("output");
        } else {
            if (!in.has(fields.prompt))
                in.fail(QStringLiteral("no \"%1\" field (nor an Alpaca \"instruction\")")
                            .arg(QString::fromStdString(fields.prompt)));
            r.prompt = in.text(fields.prompt);
            r.completion = in.text(fields.completion);
        }
        break;
    }
    return r;
}

}  // namespace

std::vector<TextRecord> readJsonlRecords(std::string_view text, TaskKind task, const DatasetFields &fields,
                                         const QString &fileName)
{
    std::vector<TextRecord> records;
    int lineNumber = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        ++lineNumber;
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;

        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(
            QByteArray::fromRawData(line.data(), static_cast<qsizetype>(line.size())), &error);
        if (error.error != QJsonParseError::NoError)
            throw DatasetError(fileName, lineNumber, columnOf(line, error.offset),
                               QStringLiteral("invalid JSON: ") + error.errorString());
        if (!doc.isObject())
            throw DatasetError(fileName, lineNumber, 0,
                               QStringLiteral("expected a JSON object, got %1")
                                   .arg(doc.isArray() ? QStringLiteral("an array") : QStringLiteral("a value")));
        const QJsonObject object = doc.object();
        records.push_back(recordFor(LineReader(object, fileName, lineNumber), task, fields));
    }
    return records;
}

}  // namespace peftbench
