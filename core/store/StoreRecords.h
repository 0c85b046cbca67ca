#pragma once

#include "train/TrainingMetrics.h"

#include <QDateTime>
#include <QString>
#include <QVector>

#include <cstdint>
#include <optional>

namespace peftbench {

// What the run store hands back. Times are UTC; an invalid QDateTime means "not yet".

struct ExperimentRecord {
    int64_t id = 0;
    QString name;
    QString configYaml;
    QDateTime createdAt;
};

struct RunRecord {
    int64_t id = 0;
    int64_t experimentId = 0;
    QString name;
    QString method;                // "full", "lora", "prompt_tuning", ...
    RunStatus status = RunStatus::Queued;
    QString configYaml;            // the run's full config
    QString fingerprintJson;       // environment fingerprint; empty until known
    QString error;                 // why it failed, diverged, was cancelled or interrupted
    QDateTime createdAt;
    QDateTime startedAt;
    QDateTime finishedAt;
    int64_t ownerPid = 0;          // process training it (0: none recorded)
    QDateTime heartbeatAt;         // last sign of life from that process
    int64_t queuePosition = 0;     // lower runs first among queued runs
};

// Empty members match everything; set members must all match.
struct RunFilter {
    std::optional<RunStatus> status;
    QString method;
    std::optional<int64_t> experimentId;
};

// A run's step metrics as columns, in step order: what charts consume, without a struct per point.
struct StepSeries {
    QVector<int64_t> step;
    QVector<double> trainLoss;
    QVector<double> learningRate;
    QVector<double> gradNorm;
    QVector<double> stepSeconds;
    QVector<double> tokensPerSecond;
    QVector<int64_t> tokensSeen;
    QVector<double> epoch;
    QVector<double> wallSeconds;
    QVector<int64_t> memoryBytes;
    QVector<int64_t> memoryPeakBytes;

    qsizetype size() const { return step.size(); }
    StepMetrics at(qsizetype i) const;
};

struct ArtifactRecord {
    int64_t id = 0;
    int64_t runId = 0;
    QString kind;                  // "checkpoint", "adapter", "merged", "report", ...
    QString path;
    int64_t bytes = 0;
    QDateTime createdAt;
};


}  // namespace peftbench
