#include "model/SafetensorsWriter.h"

#include "data/TextUtf8.h"
#include "model/SafetensorsDtypes.h"
#include "model/SafetensorsLayout.h"
#include "model/TensorFile.h"

#include <torch/torch.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <unordered_set>

namespace peftbench {

// Tensor bytes are written as they lie in memory, and safetensors is little endian.
static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "writeSafetensors assumes a little-endian host");

namespace {

[[noreturn]] void fail(const QString &path, const QString &what)
{
    throw FileFormatError(QStringLiteral("%1: %2").arg(path, what).toStdString());
}

}  // namespace

void writeSafetensors(const QString &path, const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                      const QMap<QString, QString> &metadata)
{
    // Everything is checked and the header built before the file is opened, so a refused call
    // leaves any existing file untouched.
    QJsonObject header;
    std::vector<torch::Tensor> data;
    std::unordered_set<std::string> seen;
    qint64 offset = 0;
    for (const auto &[name, tensor] : tensors) {
        const QString qname = QString::fromStdString(name);
        if (name.empty())
            fail(path, QStringLiteral("a tensor has an empty name"));
        if (!isValidUtf8(name))
            fail(path, QStringLiteral("tensor name '%1' is not valid UTF-8").arg(qname));
        if (qname == QLatin1String("__metadata__"))
            fail(path, QStringLiteral("'__metadata__' is reserved for metadata and cannot name a tensor"));
        if (!seen.insert(name).second)
            fail(path, QStringLiteral("tensor name '%1' is given twice").arg(qname));
        if (!tensor.defined())
            fail(path, QStringLiteral("tensor '%1' is undefined").arg(qname));
        const SafetensorsDtype *dtype = safetensorsDtypeFor(tensor.scalar_type());
        if (!dtype)
            fail(path, QStringLiteral("tensor '%1' has dtype %2; safetensors files are written with %3")
                           .arg(qname, QLatin1String(c10::toString(tensor.scalar_type())), loadableSafetensorsDtypes()));
        torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        QJsonArray shape;
        for (int64_t s : t.sizes())
            shape.append(qint64(s));
        const qint64 nbytes = qint64(t.nbytes());
        header.insert(qname, QJsonObject{{QStringLiteral("dtype"), QLatin1String(dtype->name)},
                                         {QStringLiteral("shape"), shape},
                                         {QStringLiteral("data_offsets"), QJsonArray{offset, offset + nbytes}}});
        offset += nbytes;
        data.push_back(std::move(t));
    }
    if (!metadata.isEmpty()) {
        QJsonObject meta;
        for (auto it = metadata.begin(); it != metadata.end(); ++it)
            meta.insert(it.key(), it.value());
        header.insert(QStringLiteral("__metadata__"), meta);
    }
    QByteArray headerBytes = QJsonDocument(header).toJson(QJsonDocument::Compact);
    // Padded so the data, and with it every tensor of these 2- and 4-byte dtypes, is 8-byte aligned
    // for readers that use the mapped bytes in place.
    headerBytes.append((8 - headerBytes.size() % 8) % 8, ' ');
    if (quint64(headerBytes.size()) > kSafetensorsMaxHeader)
        fail(path, QStringLiteral("the header would be %1 bytes, over the %2-byte limit readers accept")
                       .arg(headerBytes.size()).arg(kSafetensorsMaxHeader));

    char length[8];
    qToLittleEndian<quint64>(quint64(headerBytes.size()), length);
    writeTensorBytesAtomically(path, QByteArray(length, sizeof length) + headerBytes, data);
}

}  // namespace peftbench
