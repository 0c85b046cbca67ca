#pragma once

#include <torch/types.h>

#include <QString>

namespace peftbench {

// One element type a safetensors header may name. Every dtype of the reference format is known
// (so its byte sizes can be checked and it is refused by name); only F32, F16 and BF16 load.
struct SafetensorsDtype {
    const char *name;        // as written in the header: "F32", "I64", "F8_E4M3", ...
    int bits;                // per element; F4 and F6_* pack below a byte
    torch::ScalarType type;  // what it loads as; Undefined for the dtypes we refuse
    bool loadable() const { return type != torch::ScalarType::Undefined; }
};

// nullptr for a name the safetensors format does not define.
const SafetensorsDtype *safetensorsDtypeByName(const QString &name);

// The F32/F16/BF16 entry for a LibTorch type; nullptr for every other type.
const SafetensorsDtype *safetensorsDtypeFor(torch::ScalarType type);

// For messages: "F32, F16 and BF16".
QString loadableSafetensorsDtypes();

}  // namespace peftbench
