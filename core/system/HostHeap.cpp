#include "system/HostHeap.h"

#include "system/CpuBlockCache.h"

#include <atomic>
#include <mutex>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace peftbench {

namespace {
std::atomic<int> g_trainingRuns{0};
}

void holdHeapForTraining()
{
#ifdef __GLIBC__
    static std::once_flag once;
    std::call_once(once, [] {
        // Setting either value turns off glibc's moving threshold, so both are set.
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, -1);  // -1: never trim by itself; releaseFreeHeap() trims
    });
#endif
}

void releaseFreeHeap()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

TrainingHeapHold::TrainingHeapHold()
{
    holdHeapForTraining();
    startCachingCpuBlocks();
    g_trainingRuns.fetch_add(1);
}

TrainingHeapHold::~TrainingHeapHold()
{
    stopCachingCpuBlocks();  // the last run's stop unmaps the cached blocks
    if (g_trainingRuns.fetch_sub(1) == 1)  // trimming under a run still training would cost it the faults again
        releaseFreeHeap();
}

}  // namespace peftbench
