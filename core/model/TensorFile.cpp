#include "model/TensorFile.h"

#include <torch/torch.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QtEndian>

#include <cerrno>
#include <cstring>

namespace peftbench {

const torch::Tensor *TensorFile::find(const std::string &name) const
{
    for (const auto &entry : tensors)
        if (entry.first == name)
            return &entry.second;
    return nullptr;
}

torch::Tensor TensorFile::get(const std::string &name) const
{
    if (const torch::Tensor *t = find(name))
        return *t;
    throw std::out_of_range("tensor '" + name + "' is not in the " + kind.toStdString() + " file");
}

namespace {

struct DtypeInfo {
    const char *name;
    torch::ScalarType type;
    int64_t size;
};
constexpr DtypeInfo kDtypes[] = {
    {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2}, {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8}, {"U8", torch::kUInt8, 1},
};

const DtypeInfo *dtypeByName(const QString &name)
{
    for (const DtypeInfo &d : kDtypes)
        if (name == QLatin1String(d.name))
            return &d;
    return nullptr;
}

const DtypeInfo *dtypeByType(torch::ScalarType type)
{
    for (const DtypeInfo &d : kDtypes)
        if (d.type == type)
            return &d;
    return nullptr;
}

[[noreturn]] void fail(const QString &path, const QString &what)
{
    throw FileFormatError(QStringLiteral("%1: %2").arg(path, what).toStdString());
}

}  // namespace

void writeTensorFile(const QString &path, const TensorFile &file)
{
    QJsonArray entries;
    std::vector<torch::Tensor> data;
    int64_t offset = 0;
    for (const auto &[name, tensor] : file.tensors) {
        const DtypeInfo *dtype = dtypeByType(tensor.scalar_type());
        if (!dtype)
            fail(path, QStringLiteral("tensor '%1' has unsupported dtype %2")
                           .arg(QString::fromStdString(name), QString::fromLatin1(c10::toString(tensor.scalar_type()))));
        torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        QJsonArray shape;
        for (int64_t s : t.sizes())
            shape.append(qint64(s));
        const int64_t nbytes = t.numel() * dtype->size;
        entries.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(name)},
                                   {QStringLiteral("dtype"), QLatin1String(dtype->name)},
                                   {QStringLiteral("shape"), shape},
                                   {QStringLiteral("offset"), qint64(offset)},
                                   {QStringLiteral("nbytes"), qint64(nbytes)}});
        offset += nbytes;
        data.push_back(std::move(t));
    }
    QJsonObject meta;
    for (auto it = file.metadata.begin(); it != file.metadata.end(); ++it)
        meta.insert(it.key(), it.value());
    const QByteArray header = QJsonDocument(QJsonObject{{QStringLiteral("kind"), file.kind},
                                                        {QStringLiteral("metadata"), meta},
                                                        {QStringLiteral("tensors"), entries}})
                                  .toJson(QJsonDocument::Compact);

    char prefix[20];
    std::memcpy(prefix, kTensorFileMagic, 8);
    qToLittleEndian<quint32>(kTensorFileVersion, prefix + 8);
    qToLittleEndian<quint64>(quint64(header.size()), prefix + 12);
    writeTensorBytesAtomically(path, QByteArray(prefix, sizeof prefix) + header, data);
}

void writeTensorBytesAtomically(const QString &path, const QByteArray &head, const std::vector<torch::Tensor> &data)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        fail(path, QStringLiteral("cannot open for writing: %1").arg(out.errorString()));
    errno = 0;
    bool ok = out.write(head) == head.size();
    for (const torch::Tensor &t : data) {
        const qint64 n = qint64(t.nbytes());
        ok = ok && (n == 0 || out.write(static_cast<const char *>(t.data_ptr()), n) == n);
    }
    if (!ok) {
        // A short write (a full disk, a file size limit) leaves QFileDevice with "Unknown error";
        // the system's reason is what the user needs.
        const QString error = errno != 0 ? QString::fromLocal8Bit(std::strerror(errno)) : out.errorString();
        out.cancelWriting();
        fail(path, QStringLiteral("write failed: %1").arg(error));
    }
    if (!out.commit())  // flushes, syncs and renames; the old file stays intact on failure
        fail(path, QStringLiteral("could not complete the write: %1").arg(out.errorString()));
}

TensorFile readTensorFile(const QString &path)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        fail(path, QStringLiteral("cannot open: %1").arg(in.errorString()));
    const qint64 fileSize = in.size();
    const QByteArray prefix = in.read(20);
    // PyTorch's own checkpoints are a pickle (protocol 2+ starts with 0x80, then the protocol
    // number) or, since torch.save's zip format, a zip archive of pickles. Named for what they are,
    // whatever their extension: loading one can execute code, so it is never opened further.
    const bool pickle = prefix.size() >= 2 && uchar(prefix[0]) == 0x80 && uchar(prefix[1]) >= 2 && uchar(prefix[1]) <= 5;
    if (pickle || prefix.startsWith("PK\x03\x04"))
        fail(path, QStringLiteral("this is a PyTorch %1 checkpoint, which is refused: loading one can execute code. "
                                  "Convert it to safetensors (or train with our own format) instead")
                       .arg(pickle ? QStringLiteral("pickle") : QStringLiteral("zip (torch.save)")));
    if (fileSize < 20)
        fail(path, QStringLiteral("file is %1 bytes, too short for a checkpoint header (20 bytes)").arg(fileSize));
    if (std::memcmp(prefix.constData(), kTensorFileMagic, 8) != 0)
        fail(path, QStringLiteral("not a PEFT Workbench checkpoint (magic bytes are not 'PEFTWBCK')"));
    const quint32 version = qFromLittleEndian<quint32>(prefix.constData() + 8);
    if (version != kTensorFileVersion)
        fail(path, QStringLiteral("checkpoint format version %1 is not supported (this build reads version %2)")
                       .arg(version).arg(kTensorFileVersion));
    const quint64 headerLength = qFromLittleEndian<quint64>(prefix.constData() + 12);
    if (headerLength > kTensorFileMaxHeader || headerLength > quint64(fileSize - 20))
        fail(path, QStringLiteral("header length %1 exceeds the limit (%2) or the file size (%3 bytes)")
                       .arg(headerLength).arg(kTensorFileMaxHeader).arg(fileSize));

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(in.read(qint64(headerLength)), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        fail(path, QStringLiteral("header is not a JSON object (%1 at byte %2)")
                       .arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject root = doc.object();

    TensorFile file;
    file.kind = root.value(QStringLiteral("kind")).toString();
    const QJsonObject meta = root.value(QStringLiteral("metadata")).toObject();
    for (auto it = meta.begin(); it != meta.end(); ++it) {
        if (!it.value().isString())
            fail(path, QStringLiteral("metadata '%1' is not a string").arg(it.key()));
        file.metadata.insert(it.key(), it.value().toString());
    }

    const qint64 dataStart = 20 + qint64(headerLength);
    const qint64 dataSize = fileSize - dataStart;
    const QJsonArray entries = root.value(QStringLiteral("tensors")).toArray();
    // Check every entry against the file before reading (and so allocating) any tensor.
    struct Entry { std::string name; const DtypeInfo *dtype; std::vector<int64_t> shape; qint64 nbytes; };
    std::vector<Entry> checked;
    qint64 expectedOffset = 0;
    for (int i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries.at(i).toObject();
        const QString name = e.value(QStringLiteral("name")).toString();
        const QString where = QStringLiteral("tensor #%1 '%2'").arg(i).arg(name);
        if (name.isEmpty())
            fail(path, QStringLiteral("tensor #%1 has no name").arg(i));
        for (const Entry &prev : checked)
            if (prev.name == name.toStdString())
                fail(path, QStringLiteral("%1 appears twice").arg(where));
        const DtypeInfo *dtype = dtypeByName(e.value(QStringLiteral("dtype")).toString());
        if (!dtype)
            fail(path, QStringLiteral("%1 has unknown dtype '%2' (known: F32, F16, BF16, I64, U8)")
                           .arg(where, e.value(QStringLiteral("dtype")).toString()));
        qint64 count = 1;
        std::vector<int64_t> shape;
        for (const QJsonValue &dim : e.value(QStringLiteral("shape")).toArray()) {
            const double d = dim.toDouble(-1);
            if (d < 0 || d != double(qint64(d)) || d > 9e15)
                fail(path, QStringLiteral("%1 has an invalid dimension").arg(where));
            if (d > 0 && count > dataSize / qint64(d))
                fail(path, QStringLiteral("%1 shape is larger than the file").arg(where));
            count *= qint64(d);
            shape.push_back(int64_t(d));
        }
        const qint64 offset = qint64(e.value(QStringLiteral("offset")).toDouble(-1));
        const qint64 nbytes = qint64(e.value(QStringLiteral("nbytes")).toDouble(-1));
        if (offset != expectedOffset)
            fail(path, QStringLiteral("%1 starts at offset %2, expected %3 (tensors must be contiguous from 0)")
                           .arg(where).arg(offset).arg(expectedOffset));
        if (count > dataSize / dtype->size || nbytes != count * dtype->size)
            fail(path, QStringLiteral("%1 has %2 bytes but its shape and dtype need %3")
                           .arg(where).arg(nbytes).arg(count * dtype->size));
        expectedOffset += nbytes;
        if (expectedOffset > dataSize)
            fail(path, QStringLiteral("%1 ends at byte %2 past the end of the data (%3 bytes): truncated file")
                           .arg(where).arg(expectedOffset).arg(dataSize));
        checked.push_back({name.toStdString(), dtype, std::move(shape), nbytes});
    }
    if (expectedOffset != dataSize)
        fail(path, QStringLiteral("%1 bytes of trailing data after the last tensor").arg(dataSize - expectedOffset));

    for (const Entry &e : checked) {
        torch::Tensor t = torch::empty(e.shape, torch::TensorOptions().dtype(e.dtype->type));
        if (in.read(static_cast<char *>(t.data_ptr()), e.nbytes) != e.nbytes)
            fail(path, QStringLiteral("could not read tensor '%1': %2").arg(QString::fromStdString(e.name), in.errorString()));
        file.tensors.emplace_back(e.name, std::move(t));
    }
    return file;
}

}  // namespace peftbench
