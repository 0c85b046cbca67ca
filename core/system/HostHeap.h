#pragma once

namespace peftbench {

// A training loop frees and re-allocates the same activations every step. With glibc's defaults a
// freed heap top goes back to the kernel (M_TRIM_THRESHOLD) and blocks above a moving threshold get
// fresh mmaps, so every step faults its activations in again: 22k minor faults per step, a quarter
// of the step time, on the built-in model (tests/bench, model (a)). While a run trains the heap
// keeps what it freed; when the last run ends the free part goes back to the system.

// Blocks up to 32 MiB (glibc's largest allowed threshold) come from the heap and the heap is never
// trimmed by itself. Once per process; later calls do nothing, so a caller (the benchmark) may set
// its own M_MMAP_THRESHOLD after the first call.
void holdHeapForTraining();

// Gives free heap memory back to the system (malloc_trim); RSS after a run falls back towards
// what is still live.
void releaseFreeHeap();

// One per training run: holds the heap and caches LibTorch's large CPU blocks (CpuBlockCache.h)
// while any run trains; the last one to end releases both.
class TrainingHeapHold {
public:
    TrainingHeapHold();
    ~TrainingHeapHold();
    TrainingHeapHold(const TrainingHeapHold &) = delete;
    TrainingHeapHold &operator=(const TrainingHeapHold &) = delete;
};

}  // namespace peftbench
