#include "system/CpuBlockCache.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <c10/util/Exception.h>

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace peftbench {

namespace {

constexpr size_t kSmallestCached = 256 * 1024;
constexpr size_t kSizeStep = 64 * 1024;
constexpr size_t kPage = 4096;

// Every block starts at its own cache-line offset within its first page (mapped one page longer):
// GEMM's packing routines read one page-aligned matrix while writing another at the same page
// offset and stall on 4K aliasing (jemalloc offsets large allocations for the same reason).
// Measured on model (a), LoRA: 310 ms per step with page-aligned blocks.
void *pageStart(void *data)
{
    return reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(data) & ~uintptr_t(kPage - 1));
}

void unmapBlock(void *data, size_t size)
{
    munmap(pageStart(data), size + kPage);
}

struct Block {
    size_t size;  // the size class (mapped bytes)
    size_t requested;
};

class CpuBlockCacheAllocator final : public c10::Allocator {
public:
    explicit CpuBlockCacheAllocator(c10::Allocator *fallback) : m_fallback(fallback) {}

    c10::DataPtr allocate(size_t nbytes) const override
    {
        // Outside training (evaluation alone, generation, loading) glibc's heap serves everything:
        // a block mapped per tensor and unmapped on free would fault on every allocation.
        if (nbytes < kSmallestCached || m_holds.load() == 0)
            return m_fallback->allocate(nbytes);
        return const_cast<CpuBlockCacheAllocator *>(this)->allocateBlock(nbytes);
    }

    // Context and data are the same pointer (raw_allocate needs that), so one deleter serves
    // both kinds: a pointer the cache did not map goes to LibTorch's own deleter.
    c10::DeleterFnPtr raw_deleter() const override { return &CpuBlockCacheAllocator::release; }

    void start()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_holds;
    }

    void stop()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_holds.load() > 0 && --m_holds == 0)
            unmapCachedLocked();
    }

    CpuBlockCacheStats stats()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return {m_cachedBytes, m_mappedBytes, m_peakMappedBytes, m_peakLiveBytes};
    }

private:
    c10::DataPtr allocateBlock(size_t nbytes)
    {
        TORCH_CHECK_WITH(OutOfMemoryError, nbytes <= SIZE_MAX / 2, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ",
                         nbytes, " bytes.");
        const size_t size = (nbytes + kSizeStep - 1) / kSizeStep * kSizeStep;
        void *data = nullptr;
        size_t mapped = size;
        {
            // The smallest cached block that fits, if it is at most a quarter larger: steps of
            // nearby sizes (a batch's length varies) share blocks instead of each mapping its own.
            std::lock_guard<std::mutex> lock(m_mutex);
            auto it = m_free.lower_bound(size);
            if (it != m_free.end() && it->first <= size + size / 4) {
                mapped = it->first;
                data = it->second;
                m_free.erase(it);
                m_cachedBytes -= int64_t(mapped);
            }
        }
        if (!data)
            data = mapBlock(size, nbytes);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_live[data] = Block{mapped, nbytes};
            m_liveBytes += int64_t(mapped);
            m_peakLiveBytes = std::max(m_peakLiveBytes, m_liveBytes);
        }
        report(data, int64_t(nbytes));
        return {data, data, &CpuBlockCacheAllocator::release, c10::Device(c10::DeviceType::CPU)};
    }

    void *mapBlock(size_t size, size_t requested)
    {
        {
            // Sizes that stopped coming (a batch's length varies from step to step) must not pile
            // up: keep what is mapped within a quarter above the largest amount ever in use,
            // dropping the largest cached blocks first.
            std::lock_guard<std::mutex> lock(m_mutex);
            const int64_t limit = std::max(m_peakLiveBytes, m_liveBytes + int64_t(size)) * 5 / 4;
            while (!m_free.empty() && m_mappedBytes + int64_t(size) > limit) {
                const auto largest = std::prev(m_free.end());
                unmapBlock(largest->second, largest->first);
                m_mappedBytes -= int64_t(largest->first);
                m_cachedBytes -= int64_t(largest->first);
                m_free.erase(largest);
            }
        }
        void *base = mmap(nullptr, size + kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) {  // what the cache holds may be what is missing
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                unmapCachedLocked();
            }
            base = mmap(nullptr, size + kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        }
        // The words LibTorch's own allocator uses, which isOutOfMemory() recognises.
        TORCH_CHECK_WITH(OutOfMemoryError, base != MAP_FAILED, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ",
                         requested, " bytes. Error code 12 (Cannot allocate memory)");
        std::lock_guard<std::mutex> lock(m_mutex);
        m_mappedBytes += int64_t(size);
        m_peakMappedBytes = std::max(m_peakMappedBytes, m_mappedBytes);
        const size_t offset = (m_blocksMapped++ * 37 % (kPage / 64)) * 64;
        return static_cast<char *>(base) + offset;
    }

    static void release(void *data);

    void releaseBlock(void *data)
    {
        Block block{};
        bool ours = false;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            auto it = m_live.find(data);
            if (it != m_live.end()) {
                ours = true;
                block = it->second;
                m_live.erase(it);
                m_liveBytes -= int64_t(block.size);
            }
        }
        if (!ours) {
            const c10::DeleterFnPtr deleter = m_fallback->raw_deleter();
            deleter ? deleter(data) : c10::free_cpu(data);
            return;
        }
        report(data, -int64_t(block.requested));
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_holds > 0) {
                m_free.emplace(block.size, data);
                m_cachedBytes += int64_t(block.size);
                return;
            }
            m_mappedBytes -= int64_t(block.size);
        }
        unmapBlock(data, block.size);
    }

    void report(void *data, int64_t bytes)
    {
        if (!c10::memoryProfilingEnabled())
            return;
        int64_t allocated = 0, reserved = 0;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_allocatedBytes += bytes;
            allocated = m_allocatedBytes;
            reserved = m_mappedBytes;
        }
        c10::reportMemoryUsageToProfiler(data, bytes, allocated, reserved, c10::Device(c10::DeviceType::CPU));
    }

    void unmapCachedLocked()
    {
        for (const auto &[size, data] : m_free) {
            unmapBlock(data, size);
            m_mappedBytes -= int64_t(size);
        }
        m_free.clear();
        m_cachedBytes = 0;
        m_peakLiveBytes = m_liveBytes;  // the next run sets its own peaks
        m_peakMappedBytes = m_mappedBytes;
    }

    c10::Allocator *m_fallback;
    std::mutex m_mutex;
    std::unordered_map<void *, Block> m_live;
    std::multimap<size_t, void *> m_free;  // cached blocks by size
    std::atomic<int> m_holds{0};
    int64_t m_cachedBytes = 0, m_mappedBytes = 0, m_allocatedBytes = 0;
    int64_t m_liveBytes = 0, m_peakLiveBytes = 0, m_peakMappedBytes = 0;  // by size class
    size_t m_blocksMapped = 0;
};

// Never destroyed: tensors may be freed during static destruction, after any static here.
CpuBlockCacheAllocator &cache()
{
    static CpuBlockCacheAllocator *instance = [] {
        auto *allocator = new CpuBlockCacheAllocator(c10::GetDefaultCPUAllocator());
        c10::SetCPUAllocator(allocator);
        return allocator;
    }();
    return *instance;
}

void CpuBlockCacheAllocator::release(void *data)
{
    cache().releaseBlock(data);
}

std::atomic<bool> g_disabled{false};

}  // namespace

void startCachingCpuBlocks()
{
    if (!g_disabled.load())
        cache().start();
}

void stopCachingCpuBlocks()
{
    if (!g_disabled.load())
        cache().stop();
}

void disableCpuBlockCache()
{
    g_disabled.store(true);
}

CpuBlockCacheStats cpuBlockCacheStats()
{
    return cache().stats();
}

}  // namespace peftbench
