#include "train/MemoryProbe.h"

#include <QFile>

#ifdef PEFTBENCH_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace peftbench {
namespace {

// "VmRSS:     123456 kB" → bytes.
int64_t statusField(const QByteArray &status, const char *field)
{
    const int at = status.indexOf(field);
    if (at < 0)
        return 0;
    const int end = status.indexOf('\n', at);
    const QByteArray value = status.mid(at + int(qstrlen(field)), end - at - int(qstrlen(field))).trimmed();
    return value.split(' ').first().toLongLong() * 1024;
}

}  // namespace

MemorySample MemoryProbe::sample() const
{
    MemorySample s;
#ifdef PEFTBENCH_WITH_CUDA
    if (m_cuda) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(m_device);
        using c10::cuda::CUDACachingAllocator::StatType;
        const size_t all = static_cast<size_t>(StatType::AGGREGATE);
        s.currentBytes = stats.allocated_bytes[all].current;
        s.peakBytes = stats.allocated_bytes[all].peak;
        s.reservedBytes = stats.reserved_bytes[all].current;
        return s;
    }
#endif
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        const QByteArray text = status.readAll();
        s.currentBytes = statusField(text, "VmRSS:");
        s.peakBytes = statusField(text, "VmHWM:");
    }
    return s;
}

void MemoryProbe::resetPeak() const
{
#ifdef PEFTBENCH_WITH_CUDA
    if (m_cuda) {
        c10::cuda::CUDACachingAllocator::resetPeakStats(m_device);
        return;
    }
#endif
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    if (clearRefs.open(QIODevice::WriteOnly))
        clearRefs.write("5");
}

}  // namespace peftbench
