#pragma once

#include <QString>

#include <cstdint>

namespace peftbench {

struct MemorySample {
    int64_t currentBytes = 0;  // CPU: resident set; CUDA: allocated by the caching allocator
    int64_t peakBytes = 0;     // since the last resetPeak()
    int64_t reservedBytes = 0; // CUDA only: held by the caching allocator
};

// Reads the memory a run uses: process RSS and its high-water mark on the CPU (Linux
// /proc/self/status), the caching allocator's statistics on CUDA.
class MemoryProbe {
public:
    explicit MemoryProbe(bool cuda = false, int cudaDevice = 0) : m_cuda(cuda), m_device(cudaDevice) {}

    MemorySample sample() const;
    // Starts a new peak measurement (CPU: writes "5" to /proc/self/clear_refs, which resets VmHWM).
    void resetPeak() const;
    // "VRAM" on CUDA, "RAM" on the CPU: the two are not comparable and are never shown under one name.
    QString label() const { return m_cuda ? QStringLiteral("VRAM") : QStringLiteral("RAM"); }
    bool isCuda() const { return m_cuda; }

private:
    bool m_cuda;
    int m_device;
};

}  // namespace peftbench
