#include "model/SafetensorsLayout.h"

#include "data/TextUtf8.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtEndian>

#include <algorithm>
#include <limits>
#include <optional>
#include <string_view>

namespace peftbench {

namespace {

const QString kMetadataKey = QStringLiteral("__metadata__");

[[noreturn]] void fail(const QString &path, const QString &what)
{
    throw FileFormatError(QStringLiteral("%1: %2").arg(path, what).toStdString());
}

// Names and strings come from the file: keep a hostile megabyte-long one out of the message.
QString shortened(const QString &text)
{
    constexpr qsizetype kMax = 120;
    return text.size() <= kMax ? text : text.left(kMax) + QStringLiteral("…");
}

// "the number -1", "the string \"x\"", "an array", ... for "<what> is <this>, expected <that>".
QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        constexpr qint64 kNotWhole = std::numeric_limits<qint64>::min();
        const qint64 whole = value.toInteger(kNotWhole);
        return QStringLiteral("the number %1")
            .arg(whole != kNotWhole ? QString::number(whole) : QString::number(value.toDouble(), 'g', 17));
    }
    case QJsonValue::String:
        return QStringLiteral("the string \"%1\"").arg(shortened(value.toString()));
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

std::optional<quint64> nonNegativeInteger(const QJsonValue &value)
{
    constexpr qint64 kNotWhole = std::numeric_limits<qint64>::min();
    if (!value.isDouble())
        return std::nullopt;
    const qint64 whole = value.toInteger(kNotWhole);  // kNotWhole for 1.5, 1e300, ...
    if (whole == kNotWhole || whole < 0)
        return std::nullopt;
    return quint64(whole);
}

QString formatShape(const std::vector<int64_t> &shape)
{
    QStringList dims;
    for (int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString decodeJsonString(const char *quoted, qsizetype length, bool hasEscapes)
{
    if (!hasEscapes)
        return QString::fromUtf8(quoted + 1, length - 2);
    const QByteArray wrapped = '[' + QByteArray(quoted, length) + ']';
    return QJsonDocument::fromJson(wrapped).array().at(0).toString();
}

// QJsonObject silently keeps one of two equal keys, and the reference format refuses them, so the
// raw header (already parsed once, hence valid JSON) is scanned for the keys of every object.
// Returns the top-level keys in header order.
QStringList topLevelKeysWithoutDuplicates(const QString &path, const QByteArray &json)
{
    struct Frame {
        bool isObject;
        QString owner;  // the top-level key this object or array belongs to; empty for the root
        QSet<QString> keys;
    };
    std::vector<Frame> open;
    QStringList topKeys;
    const char *p = json.constData();
    const qsizetype n = json.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = p[i];
        if (c == '{' || c == '[') {
            QString owner = open.size() == 1 && !topKeys.isEmpty() ? topKeys.last()
                            : open.empty()                         ? QString()
                                                                   : open.back().owner;
            open.push_back({c == '{', std::move(owner), {}});
        } else if (c == '}' || c == ']') {
            if (!open.empty())
                open.pop_back();
        } else if (c == '"') {
            const qsizetype start = i;
            bool hasEscapes = false;
            for (++i; i < n && p[i] != '"'; ++i) {
                if (p[i] == '\\') {
                    hasEscapes = true;
                    ++i;
                }
            }
            qsizetype next = i + 1;
            while (next < n && (p[next] == ' ' || p[next] == '\t' || p[next] == '\n' || p[next] == '\r'))
                ++next;
            const bool isKey = next < n && p[next] == ':' && !open.empty() && open.back().isObject;
            if (!isKey)
                continue;
            const QString key = decodeJsonString(p + start, std::min(i, n - 1) - start + 1, hasEscapes);
            Frame &frame = open.back();
            if (frame.keys.contains(key)) {
                if (open.size() == 1)
                    fail(path, key == kMetadataKey
                                   ? QStringLiteral("'__metadata__' appears twice in the header")
                                   : QStringLiteral("tensor name '%1' appears twice in the header").arg(shortened(key)));
                fail(path, QStringLiteral("key '%1' appears twice inside the entry '%2'")
                               .arg(shortened(key), shortened(frame.owner)));
            }
            frame.keys.insert(key);
            if (open.size() == 1)
                topKeys << key;
        }
    }
    return topKeys;
}

QMap<QString, QString> readMetadata(const QString &path, const QJsonValue &value)
{
    if (!value.isObject())
        fail(path, QStringLiteral("__metadata__ is %1, expected an object of string values").arg(describe(value)));
    QMap<QString, QString> metadata;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            fail(path, QStringLiteral("__metadata__ key '%1' is %2, expected a string")
                           .arg(shortened(it.key()), describe(it.value())));
        metadata.insert(it.key(), it.value().toString());
    }
    return metadata;
}

// One tensor's entry on its own: well-formed, and its byte range exactly fits shape × dtype.
SafetensorsEntry readEntry(const QString &path, const QString &name, const QJsonValue &value)
{
    const QString where = QStringLiteral("tensor '%1'").arg(shortened(name));
    if (!value.isObject())
        fail(path, QStringLiteral("%1 is %2, expected an object with dtype, shape and data_offsets")
                       .arg(where, describe(value)));
    const QJsonObject object = value.toObject();
    SafetensorsEntry entry;
    entry.name = name.toStdString();

    const QJsonValue dtype = object.value(QStringLiteral("dtype"));
    if (!dtype.isString())
        fail(path, QStringLiteral("%1 dtype is %2, expected a string such as \"F32\"").arg(where, describe(dtype)));
    entry.dtype = safetensorsDtypeByName(dtype.toString());
    if (!entry.dtype)
        fail(path, QStringLiteral("%1 has unknown dtype '%2' (not a safetensors dtype)")
                       .arg(where, shortened(dtype.toString())));

    const QJsonValue shape = object.value(QStringLiteral("shape"));
    if (!shape.isArray())
        fail(path, QStringLiteral("%1 shape is %2, expected an array of non-negative integers").arg(where, describe(shape)));
    const QJsonArray dims = shape.toArray();
    for (qsizetype i = 0; i < dims.size(); ++i) {
        const std::optional<quint64> dim = nonNegativeInteger(dims.at(i));
        if (!dim)
            fail(path, QStringLiteral("%1 shape[%2] is %3, expected a non-negative integer")
                           .arg(where).arg(i).arg(describe(dims.at(i))));
        entry.shape.push_back(int64_t(*dim));
    }

    const QJsonValue offsets = object.value(QStringLiteral("data_offsets"));
    if (!offsets.isArray() || offsets.toArray().size() != 2)
        fail(path, QStringLiteral("%1 data_offsets is %2, expected [begin, end]")
                       .arg(where, offsets.isArray() ? QStringLiteral("an array of %1 values").arg(offsets.toArray().size())
                                                     : describe(offsets)));
    const QJsonArray range = offsets.toArray();
    for (qsizetype i = 0; i < 2; ++i)
        if (!nonNegativeInteger(range.at(i)))
            fail(path, QStringLiteral("%1 data_offsets[%2] is %3, expected a non-negative integer")
                           .arg(where).arg(i).arg(describe(range.at(i))));
    entry.begin = *nonNegativeInteger(range.at(0));
    entry.end = *nonNegativeInteger(range.at(1));
    if (entry.end < entry.begin)
        fail(path, QStringLiteral("%1 data_offsets [%2, %3] end before they begin")
                       .arg(where).arg(entry.begin).arg(entry.end));

    const QString dtypeName = QLatin1String(entry.dtype->name);
    quint64 elements = 1;
    for (int64_t dim : entry.shape)
        if (__builtin_mul_overflow(elements, quint64(dim), &elements))
            fail(path, QStringLiteral("%1 shape %2 has more elements than 64 bits can count (overflows 64 bits)")
                           .arg(where, formatShape(entry.shape)));
    quint64 bits = 0;
    if (__builtin_mul_overflow(elements, quint64(entry.dtype->bits), &bits))
        fail(path, QStringLiteral("%1 shape %2 of %3 has more bits than 64 bits can count (overflows 64 bits)")
                       .arg(where, formatShape(entry.shape), dtypeName));
    if (bits % 8 != 0)
        fail(path, QStringLiteral("%1 holds %2 %3 elements = %4 bits, not a whole number of bytes")
                       .arg(where).arg(elements).arg(dtypeName).arg(bits));
    if (bits / 8 != entry.end - entry.begin)
        fail(path, QStringLiteral("%1 shape %2 of %3 needs %4 bytes but data_offsets [%5, %6] hold %7")
                       .arg(where, formatShape(entry.shape), dtypeName)
                       .arg(bits / 8).arg(entry.begin).arg(entry.end).arg(entry.end - entry.begin));
    return entry;
}

// Sorted by offset, the ranges must tile [0, dataSize) exactly: no gap, no overlap, no trailing bytes.
void checkContiguous(const QString &path, const std::vector<SafetensorsEntry> &entries, quint64 dataSize)
{
    quint64 expectedBegin = 0;
    const SafetensorsEntry *previous = nullptr;
    for (const SafetensorsEntry &e : entries) {
        const QString name = shortened(QString::fromStdString(e.name));
        if (!previous && e.begin != 0)
            fail(path, QStringLiteral("the first tensor in the data, '%1', starts at data byte %2, expected 0 "
                                      "(tensor data starts right after the header)").arg(name).arg(e.begin));
        if (e.begin > expectedBegin)
            fail(path, QStringLiteral("gap of %1 bytes between tensor '%2' (ends at data byte %3) and tensor '%4' "
                                      "(begins at data byte %5); tensors must be contiguous")
                           .arg(e.begin - expectedBegin)
                           .arg(shortened(QString::fromStdString(previous->name)))
                           .arg(expectedBegin)
                           .arg(name)
                           .arg(e.begin));
        if (e.begin < expectedBegin)
            fail(path, QStringLiteral("tensor '%1' (data bytes %2 to %3) overlaps tensor '%4' (ends at data byte %5)")
                           .arg(name)
                           .arg(e.begin)
                           .arg(e.end)
                           .arg(shortened(QString::fromStdString(previous->name)))
                           .arg(expectedBegin));
        expectedBegin = e.end;
        previous = &e;
    }
    if (expectedBegin > dataSize)
        fail(path, QStringLiteral("tensor '%1' ends at data byte %2, past the end of the file (%3 data bytes "
                                  "follow the header): the file is truncated")
                       .arg(shortened(QString::fromStdString(previous->name)))
                       .arg(expectedBegin)
                       .arg(dataSize));
    if (expectedBegin < dataSize) {
        if (!previous)
            fail(path, QStringLiteral("the header lists no tensors but %1 data bytes follow it").arg(dataSize));
        fail(path, QStringLiteral("%1 trailing bytes after the last tensor '%2' (it ends at data byte %3 of %4)")
                       .arg(dataSize - expectedBegin)
                       .arg(shortened(QString::fromStdString(previous->name)))
                       .arg(expectedBegin)
                       .arg(dataSize));
    }
}

}  // namespace

SafetensorsLayout parseSafetensorsLayout(const QString &path, const uchar *bytes, quint64 size)
{
    if (size < 8)
        fail(path, QStringLiteral("the file is %1 bytes, shorter than the 8-byte header length a safetensors "
                                  "file starts with").arg(size));
    const quint64 headerLength = qFromLittleEndian<quint64>(bytes);
    if (headerLength > kSafetensorsMaxHeader)
        fail(path, QStringLiteral("header length %1 exceeds the limit of %2 bytes").arg(headerLength).arg(kSafetensorsMaxHeader));
    if (headerLength > size - 8)
        fail(path, QStringLiteral("header length %1 runs past the end of the file: 8 + %1 = %2 bytes, but the file "
                                  "is %3 bytes").arg(headerLength).arg(8 + headerLength).arg(size));

    const char *headerBytes = reinterpret_cast<const char *>(bytes + 8);
    if (const std::optional<Utf8Problem> bad = findInvalidUtf8(std::string_view(headerBytes, size_t(headerLength))))
        fail(path, QStringLiteral("the header is not valid UTF-8: byte 0x%1 at header byte %2")
                       .arg(bad->byte, 2, 16, QLatin1Char('0')).arg(bad->byteOffset));
    // A view of the mapped bytes: the header is parsed where it lies, never copied.
    const QByteArray header = QByteArray::fromRawData(headerBytes, qsizetype(headerLength));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(header, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        fail(path, QStringLiteral("the header is not valid JSON: %1 at header byte %2")
                       .arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        fail(path, QStringLiteral("the header is %1, expected a JSON object of tensors")
                       .arg(doc.isArray() ? QStringLiteral("a JSON array") : QStringLiteral("not a JSON object")));

    const QStringList keys = topLevelKeysWithoutDuplicates(path, header);
    const QJsonObject root = doc.object();
    SafetensorsLayout layout;
    layout.dataStart = 8 + headerLength;
    for (const QString &key : keys) {
        if (key == kMetadataKey)
            layout.metadata = readMetadata(path, root.value(key));
        else
            layout.entries.push_back(readEntry(path, key, root.value(key)));
    }
    std::stable_sort(layout.entries.begin(), layout.entries.end(), [](const SafetensorsEntry &a, const SafetensorsEntry &b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    checkContiguous(path, layout.entries, size - layout.dataStart);
    return layout;
}

}  // namespace peftbench
