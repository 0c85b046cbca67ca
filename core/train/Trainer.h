#pragma once

#include "data/TaskData.h"
#include "methods/MethodSettings.h"
#include "model/ModelConfig.h"
#include "model/TensorFile.h"
#include "train/TrainingMetrics.h"
#include "train/TrainingFaults.h"
#include "train/TrainingParams.h"

#include <atomic>
#include <memory>

namespace peftbench {

class FineTuningMethod;

// Tokenized splits of one task, shared read-only by every run of an experiment.
struct TrainingData {
    TaskKind task = TaskKind::CausalLm;
    std::vector<TokenizedExample> train, validation, test;
    ClassificationLayout layout;   // classification only
    int64_t padId = 0;
    bool byteLevel = false;        // one token per byte: report bits per byte
};

// Params in: everything one run needs.
struct TrainRequest {
    ModelConfig baseConfig;
    std::shared_ptr<const TensorFile> baseWeights;  // null: GPT-2-style random init from params.seed
    MethodSettings method;
    TrainingParams params;
    std::shared_ptr<const TrainingData> data;
    QString outputDir;                               // where the adapter is saved; empty: a temporary folder
    QString checkpointPath;                          // trainer-state file; empty: no checkpoints
    int64_t checkpointEvery = 0;                     // steps between checkpoints (one is always written at the end)
    bool resume = false;                             // continue from checkpointPath
    TrainingFaults faults;                           // tests only: none by default
};

// Result out.
struct TrainResult {
    RunStatus status = RunStatus::Failed;
    QString error;                                   // why it failed, diverged or was cancelled
    RunSummary summary;
    std::shared_ptr<FineTuningMethod> method;        // the trained model with its method, for sampling
};

// Trains one run on the calling thread. Cancellation is cooperative: `cancel` is checked before
// every micro-batch, so a run stops within one optimizer step. Never throws: every failure comes
// back as a status with a message.
TrainResult trainRun(const TrainRequest &request, TrainingObserver *observer, const std::atomic<bool> &cancel);

// "auto" → cuda:0 when available, else cpu. Throws std::invalid_argument for an unknown or
// unavailable device, naming it.
QString resolveDevice(const QString &requested);

}  // namespace peftbench
