#pragma once
// A run that runs out of memory ends as failed with the figures the allocator gave and what to
// change, never as a crash; the memory it held goes back to the device for the next run.
#include "methods/MethodSettings.h"

#include <QString>

#include <cstdint>
#include <exception>
#include <string>

namespace peftbench {

struct TrainingParams;

// c10's way of writing a size ("512 bytes", "20.00 MiB", "15.78 GiB"), so ours reads like theirs.
std::string formatMemorySize(int64_t bytes);

// c10::OutOfMemoryError (CUDA's caching allocator), the CPU allocator's "can't allocate memory"
// (a plain c10::Error in LibTorch 1.13) and std::bad_alloc.
bool isOutOfMemory(const std::exception &e);

struct OutOfMemoryContext {
    QString device;                // "cuda:0", "cpu"
    QString when;                  // "at step 3", "while setting up the run"
    MethodKind method = MethodKind::Full;
    int64_t inUseBytes = -1;       // what the run held when it failed (allocated VRAM or RSS); < 0 unknown
    int64_t longestExample = 0;    // tokens; 0 unknown
};

// "out of memory on cuda:0 at step 3: tried to allocate 2.00 GiB with 2.75 MiB free of 15.78 GiB
// (this run held 14.21 GiB). To fit: ..." — the figures the allocator's message carries, then the
// changes that lower this run's peak, skipping those already made.
QString describeOutOfMemory(const std::exception &e, const OutOfMemoryContext &context, const TrainingParams &params);

// CUDA: returns the caching allocator's free blocks to the driver, so memory drops back to what
// the process held before the run (the run's tensors must be released first). CPU: nothing to do.
void releaseCachedDeviceMemory(bool cuda);

}  // namespace peftbench
