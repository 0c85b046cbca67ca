#include "tokenizer/BpeJsonFile.h"

#include "model/TensorFile.h"  // FileFormatError

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

namespace peftbench {

// Tokenizer files belong to a model folder, next to config.json and the safetensors: their
// problems are FileFormatErrors ("a malformed file; the message names the file"), like the rest
// of a model import, so one catch covers a whole folder. (DatasetError is for training data and
// carries line/column fields that do not fit JSON keys.)
void failTokenizerFile(const QString &file, const QString &key, const QString &problem)
{
    const QString where = key.isEmpty() ? file : QStringLiteral("%1: %2").arg(file, key);
    throw FileFormatError(QStringLiteral("%1: %2").arg(where, problem).toStdString());
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

QJsonObject readJsonObjectFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        failTokenizerFile(path, QString(), QStringLiteral("cannot read: %1").arg(file.errorString()));
    const QByteArray data = file.readAll();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        // Line and column so an editor can jump there; the offset for a minified file.
        const qsizetype offset = std::min<qsizetype>(error.offset, data.size());
        const qsizetype lineStart = data.lastIndexOf('\n', offset - 1) + 1;
        const qsizetype line = data.left(offset).count('\n') + 1;
        failTokenizerFile(path, QString(),
                          QStringLiteral("invalid JSON at line %1, column %2 (byte offset %3): %4")
                              .arg(line).arg(offset - lineStart + 1).arg(offset).arg(error.errorString()));
    }
    if (!doc.isObject())
        failTokenizerFile(path, QString(),
                          QStringLiteral("expected a JSON object at the top level, found %1")
                              .arg(doc.isArray() ? QStringLiteral("an array") : QStringLiteral("a scalar")));
    return doc.object();
}

}  // namespace peftbench
