#pragma once

#include <cstdint>

namespace peftbench {

// LibTorch's CPU allocator, with large blocks cached by size while a run trains. Every training
// step allocates and frees the same activation and gradient sizes; glibc serves blocks of 32 MiB
// and more (GPT-2's [V, D] embedding gradient, AdamW's temporaries for it) with fresh mmaps that
// fault in on every step, and its heap fragments under the rest, so the process's RSS grew to
// 1.3–1.7× the live tensors on the GPT-2-small shape. Cached, a block is mapped once and reused by
// the next tensor of its size class, and RSS stays near the live peak (tests/bench).
//
// Blocks of 256 KiB and more allocated while a run trains go through the cache (sizes rounded up
// to 64 KiB; a cached block up to a quarter larger than asked serves too); everything else through
// LibTorch's own allocator. What the cache maps stays within 1.25× the most it ever had in use
// (sizes that stop coming are dropped, largest first). While no run trains, nothing is cached.
// Allocations are reported to LibTorch's memory profiler as its own allocator reports them.

// Installs the allocator (once per process) and starts caching; calls nest.
void startCachingCpuBlocks();
// For measurements that need RSS to follow the live tensors (test_resource_estimate, the bench's
// allocator comparison): call before the first run; later starts then do nothing.
void disableCpuBlockCache();
// Ends one startCachingCpuBlocks(); the last one unmaps every cached block.
void stopCachingCpuBlocks();

struct CpuBlockCacheStats {
    int64_t cachedBytes = 0;  // freed, mapped, waiting for reuse
    int64_t mappedBytes = 0;  // everything the cache has mapped (in use + cached)
    int64_t peakMappedBytes = 0;  // the most mapped at once, since the last run ended
    int64_t peakLiveBytes = 0;    // the most in use at once (size classes), likewise
};
CpuBlockCacheStats cpuBlockCacheStats();

}  // namespace peftbench
