#pragma once

#include <torch/types.h>

#include <QByteArray>
#include <QMap>
#include <QString>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace peftbench {

// A malformed or unreadable file; the message names the file and what is wrong with it.
class FileFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Our checkpoint container (models, adapters, trainer state, test fixtures), version 1:
//   "PEFTWBCK" | u32 version | u64 header length N | N bytes JSON header | tensor data
// The JSON holds {"kind", "metadata": {str: str}, "tensors": [{name, dtype, shape, offset, nbytes}]};
// data is contiguous from offset 0 in listing order and the file ends with the last tensor.
struct TensorFile {
    QString kind;                                              // "model", "adapter", "trainer_state", "golden", ...
    QMap<QString, QString> metadata;
    std::vector<std::pair<std::string, torch::Tensor>> tensors;

    const torch::Tensor *find(const std::string &name) const;
    torch::Tensor get(const std::string &name) const;          // throws std::out_of_range naming the tensor
};

constexpr char kTensorFileMagic[8] = {'P', 'E', 'F', 'T', 'W', 'B', 'C', 'K'};
constexpr quint32 kTensorFileVersion = 1;
constexpr quint64 kTensorFileMaxHeader = 100'000'000;

// Writes atomically: a temporary file beside `path`, flushed and synced, then renamed over it,
// so a crash leaves either the old file or the new one. Throws FileFormatError on I/O failure.
void writeTensorFile(const QString &path, const TensorFile &file);

// Writes `head`, then every tensor's bytes in order (contiguous, host byte order), to `path`
// atomically (temp file, flush, sync, rename): the writing half that our format and safetensors
// share. Throws FileFormatError naming the file.
void writeTensorBytesAtomically(const QString &path, const QByteArray &head, const std::vector<torch::Tensor> &data);

// Validates the whole layout before allocating anything; throws FileFormatError naming the file.
TensorFile readTensorFile(const QString &path);

}  // namespace peftbench
