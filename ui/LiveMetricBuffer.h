#pragma once
// Metrics on their way from the training thread to the charts (PlotJuggler's pattern, SPEC §12):
// the worker appends under a short lock at every step; a UI timer takes everything new at
// ≤ 25 Hz. The charts never redraw once per step, and the worker never waits on the UI.
#include "train/TrainingMetrics.h"

#include <QtGlobal>

#include <mutex>
#include <vector>

namespace peftbench {

// What one run produced since the last take.
struct LiveMetrics {
    qint64 runId = 0;
    std::vector<StepMetrics> steps;
    std::vector<EvalMetrics> evaluations;
};

class LiveMetricBuffer {
public:
    // Called on the training thread.
    void addStep(qint64 runId, const StepMetrics &step);
    void addEvaluation(qint64 runId, const EvalMetrics &evaluation);

    // Called on the UI thread: everything added since the last call, one entry per run in the
    // order the runs trained (a take can span the end of one run and the start of the next).
    std::vector<LiveMetrics> take();

private:
    LiveMetrics &pendingFor(qint64 runId);

    std::mutex m_mutex;
    std::vector<LiveMetrics> m_pending;
};

}  // namespace peftbench
