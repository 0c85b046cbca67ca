#pragma once

#include "model/TensorFile.h"  // FileFormatError

#include <torch/types.h>

#include <QMap>
#include <QString>

#include <string>
#include <utility>
#include <vector>

namespace peftbench {

// Writes F32, F16 and BF16 tensors as a safetensors file (layout: model/SafetensorsLayout.h), data
// in the given order, contiguous and little endian, the header padded with spaces to a multiple of
// 8 bytes so every tensor starts 8-byte aligned. Metadata goes to "__metadata__" (omitted when
// empty). Atomic: a temporary file beside `path`, flushed, synced and renamed over it. Throws
// FileFormatError naming the file and the tensor for another dtype, an empty, duplicate or
// non-UTF-8 name, the reserved name "__metadata__", or an I/O failure; nothing is written then.
void writeSafetensors(const QString &path, const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                      const QMap<QString, QString> &metadata = {});

}  // namespace peftbench
