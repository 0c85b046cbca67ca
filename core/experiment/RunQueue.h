#pragma once
// The persisted run queue: queued runs execute one at a time, lowest queue position first.
#include "experiment/RunExecutor.h"

#include <QString>
#include <atomic>
#include <optional>
#include <vector>

namespace peftbench {

struct RunRecord;

// How a caller watches a queue: which run starts, what it trains, how it ended.
class RunQueueObserver {
public:
    virtual ~RunQueueObserver() = default;
    // Returns the observer for this run's training (may be null); it must stay valid until
    // runFinished() for the same run.
    virtual TrainingObserver *runStarting(const RunRecord &run) = 0;
    virtual void runFinished(const RunRecord &run, const RunOutcome &outcome) = 0;
};

// The optimizer steps a stored run is configured for (its config's train.steps), for progress
// displays; 0 when its config does not parse (executing it reports why).
int64_t plannedSteps(const RunRecord &run);

// Params in.
struct QueueParams {
    QString databasePath;
    QString dataDirectory;
    std::optional<int64_t> experimentId;   // only this experiment's runs; none: every queued run
    int threads = 0;                       // > 0 overrides each run's train.threads
    PreparedDataCache *dataCache = nullptr;  // null: one of its own for the queue's runs
};

// Result out.
struct QueueOutcome {
    std::vector<int64_t> runIds;           // the runs it executed, in order
    std::vector<RunStatus> statuses;       // their final statuses
    bool cancelled = false;                // stopped by `cancel`; later runs stay queued
    QString error;                         // the store could not be read; empty otherwise
};

// Executes queued runs on the calling thread (give it a worker thread of its own) until none is
// left or `cancel` is set; the run in progress when it is set ends as cancelled, and the runs after
// it stay queued in the store for a later start.
QueueOutcome processQueue(const QueueParams &params, RunQueueObserver *observer, const std::atomic<bool> &cancel);

}  // namespace peftbench
