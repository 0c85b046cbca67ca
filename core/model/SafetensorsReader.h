#pragma once

#include "model/SafetensorsLayout.h"

#include <torch/types.h>

#include <QMap>
#include <QString>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

class QFile;

namespace peftbench {

// A safetensors file opened for reading. The file is memory-mapped and its whole layout checked
// (parseSafetensorsLayout) on construction; it stays mapped while the reader lives, and tensor()
// copies one tensor out of the mapping, so only what is asked for is ever read from disk.
class SafetensorsReader {
public:
    // Throws FileFormatError naming the file: unreadable, unmappable or breaking a layout rule.
    explicit SafetensorsReader(const QString &path);
    ~SafetensorsReader();
    SafetensorsReader(const SafetensorsReader &) = delete;
    SafetensorsReader &operator=(const SafetensorsReader &) = delete;

    const QString &path() const { return path_; }
    std::vector<std::string> names() const;  // in data order
    bool contains(const std::string &name) const;
    QString dtypeName(const std::string &name) const;     // "F32", "I64", ...; throws std::out_of_range
    std::vector<int64_t> shape(const std::string &name) const;  // throws std::out_of_range
    const QMap<QString, QString> &metadata() const { return layout_.metadata; }

    // A copy of the tensor converted to `to` (a floating type). Throws std::out_of_range for a name
    // the file lacks, FileFormatError for a dtype other than F32/F16/BF16 (named in the message),
    // std::invalid_argument for a non-floating `to`.
    torch::Tensor tensor(const std::string &name, torch::ScalarType to = torch::kFloat) const;

private:
    const SafetensorsEntry &entry(const std::string &name) const;

    QString path_;
    std::unique_ptr<QFile> file_;  // owns the mapping
    const uchar *data_ = nullptr;  // data offset 0 inside the mapping
    SafetensorsLayout layout_;
    std::unordered_map<std::string, size_t> indexByName_;
};

}  // namespace peftbench
