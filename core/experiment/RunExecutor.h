#pragma once
// Trains one stored run: its config from the run store, the base model and dataset it names, its
// metrics, status, summary and artifacts back into the store, checkpoints in its own folder.
#include "train/Trainer.h"
#include "train/TrainingMetrics.h"

#include <QString>
#include <atomic>
#include <memory>

namespace peftbench {

// Tokenized datasets kept between runs of a queue: runs of one experiment share their dataset, and
// converting and tokenizing it again for every run would cost seconds each.
class PreparedDataCache {
public:
    std::shared_ptr<const TrainingData> find(const QString &key) const;
    void keep(const QString &key, std::shared_ptr<const TrainingData> data);

private:
    QString m_key;
    std::shared_ptr<const TrainingData> m_data;  // the last one: queues rarely alternate datasets
};

class Tokenizer;
struct DatasetSpec;

// The dataset of a config tokenized for a tokenizer, from `cache` when it holds it (and kept there).
// Relative file paths are resolved against `baseDirectory`. Throws DatasetError / ConfigError-free
// std::exceptions naming the file.
std::shared_ptr<const TrainingData> prepareTrainingData(const DatasetSpec &spec, const QString &dataDirectory,
                                                        const QString &baseDirectory, const Tokenizer &tok,
                                                        uint64_t splitSeed, PreparedDataCache *cache);

// Params in.
struct RunExecution {
    QString databasePath;
    QString dataDirectory;
    int64_t runId = 0;
    int threads = 0;                       // > 0 overrides the run's train.threads
    int64_t checkpointEvery = 0;           // 0: at every evaluation (train.eval_every)
    PreparedDataCache *dataCache = nullptr;
    TrainingFaults faults;                 // tests only: none by default
};

// Result out.
struct RunOutcome {
    RunStatus status = RunStatus::Failed;
    QString error;
    RunSummary summary;
    bool resumed = false;                  // continued from a checkpoint
    int64_t resumedFromStep = 0;
};

// <dataDirectory>/runs/<id>: the run's checkpoint and adapter (or model) live here.
QString runDirectory(const QString &dataDirectory, int64_t runId);
QString runCheckpointPath(const QString &dataDirectory, int64_t runId);

// Trains the run on the calling thread with its own store connection. A run that has a checkpoint
// continues from it (its metrics after the checkpoint's step are dropped first and recorded again
// as they are replayed); otherwise it starts from step 0. Every failure — a config or dataset that
// no longer loads, a store error, a training error — ends as a status with a message, stored on
// the run when the store is reachable. `observer` (may be null) sees the training as it happens.
RunOutcome executeRun(const RunExecution &params, TrainingObserver *observer, const std::atomic<bool> &cancel);

}  // namespace peftbench
