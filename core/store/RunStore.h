#pragma once

#include "store/StoreRecords.h"
#include "train/TrainingMetrics.h"

#include <QSqlDatabase>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace peftbench {

// The SQLite run store (runs.sqlite in the data directory): experiments, runs and their queue,
// per-step metrics, evaluations, summaries and artifacts.
//
// One instance is one connection, and a connection belongs to one thread: create, use and destroy
// an instance on the same thread (the training worker opens its own, the UI its own). Calls from
// another thread throw StoreError rather than race. Connections share the file through WAL mode:
// readers never block the writer, and writers wait up to busy_timeout (5 s) for each other.
//
// Every failure throws StoreError naming what was being done, the file and SQLite's message.
class RunStore {
public:
    // Opens the store at `databasePath`, creating the file and its folder when missing and
    // upgrading an older schema. Refuses, without changing the file, one that is not a SQLite
    // database, is corrupt, belongs to another application or was written by a newer build.
    explicit RunStore(const QString &databasePath);
    ~RunStore();
    RunStore(const RunStore &) = delete;
    RunStore &operator=(const RunStore &) = delete;

    // <dataDir>/runs.sqlite
    static QString pathInDataDirectory(const QString &dataDirectory);

    const QString &path() const { return path_; }
    int schemaVersion() const;
    // PRAGMA integrity_check: "ok", or SQLite's findings one per line.
    QString integrityCheck() const;

    // --- experiments
    int64_t createExperiment(const QString &name, const QString &configYaml);
    std::vector<ExperimentRecord> experiments() const;

    // --- runs and the queue
    // A new run, status `queued`; lower queue positions run first (ties: the older run).
    int64_t addRun(int64_t experimentId, const QString &name, const QString &method, const QString &configYaml,
                   int64_t queuePosition);
    // Terminal statuses stamp finished_at; `running` stamps started_at if it was never set. An
    // empty error clears the stored one.
    void setRunStatus(int64_t runId, RunStatus status, const QString &error = {});
    // `running`, owned by process `ownerPid`, heartbeat now. started_at keeps the first start, so a
    // resumed run still shows when it began.
    void markRunStarted(int64_t runId, int64_t ownerPid);
    void heartbeat(int64_t runId);
    void setQueuePosition(int64_t runId, int64_t queuePosition);
    // The environment fingerprint (JSON text: LibTorch version, device, threads, dataset and config
    // hashes), known as soon as the run starts; refused when it does not parse as JSON.
    void setRunFingerprint(int64_t runId, const QString &fingerprintJson);
    // Removes the run with its metrics, evaluations, summary and artifact records (not the files).
    bool deleteRun(int64_t runId);

    std::vector<RunRecord> runs(const RunFilter &filter = {}) const;   // by id
    std::optional<RunRecord> run(int64_t runId) const;
    std::optional<RunRecord> nextQueuedRun() const;

    // For startup: every run still `running` whose owner process is gone becomes `interrupted`,
    // with the reason in its error. An owner is gone when no pid was recorded, no process has that
    // pid, the pid is our own (so it was left by an earlier process that had it, e.g. before a
    // reboot) and the heartbeat is over 60 s old, or the process holding the pid started after the
    // run's last heartbeat (a reused pid). Call it before this process starts any run. Returns how
    // many runs changed.
    int markAbandonedRunsInterrupted();

    // --- metrics (the hot path: one transaction per call; the INSERTs are prepared once per
    // connection and carry 32 rows each)
    // A step or evaluation recorded again replaces the earlier row: a run resumed from a
    // checkpoint replays the steps after it.
    void appendSteps(int64_t runId, const std::vector<StepMetrics> &steps);
    void appendEvaluations(int64_t runId, const std::vector<EvalMetrics> &evaluations);
    // Both, and optionally the run's heartbeat, in a single transaction: what MetricWriter commits.
    void appendMetrics(int64_t runId, const std::vector<StepMetrics> &steps,
                       const std::vector<EvalMetrics> &evaluations, bool touchHeartbeat);
    // Drops steps and evaluations after `step`, for a resume from the checkpoint at `step`.
    void discardMetricsAfter(int64_t runId, int64_t step);

    // Steps with step > afterStep, in step order: a chart polls with its last step to read only
    // what is new. NaN (stored as NULL) comes back as NaN.
    StepSeries steps(int64_t runId, int64_t afterStep = 0) const;
    std::vector<EvalMetrics> evaluations(int64_t runId) const;

    // --- summary and artifacts
    // Replaces the run's summary; a non-empty fingerprint (JSON text, refused when it does not
    // parse) is stored on the run too, in the same transaction.
    void saveSummary(int64_t runId, const RunSummary &summary, const QString &fingerprintJson);
    std::optional<RunSummary> summary(int64_t runId) const;

    int64_t addArtifact(int64_t runId, const QString &kind, const QString &path, int64_t bytes);
    std::vector<ArtifactRecord> artifacts(int64_t runId) const;

    // A run whose heartbeat is older than this is not being trained by this process.
    static constexpr int kHeartbeatStaleSeconds = 60;

private:
    struct HotStatements;

    void checkThread() const;
    void closeConnection();
    void exec(const char *sql, const QString &purpose);
    void requireRun(int rowsAffected, int64_t runId, const QString &purpose) const;

    QString path_;
    QString connectionName_;
    QThread *owner_ = nullptr;
    QSqlDatabase db_;
    std::unique_ptr<HotStatements> hot_;   // prepared once, reset before the connection closes
};

}  // namespace peftbench
