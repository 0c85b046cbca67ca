#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace peftbench {

// Reads a tokenizer's JSON file (tokenizer.json, vocab.json, tokenizer_config.json) that must
// hold an object. Throws FileFormatError naming the file: unreadable, invalid JSON (with line,
// column and byte offset of the error) or not an object at the top.
QJsonObject readJsonObjectFile(const QString &path);

// "a string", "an array", ... for "expected X, found Y" messages.
QString jsonTypeName(const QJsonValue &value);

// Throws FileFormatError "FILE: KEY: PROBLEM" (the error type of tokenizer files, see
// BpeTokenizer.cpp).
[[noreturn]] void failTokenizerFile(const QString &file, const QString &key, const QString &problem);

}  // namespace peftbench
