#include "experiment/RunQueue.h"

#include "experiment/ConfigReader.h"
#include "store/RunStore.h"
#include "store/StoreError.h"

namespace peftbench {

namespace {

std::optional<RunRecord> nextRun(RunStore &store, const std::optional<int64_t> &experimentId)
{
    if (!experimentId)
        return store.nextQueuedRun();
    RunFilter filter;
    filter.status = RunStatus::Queued;
    filter.experimentId = experimentId;
    std::optional<RunRecord> next;
    for (RunRecord &r : store.runs(filter)) {
        if (!next || r.queuePosition < next->queuePosition)
            next = std::move(r);
    }
    return next;
}

}  // namespace

int64_t plannedSteps(const RunRecord &run)
{
    try {
        return parseExperimentConfig(run.configYaml.toUtf8(), QStringLiteral("run %1's config").arg(run.id)).train.steps;
    } catch (const std::exception &) {
        return 0;
    }
}

QueueOutcome processQueue(const QueueParams &params, RunQueueObserver *observer, const std::atomic<bool> &cancel)
{
    QueueOutcome outcome;
    PreparedDataCache cache;
    try {
        RunStore store(params.databasePath);
        while (!cancel.load()) {
            const std::optional<RunRecord> run = nextRun(store, params.experimentId);
            if (!run)
                break;
            RunExecution execution;
            execution.databasePath = params.databasePath;
            execution.dataDirectory = params.dataDirectory;
            execution.runId = run->id;
            execution.threads = params.threads;
            execution.dataCache = params.dataCache ? params.dataCache : &cache;
            TrainingObserver *training = observer ? observer->runStarting(*run) : nullptr;
            const RunOutcome result = executeRun(execution, training, cancel);
            outcome.runIds.push_back(run->id);
            outcome.statuses.push_back(result.status);
            if (observer)
                observer->runFinished(*run, result);
            // A run that is gone or still queued (its status could not be stored) would come back
            // next: stop rather than spin.
            const std::optional<RunRecord> after = store.run(run->id);
            if (!after || after->status == RunStatus::Queued) {
                outcome.error = result.error.isEmpty() ? QStringLiteral("run %1 was removed while it ran").arg(run->id)
                                                       : result.error;
                break;
            }
        }
    } catch (const StoreError &e) {
        outcome.error = QString::fromUtf8(e.what());
    }
    outcome.cancelled = cancel.load();
    return outcome;
}

}  // namespace peftbench
