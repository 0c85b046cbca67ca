// The x-axes the overlaid curves can be drawn against.
#include "report/RunComparison.h"

#include <algorithm>

namespace peftbench {

QString curveAxisLabel(CurveAxis axis)
{
    switch (axis) {
    case CurveAxis::Step: return QStringLiteral("step");
    case CurveAxis::Epoch: return QStringLiteral("epoch");
    case CurveAxis::Tokens: return QStringLiteral("tokens seen");
    case CurveAxis::WallTime: return QStringLiteral("wall time (s)");
    }
    return {};
}

namespace {

double xAt(const StepSeries &steps, qsizetype i, CurveAxis axis)
{
    switch (axis) {
    case CurveAxis::Step: return double(steps.step[i]);
    case CurveAxis::Epoch: return steps.epoch[i];
    case CurveAxis::Tokens: return double(steps.tokensSeen[i]);
    case CurveAxis::WallTime: return steps.wallSeconds[i];
    }
    return 0;
}

}  // namespace

QVector<double> curveX(const StepSeries &steps, CurveAxis axis)
{
    QVector<double> x;
    x.reserve(steps.size());
    for (qsizetype i = 0; i < steps.size(); ++i)
        x << xAt(steps, i, axis);
    return x;
}

QVector<double> evaluationX(const ComparedRun &run, CurveAxis axis)
{
    const StepSeries &s = run.steps;
    QVector<double> x;
    for (const EvalMetrics &e : run.evaluations) {
        if (axis == CurveAxis::Step || s.size() == 0) {
            x << double(e.step);
            continue;
        }
        // The first recorded step at or after the evaluation's step.
        const auto it = std::lower_bound(s.step.cbegin(), s.step.cend(), e.step);
        const qsizetype i = it - s.step.cbegin();
        if (e.step <= 0) {
            x << 0.0;
        } else if (i < s.size() && s.step[i] == e.step) {
            x << xAt(s, i, axis);
        } else if (i == 0) {
            // Before the first recorded step: scale from the origin.
            x << xAt(s, 0, axis) * double(e.step) / double(std::max<int64_t>(1, s.step[0]));
        } else if (i == s.size()) {
            x << xAt(s, i - 1, axis);
        } else {
            const double t = double(e.step - s.step[i - 1]) / double(s.step[i] - s.step[i - 1]);
            x << xAt(s, i - 1, axis) + t * (xAt(s, i, axis) - xAt(s, i - 1, axis));
        }
    }
    return x;
}

}  // namespace peftbench
