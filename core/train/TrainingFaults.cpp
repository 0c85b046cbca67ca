#include "train/TrainingFaults.h"

#include "train/OutOfMemory.h"

#include <c10/util/Exception.h>

#include <string>

namespace peftbench {

void throwInjectedOutOfMemory(const TrainingFaults &faults)
{
    const int64_t requestedBytes = faults.outOfMemoryRequestedBytes;
    const int64_t freeBytes = faults.outOfMemoryFreeBytes;
    const int64_t totalBytes = faults.outOfMemoryTotalBytes;
    const int64_t allocated = totalBytes - freeBytes;
    throw c10::OutOfMemoryError({__func__, __FILE__, uint32_t(__LINE__)},
                                "CUDA out of memory. Tried to allocate " + formatMemorySize(requestedBytes) + " (GPU 0; "
                                    + formatMemorySize(totalBytes) + " total capacity; " + formatMemorySize(allocated)
                                    + " already allocated; " + formatMemorySize(freeBytes) + " free; " + formatMemorySize(allocated)
                                    + " reserved in total by PyTorch) If reserved memory is >> allocated memory try "
                                      "setting max_split_size_mb to avoid fragmentation.  See documentation for Memory "
                                      "Management and PYTORCH_CUDA_ALLOC_CONF");
}

}  // namespace peftbench
