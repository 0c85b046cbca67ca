#include "LiveMetricBuffer.h"

namespace peftbench {

LiveMetrics &LiveMetricBuffer::pendingFor(qint64 runId)
{
    if (m_pending.empty() || m_pending.back().runId != runId) {
        m_pending.emplace_back();
        m_pending.back().runId = runId;
    }
    return m_pending.back();
}

void LiveMetricBuffer::addStep(qint64 runId, const StepMetrics &step)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    pendingFor(runId).steps.push_back(step);
}

void LiveMetricBuffer::addEvaluation(qint64 runId, const EvalMetrics &evaluation)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    pendingFor(runId).evaluations.push_back(evaluation);
}

std::vector<LiveMetrics> LiveMetricBuffer::take()
{
    std::vector<LiveMetrics> taken;
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        taken.swap(m_pending);
    }
    return taken;
}

}  // namespace peftbench
