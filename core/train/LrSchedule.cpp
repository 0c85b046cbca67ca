#include "train/LrSchedule.h"

#include <algorithm>
#include <cmath>

namespace peftbench {

QString lrScheduleName(LrScheduleKind kind)
{
    switch (kind) {
    case LrScheduleKind::Constant: return QStringLiteral("constant");
    case LrScheduleKind::Linear: return QStringLiteral("linear");
    case LrScheduleKind::Cosine: return QStringLiteral("cosine");
    }
    return {};
}

std::optional<LrScheduleKind> parseLrSchedule(const QString &name)
{
    for (LrScheduleKind k : {LrScheduleKind::Constant, LrScheduleKind::Linear, LrScheduleKind::Cosine})
        if (lrScheduleName(k) == name)
            return k;
    return std::nullopt;
}

double learningRateAt(const TrainingParams &p, int64_t step)
{
    if (step < p.warmupSteps)
        return p.lr * double(step + 1) / double(p.warmupSteps);
    const int64_t decaySteps = std::max<int64_t>(1, p.steps - p.warmupSteps);
    const double progress = std::clamp(double(step - p.warmupSteps) / double(decaySteps), 0.0, 1.0);
    switch (p.schedule) {
    case LrScheduleKind::Constant: return p.lr;
    case LrScheduleKind::Linear: return p.lr * (1.0 - progress);
    case LrScheduleKind::Cosine: return p.lr * 0.5 * (1.0 + std::cos(M_PI * progress));
    }
    return p.lr;
}

}  // namespace peftbench
