#pragma once
// TensorBoard's smoothing of a noisy curve: an exponential moving average, debiased so that the
// first points are not dragged towards zero. Display only; the raw points are always kept.
#include <cmath>

namespace peftbench {

class EmaSmoother {
public:
    explicit EmaSmoother(double weight = 0.0) : m_weight(weight) {}

    double weight() const { return m_weight; }
    void reset(double weight)
    {
        m_weight = weight;
        m_average = 0.0;
        m_decay = 1.0;
    }
    // The smoothed value after `value`; a non-finite value passes through without entering the average.
    double add(double value)
    {
        if (!std::isfinite(value))
            return value;
        m_average = m_weight * m_average + (1.0 - m_weight) * value;
        m_decay *= m_weight;
        return m_average / (1.0 - m_decay);   // weight 0: the value itself
    }

private:
    double m_weight;
    double m_average = 0.0;
    double m_decay = 1.0;   // weight^n: the share of the zero the average started from
};

}  // namespace peftbench
