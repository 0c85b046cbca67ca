#pragma once
#include "train/StepRate.h"
#include "train/TrainingMetrics.h"

#include <QElapsedTimer>
#include <QString>

#include <cstdio>

namespace peftbench {

// Shows a training run on the terminal: on a TTY a one-line progress bar with loss, speed and ETA
// redrawn at most 10 times a second; otherwise (a log file, CI) no per-step output. Both print one
// line per evaluation and per trainer message. Called on the training thread.
class ProgressPrinter : public TrainingObserver {
public:
    ProgressPrinter(FILE *out, QString label, int64_t totalSteps, bool interactive);
    ~ProgressPrinter() override;

    void onStep(const StepMetrics &m) override;
    void onEvaluation(const EvalMetrics &m) override;
    void onMessage(const QString &message) override;
    void onCheckpoint(int64_t step) override;

    // Ends the progress bar's line, if one is drawn.
    void finishLine();

private:
    void printLine(const QString &line);

    FILE *m_out;
    QString m_label;
    int64_t m_total;
    bool m_interactive;
    bool m_barShown = false;
    QElapsedTimer m_sinceDraw;
    StepRate m_rate;
};

}  // namespace peftbench
