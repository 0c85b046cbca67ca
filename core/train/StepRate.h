#pragma once
#include <cstddef>
#include <deque>
#include <numeric>

namespace peftbench {

// Seconds per step over the last few steps: an ETA that follows speed changes (evaluation pauses,
// another program taking the cores) without the noise of a single step.
class StepRate {
public:
    explicit StepRate(size_t window = 20) : m_window(window) {}
    void add(double stepSeconds)
    {
        m_recent.push_back(stepSeconds);
        if (m_recent.size() > m_window)
            m_recent.pop_front();
    }
    bool empty() const { return m_recent.empty(); }
    void clear() { m_recent.clear(); }
    double secondsPerStep() const
    {
        return m_recent.empty() ? 0.0 : std::accumulate(m_recent.begin(), m_recent.end(), 0.0) / double(m_recent.size());
    }

private:
    size_t m_window;
    std::deque<double> m_recent;
};

}  // namespace peftbench
