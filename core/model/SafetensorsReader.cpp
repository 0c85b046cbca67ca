#include "model/SafetensorsReader.h"

#include <torch/torch.h>

#include <QFile>
#include <QtGlobal>

#include <cstring>
#include <stdexcept>

namespace peftbench {

// safetensors data is little endian and copied out as is.
static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "SafetensorsReader assumes a little-endian host");

namespace {

[[noreturn]] void fail(const QString &path, const QString &what)
{
    throw FileFormatError(QStringLiteral("%1: %2").arg(path, what).toStdString());
}

}  // namespace

SafetensorsReader::SafetensorsReader(const QString &path) : path_(path), file_(std::make_unique<QFile>(path))
{
    if (!file_->open(QIODevice::ReadOnly))
        fail(path, QStringLiteral("cannot open: %1").arg(file_->errorString()));
    const qint64 size = file_->size();
    const uchar *bytes = nullptr;
    if (size > 0) {  // an empty file cannot be mapped; the layout check reports it as too short
        bytes = file_->map(0, size);
        if (!bytes)
            fail(path, QStringLiteral("cannot map the file into memory: %1").arg(file_->errorString()));
    }
    layout_ = parseSafetensorsLayout(path, bytes, quint64(size));
    data_ = bytes + layout_.dataStart;
    for (size_t i = 0; i < layout_.entries.size(); ++i)
        indexByName_.emplace(layout_.entries[i].name, i);
}

SafetensorsReader::~SafetensorsReader() = default;  // QFile's destructor unmaps

std::vector<std::string> SafetensorsReader::names() const
{
    std::vector<std::string> names;
    names.reserve(layout_.entries.size());
    for (const SafetensorsEntry &e : layout_.entries)
        names.push_back(e.name);
    return names;
}

bool SafetensorsReader::contains(const std::string &name) const
{
    return indexByName_.count(name) != 0;
}

const SafetensorsEntry &SafetensorsReader::entry(const std::string &name) const
{
    const auto it = indexByName_.find(name);
    if (it == indexByName_.end())
        throw std::out_of_range(QStringLiteral("%1: no tensor '%2' in this file")
                                    .arg(path_, QString::fromStdString(name))
                                    .toStdString());
    return layout_.entries[it->second];
}

QString SafetensorsReader::dtypeName(const std::string &name) const
{
    return QLatin1String(entry(name).dtype->name);
}

std::vector<int64_t> SafetensorsReader::shape(const std::string &name) const
{
    return entry(name).shape;
}

torch::Tensor SafetensorsReader::tensor(const std::string &name, torch::ScalarType to) const
{
    const SafetensorsEntry &e = entry(name);
    if (!e.dtype->loadable())
        fail(path_, QStringLiteral("tensor '%1' has dtype %2; PEFT Workbench loads %3")
                        .arg(QString::fromStdString(name), QLatin1String(e.dtype->name), loadableSafetensorsDtypes()));
    if (!c10::isFloatingType(to))
        throw std::invalid_argument(QStringLiteral("%1: tensor '%2' requested as %3; only floating types can be loaded")
                                        .arg(path_, QString::fromStdString(name), QLatin1String(c10::toString(to)))
                                        .toStdString());
    // Copied into a tensor of its own (the mapping may be unaligned for the element type, and the
    // result must outlive the reader), then converted; size and range were checked by the layout.
    torch::Tensor t = torch::empty(e.shape, torch::TensorOptions().dtype(e.dtype->type));
    const quint64 nbytes = e.end - e.begin;
    if (nbytes > 0)
        std::memcpy(t.data_ptr(), data_ + e.begin, size_t(nbytes));
    return t.to(to);
}

}  // namespace peftbench
