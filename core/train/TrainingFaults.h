#pragma once
// Faults a test injects into a run to prove how the run ends when the real thing happens (a loss
// that turns NaN, CUDA running out of memory). Production code never sets one: the default is
// "no fault", and then the trainer behaves exactly as without this struct.
#include <cstdint>

namespace peftbench {

struct TrainingFaults {
    int64_t nonFiniteLossAtStep = 0;  // > 0: optimizer step K (1-based) computes a NaN loss
    int64_t outOfMemoryAtStep = 0;    // > 0: step K's forward pass throws c10::OutOfMemoryError, as CUDA's
                                      // allocator does, with these figures in its message
    int64_t outOfMemoryRequestedBytes = int64_t(2) << 30;
    int64_t outOfMemoryFreeBytes = int64_t(640) << 20;
    int64_t outOfMemoryTotalBytes = int64_t(80) << 30;
};

// Throws the error LibTorch 1.13's CUDA caching allocator throws, with its message format and these
// figures, so the handling of a real out-of-memory is what the test exercises.
[[noreturn]] void throwInjectedOutOfMemory(const TrainingFaults &faults);

}  // namespace peftbench
