#pragma once

#include "model/SafetensorsDtypes.h"
#include "model/TensorFile.h"  // FileFormatError

#include <QMap>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace peftbench {

// Hugging Face's safetensors layout:
//   u64 little-endian header length N | N bytes of UTF-8 JSON | tensor data
// The JSON object maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}, the
// offsets relative to the first data byte, plus an optional "__metadata__" object of strings.
constexpr quint64 kSafetensorsMaxHeader = 100'000'000;  // the reference implementation's limit

struct SafetensorsEntry {
    std::string name;
    const SafetensorsDtype *dtype = nullptr;
    std::vector<int64_t> shape;
    quint64 begin = 0;  // data_offsets, relative to the first data byte
    quint64 end = 0;
};

struct SafetensorsLayout {
    quint64 dataStart = 0;                  // 8 + N: where data offset 0 lies in the file
    std::vector<SafetensorsEntry> entries;  // in data order (header order among equal offsets)
    QMap<QString, QString> metadata;
};

// Checks a whole safetensors file held in memory (`size` bytes at `bytes`) against the reference
// rules: the header length within 100 MB and the file, UTF-8 JSON object, no duplicate keys, every
// entry's dtype, shape and offsets well-formed, shape × dtype size (overflow-checked) equal to its
// byte range, ranges contiguous from 0 without gap or overlap, the last ending at the end of the
// file, "__metadata__" string → string. Reads nothing outside [bytes, bytes + size) and sizes no
// allocation from an unchecked header value. Throws FileFormatError("<path>: <what is wrong>").
SafetensorsLayout parseSafetensorsLayout(const QString &path, const uchar *bytes, quint64 size);

}  // namespace peftbench
