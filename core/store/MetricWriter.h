#pragma once

#include "train/TrainingMetrics.h"

#include <QElapsedTimer>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace peftbench {

class RunStore;

struct MetricWriterOptions {
    int flushEverySteps = 50;      // commit once this many steps are buffered
    int flushIntervalMs = 250;     // ... or once this long has passed since the last commit
    bool heartbeat = true;         // each commit also refreshes the run's heartbeat_at
};

// The training thread's link to the run store: buffers what the trainer reports and commits it in
// one transaction per flush, so a step costs a vector append, not a disk write. A flush happens
// when flushEverySteps steps are buffered, when flushIntervalMs has passed since the last commit
// (checked as each metric arrives: with slow steps every step commits at once), at every
// evaluation (rare, and the moment a user looks at the charts), on flush() and on destruction.
//
// It opens its own RunStore connection, so construct, use and destroy it on the training thread.
// lastCommittedStep() may be read from any thread.
class MetricWriter : public TrainingObserver {
public:
    MetricWriter(const QString &databasePath, int64_t runId, MetricWriterOptions options = {});
    // Flushes what is left. An error here can only be logged (qWarning): call flush() first to see it.
    ~MetricWriter() override;
    MetricWriter(const MetricWriter &) = delete;
    MetricWriter &operator=(const MetricWriter &) = delete;

    void onStep(const StepMetrics &metrics) override;
    void onEvaluation(const EvalMetrics &metrics) override;

    // Commits everything buffered now. Throws StoreError; the rows then stay buffered, and the
    // next flush retries them (rows are keyed by step, so a retry cannot duplicate).
    void flush();

    // The highest step known to be committed ("acknowledged"): it survives a crash from now on.
    // 0 before the first commit.
    int64_t lastCommittedStep() const { return lastCommittedStep_.load(std::memory_order_acquire); }
    int64_t runId() const { return runId_; }
    RunStore &store() { return *store_; }

private:
    void flushIfDue();

    std::unique_ptr<RunStore> store_;
    int64_t runId_;
    MetricWriterOptions options_;
    std::vector<StepMetrics> steps_;
    std::vector<EvalMetrics> evaluations_;
    QElapsedTimer sinceCommit_;
    std::atomic<int64_t> lastCommittedStep_{0};
};

}  // namespace peftbench
