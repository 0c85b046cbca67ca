#include "system/CudaDevices.h"

#include <torch/cuda.h>

#ifdef PEFTBENCH_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#endif

namespace peftbench {

QVector<CudaDevice> cudaDevices()
{
    QVector<CudaDevice> devices;
    if (!torch::cuda::is_available())
        return devices;
#ifdef PEFTBENCH_WITH_CUDA
    const int count = static_cast<int>(torch::cuda::device_count());
    for (int i = 0; i < count; ++i) {
        const cudaDeviceProp *props = at::cuda::getDeviceProperties(i);
        devices.push_back({i, QString::fromLatin1(props->name), static_cast<qint64>(props->totalGlobalMem)});
    }
#endif
    return devices;
}

}  // namespace peftbench
