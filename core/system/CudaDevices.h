#pragma once

#include <QString>
#include <QVector>

namespace peftbench {

struct CudaDevice {
    int index = 0;
    QString name;
    qint64 totalMemoryBytes = 0;
};

// The CUDA devices LibTorch can use; empty when LibTorch was built without CUDA or none is present.
QVector<CudaDevice> cudaDevices();

}  // namespace peftbench
