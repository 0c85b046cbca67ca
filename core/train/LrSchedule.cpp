#include "train/LrSchedule.h"

#include "system/EnumNames.h"

#include <algorithm>
#include <cmath>

namespace peftbench {

constexpr EnumName<LrScheduleKind> kLrSchedules[] = {
    {LrScheduleKind::Constant, "constant"}, {LrScheduleKind::Linear, "linear"}, {LrScheduleKind::Cosine, "cosine"}};

QString lrScheduleName(LrScheduleKind kind)
{
    return enumName(kLrSchedules, kind);
}

std::optional<LrScheduleKind> parseLrSchedule(const QString &name)
{
    return parseEnumName(kLrSchedules, name);
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
