#pragma once

#include <QString>

namespace peftbench {

// Which BLAS library actually serves LibTorch's GEMMs in this process. Debian links LibTorch
// against the generic libblas.so.3, and the alternatives system decides at run time whether that
// is OpenBLAS or the (≈50× slower) reference implementation, so this is read from the process.
struct BlasInfo {
    QString name;       // "OpenBLAS", "reference BLAS", "MKL", ... or "unknown"
    QString detail;     // OpenBLAS config string or the library path that was found
    bool isReference = false;
};

BlasInfo detectBlas();

}  // namespace peftbench
