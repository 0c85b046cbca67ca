#include "store/RunStore.h"

#include "store/ProcessLiveness.h"
#include "store/Schema.h"
#include "store/SqlStatement.h"
#include "store/StoreError.h"
#include "store/SummaryColumns.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSqlError>
#include <QStringList>
#include <QThread>

#include <atomic>

namespace peftbench {

namespace {

const QString kDriver = QStringLiteral("QSQLITE");

// Process start times from /proc are only good to about a second (boot time is whole seconds).
constexpr qint64 kStartTimeToleranceMs = 5000;

qint64 nowMsecs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QDateTime timeOrInvalid(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString uniqueConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("peftbench-run-store-%1").arg(++counter);
}

const char *const kSelectRun =
    "SELECT id, experiment_id, name, method, status, config_yaml, fingerprint, error, created_at, started_at, "
    "finished_at, owner_pid, heartbeat_at, queue_position FROM runs ";

RunRecord readRun(const SqlStatement &row, const QString &file)
{
    RunRecord run;
    run.id = row.value(0).toLongLong();
    run.experimentId = row.value(1).toLongLong();
    run.name = row.value(2).toString();
    run.method = row.value(3).toString();
    const QString status = row.value(4).toString();
    const std::optional<RunStatus> parsed = runStatusFromName(status);
    if (!parsed)  // the CHECK constraint makes this a damaged file, not a user error
        throw StoreError(QStringLiteral("reading runs"), file,
                         QStringLiteral("run %1 has an unknown status '%2'").arg(run.id).arg(status));
    run.status = *parsed;
    run.configYaml = row.value(5).toString();
    run.fingerprintJson = row.value(6).toString();
    run.error = row.value(7).toString();
    run.createdAt = timeOrInvalid(row.value(8));
    run.startedAt = timeOrInvalid(row.value(9));
    run.finishedAt = timeOrInvalid(row.value(10));
    run.ownerPid = row.value(11).toLongLong();
    run.heartbeatAt = timeOrInvalid(row.value(12));
    run.queuePosition = row.value(13).toLongLong();
    return run;
}

bool isTerminal(RunStatus status)
{
    return status != RunStatus::Queued && status != RunStatus::Running;
}

// Why a `running` run has no live owner, or an empty string when its owner may still be training it.
QString abandonmentReason(const QVariant &ownerPid, qint64 lastSignMs, qint64 now)
{
    if (ownerPid.isNull() || ownerPid.toLongLong() <= 0)
        return QStringLiteral("interrupted: no owner process was recorded for this run");
    const qint64 pid = ownerPid.toLongLong();
    if (!processExists(pid))
        return QStringLiteral("interrupted: its process (pid %1) ended without finishing the run").arg(pid);
    const qint64 silentSeconds = (now - lastSignMs) / 1000;
    if (pid == QCoreApplication::applicationPid() && silentSeconds > RunStore::kHeartbeatStaleSeconds)
        return QStringLiteral("interrupted: it was left by an earlier process with our pid %1, silent for %2 s")
            .arg(pid).arg(silentSeconds);
    const std::optional<qint64> started = processStartMsecs(pid);
    if (started && *started > lastSignMs + kStartTimeToleranceMs)
        return QStringLiteral("interrupted: pid %1 now belongs to a process started after the run's last heartbeat")
            .arg(pid);
    return {};
}

// Rows per INSERT statement: Qt's per-exec bookkeeping is a large share of a row's cost, so one
// statement carries many rows (12 parameters each; SQLite allows 32766 per statement).
constexpr int kStepRowsPerStatement = 32;
constexpr int kStepColumns = 12;

QString stepInsertSql(int rows)
{
    QStringList tuples;
    for (int r = 0; r < rows; ++r)
        tuples << QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    return QStringLiteral("INSERT OR REPLACE INTO step_metrics (run_id, step, train_loss, lr, grad_norm, step_seconds, "
                          "tokens_per_second, tokens_seen, epoch, wall_seconds, memory_bytes, memory_peak_bytes) VALUES ")
        + tuples.join(QStringLiteral(", "));
}

void bindStep(SqlStatement &insert, int row, const QVariant &run, const StepMetrics &m)
{
    const int base = row * kStepColumns;
    insert.bind(base + 0, run)
        .bind(base + 1, qint64(m.step))
        .bind(base + 2, realValue(m.trainLoss))
        .bind(base + 3, realValue(m.learningRate))
        .bind(base + 4, realValue(m.gradNorm))
        .bind(base + 5, realValue(m.stepSeconds))
        .bind(base + 6, realValue(m.tokensPerSecond))
        .bind(base + 7, qint64(m.tokensSeen))
        .bind(base + 8, realValue(m.epoch))
        .bind(base + 9, realValue(m.wallSeconds))
        .bind(base + 10, qint64(m.memoryBytes))
        .bind(base + 11, qint64(m.memoryPeakBytes));
}

SqlStatement &prepared(std::unique_ptr<SqlStatement> &slot, const QSqlDatabase &db, const QString &sql,
                       const QString &purpose)
{
    if (slot)
        slot->setPurpose(purpose);
    else
        slot = std::make_unique<SqlStatement>(db, sql, purpose);
    return *slot;
}

}  // namespace

// The metric path's statements, prepared once per connection rather than once per call: preparing
// the 32-row INSERT costs more than running it, and MetricWriter commits a few dozen rows at a time.
struct RunStore::HotStatements {
    std::unique_ptr<SqlStatement> stepBlock;      // kStepRowsPerStatement rows
    std::unique_ptr<SqlStatement> stepRow;
    std::unique_ptr<SqlStatement> evaluationRow;
    std::unique_ptr<SqlStatement> heartbeat;
};

RunStore::RunStore(const QString &databasePath)
    : path_(QFileInfo(databasePath).absoluteFilePath()),
      connectionName_(uniqueConnectionName()),
      owner_(QThread::currentThread()),
      hot_(std::make_unique<HotStatements>())
{
    const QString purpose = QStringLiteral("opening the run store");
    if (!QSqlDatabase::isDriverAvailable(kDriver))
        throw StoreError(purpose, path_, QStringLiteral("Qt's QSQLITE driver is not installed (Debian: libqt6sql6-sqlite)"));
    const QString folder = QFileInfo(path_).absolutePath();
    if (!QDir().mkpath(folder))
        throw StoreError(purpose, path_, QStringLiteral("cannot create the folder %1").arg(folder));

    try {
        db_ = QSqlDatabase::addDatabase(kDriver, connectionName_);
        db_.setDatabaseName(path_);
        if (!db_.open())
            throw StoreError(purpose, path_, db_.lastError().text());
        // Connection settings first: they touch nothing in the file.
        exec("PRAGMA busy_timeout = 5000", QStringLiteral("setting the busy timeout"));
        exec("PRAGMA foreign_keys = ON", QStringLiteral("enabling foreign keys"));
        // Only reads until the file is known to be ours and not newer than this build.
        const int version = checkSchema(db_);
        const QString mode = SqlStatement(db_, QStringLiteral("PRAGMA journal_mode = WAL"),
                                          QStringLiteral("switching to WAL mode")).scalar().toString();
        if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            throw StoreError(QStringLiteral("switching to WAL mode"), path_,
                             QStringLiteral("SQLite kept journal mode '%1' (a network or read-only folder?)").arg(mode));
        // NORMAL in WAL mode: a commit survives a process crash (kill -9); only a power cut can
        // lose the last transactions, never corrupt the file.
        exec("PRAGMA synchronous = NORMAL", QStringLiteral("setting synchronous mode"));
        migrateSchema(db_, version);
    } catch (...) {
        closeConnection();
        throw;
    }
}

RunStore::~RunStore()
{
    closeConnection();
}

void RunStore::closeConnection()
{
    // Statements first, then the handle: removeDatabase wants nothing left on the connection.
    hot_.reset();
    if (db_.isValid())
        db_.close();
    db_ = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName_);
}

QString RunStore::pathInDataDirectory(const QString &dataDirectory)
{
    return QDir(dataDirectory).filePath(QStringLiteral("runs.sqlite"));
}

void RunStore::checkThread() const
{
    if (QThread::currentThread() != owner_)
        throw StoreError(QStringLiteral("using the run store"), path_,
                         QStringLiteral("called from a thread other than the one that opened this connection; "
                                        "open one RunStore per thread"));
}

void RunStore::exec(const char *sql, const QString &purpose)
{
    SqlStatement(db_, QString::fromLatin1(sql), purpose).exec();
}

void RunStore::requireRun(int rowsAffected, int64_t runId, const QString &purpose) const
{
    if (rowsAffected == 0)
        throw StoreError(purpose, path_, QStringLiteral("there is no run with id %1").arg(runId));
}

int RunStore::schemaVersion() const
{
    checkThread();
    return SqlStatement(db_, QStringLiteral("PRAGMA user_version"), QStringLiteral("reading the schema version"))
        .scalar().toInt();
}

QString RunStore::integrityCheck() const
{
    checkThread();
    SqlStatement check(db_, QStringLiteral("PRAGMA integrity_check"), QStringLiteral("checking integrity"));
    check.exec();
    QStringList findings;
    while (check.next())
        findings << check.value(0).toString();
    return findings.join(QLatin1Char('\n'));
}

// --- experiments

int64_t RunStore::createExperiment(const QString &name, const QString &configYaml)
{
    checkThread();
    SqlStatement insert(db_, QStringLiteral("INSERT INTO experiments (name, config_yaml, created_at) VALUES (?, ?, ?)"),
                        QStringLiteral("creating experiment '%1'").arg(name));
    insert.bind(0, textValue(name)).bind(1, textValue(configYaml)).bind(2, nowMsecs()).exec();
    return insert.lastInsertId();
}

std::vector<ExperimentRecord> RunStore::experiments() const
{
    checkThread();
    SqlStatement select(db_, QStringLiteral("SELECT id, name, config_yaml, created_at FROM experiments ORDER BY id"),
                        QStringLiteral("listing experiments"));
    select.exec();
    std::vector<ExperimentRecord> result;
    while (select.next())
        result.push_back({select.value(0).toLongLong(), select.value(1).toString(), select.value(2).toString(),
                          timeOrInvalid(select.value(3))});
    return result;
}

// --- runs and the queue

int64_t RunStore::addRun(int64_t experimentId, const QString &name, const QString &method, const QString &configYaml,
                         int64_t queuePosition)
{
    checkThread();
    SqlStatement insert(db_,
                        QStringLiteral("INSERT INTO runs (experiment_id, name, method, status, config_yaml, created_at, "
                                       "queue_position) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        QStringLiteral("adding run '%1' to experiment %2").arg(name).arg(experimentId));
    insert.bind(0, qint64(experimentId)).bind(1, textValue(name)).bind(2, textValue(method))
        .bind(3, runStatusName(RunStatus::Queued)).bind(4, textValue(configYaml)).bind(5, nowMsecs()).bind(6, qint64(queuePosition)).exec();
    return insert.lastInsertId();
}

void RunStore::setRunStatus(int64_t runId, RunStatus status, const QString &error)
{
    checkThread();
    const QString purpose = QStringLiteral("setting run %1 to %2").arg(runId).arg(runStatusName(status));
    const qint64 now = nowMsecs();
    SqlStatement update(db_,
                        QStringLiteral("UPDATE runs SET status = ?, error = ?, finished_at = ?, "
                                       "started_at = COALESCE(started_at, ?) WHERE id = ?"),
                        purpose);
    update.bind(0, runStatusName(status))
        .bind(1, textOrNull(error))
        .bind(2, isTerminal(status) ? QVariant(now) : QVariant())
        .bind(3, status == RunStatus::Running ? QVariant(now) : QVariant())
        .bind(4, qint64(runId))
        .exec();
    requireRun(update.rowsAffected(), runId, purpose);
}

void RunStore::markRunStarted(int64_t runId, int64_t ownerPid)
{
    checkThread();
    const QString purpose = QStringLiteral("marking run %1 started").arg(runId);
    const qint64 now = nowMsecs();
    SqlStatement update(db_,
                        QStringLiteral("UPDATE runs SET status = ?, error = NULL, finished_at = NULL, "
                                       "started_at = COALESCE(started_at, ?), owner_pid = ?, heartbeat_at = ? WHERE id = ?"),
                        purpose);
    update.bind(0, runStatusName(RunStatus::Running)).bind(1, now).bind(2, qint64(ownerPid)).bind(3, now)
        .bind(4, qint64(runId)).exec();
    requireRun(update.rowsAffected(), runId, purpose);
}

void RunStore::heartbeat(int64_t runId)
{
    checkThread();
    const QString purpose = QStringLiteral("recording a heartbeat for run %1").arg(runId);
    SqlStatement update(db_, QStringLiteral("UPDATE runs SET heartbeat_at = ? WHERE id = ?"), purpose);
    update.bind(0, nowMsecs()).bind(1, qint64(runId)).exec();
    requireRun(update.rowsAffected(), runId, purpose);
}

void RunStore::setQueuePosition(int64_t runId, int64_t queuePosition)
{
    checkThread();
    const QString purpose = QStringLiteral("moving run %1 in the queue").arg(runId);
    SqlStatement update(db_, QStringLiteral("UPDATE runs SET queue_position = ? WHERE id = ?"), purpose);
    update.bind(0, qint64(queuePosition)).bind(1, qint64(runId)).exec();
    requireRun(update.rowsAffected(), runId, purpose);
}

void RunStore::setRunFingerprint(int64_t runId, const QString &fingerprintJson)
{
    checkThread();
    const QString purpose = QStringLiteral("saving the fingerprint of run %1").arg(runId);
    QJsonParseError parseError;
    QJsonDocument::fromJson(fingerprintJson.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw StoreError(purpose, path_, QStringLiteral("the fingerprint is not valid JSON: %1 at offset %2")
                                             .arg(parseError.errorString()).arg(parseError.offset));
    SqlStatement update(db_, QStringLiteral("UPDATE runs SET fingerprint = ? WHERE id = ?"), purpose);
    update.bind(0, fingerprintJson).bind(1, qint64(runId)).exec();
    requireRun(update.rowsAffected(), runId, purpose);
}

bool RunStore::deleteRun(int64_t runId)
{
    checkThread();
    // Foreign keys with ON DELETE CASCADE remove the run's rows in every other table.
    SqlStatement remove(db_, QStringLiteral("DELETE FROM runs WHERE id = ?"),
                        QStringLiteral("deleting run %1").arg(runId));
    remove.bind(0, qint64(runId)).exec();
    return remove.rowsAffected() > 0;
}

std::vector<RunRecord> RunStore::runs(const RunFilter &filter) const
{
    checkThread();
    // One fixed statement: an unset filter binds NULL and its condition is then always true.
    SqlStatement select(db_,
                        QString::fromLatin1(kSelectRun) +
                            QStringLiteral("WHERE (? IS NULL OR status = ?) AND (? IS NULL OR method = ?) "
                                           "AND (? IS NULL OR experiment_id = ?) ORDER BY id"),
                        QStringLiteral("listing runs"));
    const QVariant status = filter.status ? QVariant(runStatusName(*filter.status)) : QVariant();
    const QVariant method = textOrNull(filter.method);
    const QVariant experiment = filter.experimentId ? QVariant(qint64(*filter.experimentId)) : QVariant();
    select.bind(0, status).bind(1, status).bind(2, method).bind(3, method).bind(4, experiment).bind(5, experiment);
    select.exec();
    std::vector<RunRecord> result;
    while (select.next())
        result.push_back(readRun(select, path_));
    return result;
}

std::optional<RunRecord> RunStore::run(int64_t runId) const
{
    checkThread();
    SqlStatement select(db_, QString::fromLatin1(kSelectRun) + QStringLiteral("WHERE id = ?"),
                        QStringLiteral("reading run %1").arg(runId));
    select.bind(0, qint64(runId)).exec();
    if (!select.next())
        return std::nullopt;
    return readRun(select, path_);
}

std::optional<RunRecord> RunStore::nextQueuedRun() const
{
    checkThread();
    SqlStatement select(db_,
                        QString::fromLatin1(kSelectRun) +
                            QStringLiteral("WHERE status = ? ORDER BY queue_position, id LIMIT 1"),
                        QStringLiteral("finding the next queued run"));
    select.bind(0, runStatusName(RunStatus::Queued)).exec();
    if (!select.next())
        return std::nullopt;
    return readRun(select, path_);
}

int RunStore::markAbandonedRunsInterrupted()
{
    checkThread();
    const QString purpose = QStringLiteral("marking abandoned runs interrupted");
    // One write transaction: two instances starting together cannot both judge the same run.
    WriteTransaction transaction(db_, purpose);
    struct Abandoned {
        qint64 id;
        QString reason;
    };
    std::vector<Abandoned> abandoned;
    {
        SqlStatement select(db_,
                            QStringLiteral("SELECT id, owner_pid, COALESCE(heartbeat_at, started_at, created_at) "
                                           "FROM runs WHERE status = ?"),
                            purpose);
        select.bind(0, runStatusName(RunStatus::Running)).exec();
        const qint64 now = nowMsecs();
        while (select.next()) {
            const QString reason = abandonmentReason(select.value(1), select.value(2).toLongLong(), now);
            if (!reason.isEmpty())
                abandoned.push_back({select.value(0).toLongLong(), reason});
        }
    }
    SqlStatement update(db_, QStringLiteral("UPDATE runs SET status = ?, error = ? WHERE id = ?"), purpose);
    for (const Abandoned &run : abandoned)
        update.bind(0, runStatusName(RunStatus::Interrupted)).bind(1, run.reason).bind(2, run.id).exec();
    transaction.commit();
    return static_cast<int>(abandoned.size());
}

// --- metrics

void RunStore::appendSteps(int64_t runId, const std::vector<StepMetrics> &steps)
{
    appendMetrics(runId, steps, {}, false);
}

void RunStore::appendEvaluations(int64_t runId, const std::vector<EvalMetrics> &evaluations)
{
    appendMetrics(runId, {}, evaluations, false);
}

void RunStore::appendMetrics(int64_t runId, const std::vector<StepMetrics> &steps,
                             const std::vector<EvalMetrics> &evaluations, bool touchHeartbeat)
{
    checkThread();
    if (steps.empty() && evaluations.empty() && !touchHeartbeat)
        return;
    const QString purpose = QStringLiteral("appending metrics of run %1").arg(runId);
    // One transaction per call: a commit (not a row) is what costs, and a batch commits once.
    WriteTransaction transaction(db_, purpose);
    const QVariant run = qint64(runId);
    // Full blocks of rows through the multi-row statement, the remainder one row at a time.
    size_t next = 0;
    if (steps.size() >= size_t(kStepRowsPerStatement)) {
        SqlStatement &insert = prepared(hot_->stepBlock, db_, stepInsertSql(kStepRowsPerStatement), purpose);
        for (; steps.size() - next >= size_t(kStepRowsPerStatement);) {
            for (int r = 0; r < kStepRowsPerStatement; ++r)
                bindStep(insert, r, run, steps[next++]);
            insert.exec();
        }
    }
    if (next < steps.size()) {
        SqlStatement &insert = prepared(hot_->stepRow, db_, stepInsertSql(1), purpose);
        for (; next < steps.size(); ++next) {
            bindStep(insert, 0, run, steps[next]);
            insert.exec();
        }
    }
    if (!evaluations.empty()) {
        SqlStatement &insert = prepared(hot_->evaluationRow, db_,
                                        QStringLiteral("INSERT OR REPLACE INTO evaluations (run_id, step, val_loss, "
                                                       "metric_name, metric, macro_f1, bits_per_byte) "
                                                       "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                        purpose);
        for (const EvalMetrics &m : evaluations) {
            insert.bind(0, run)
                .bind(1, qint64(m.step))
                .bind(2, realValue(m.valLoss))
                .bind(3, textValue(m.metricName))
                .bind(4, realValue(m.metric))
                .bind(5, realValue(m.macroF1))
                .bind(6, realValue(m.bitsPerByte))
                .exec();
        }
    }
    if (touchHeartbeat) {
        SqlStatement &update = prepared(hot_->heartbeat, db_,
                                        QStringLiteral("UPDATE runs SET heartbeat_at = ? WHERE id = ?"), purpose);
        update.bind(0, nowMsecs()).bind(1, run).exec();
        requireRun(update.rowsAffected(), runId, purpose);
    }
    transaction.commit();
}

void RunStore::discardMetricsAfter(int64_t runId, int64_t step)
{
    checkThread();
    const QString purpose = QStringLiteral("discarding metrics of run %1 after step %2").arg(runId).arg(step);
    WriteTransaction transaction(db_, purpose);
    for (const char *sql : {"DELETE FROM step_metrics WHERE run_id = ? AND step > ?",
                            "DELETE FROM evaluations WHERE run_id = ? AND step > ?"}) {
        SqlStatement remove(db_, QString::fromLatin1(sql), purpose);
        remove.bind(0, qint64(runId)).bind(1, qint64(step)).exec();
    }
    transaction.commit();
}

StepSeries RunStore::steps(int64_t runId, int64_t afterStep) const
{
    checkThread();
    const QString purpose = QStringLiteral("reading step metrics of run %1").arg(runId);
    StepSeries series;
    // Counting first (an index range scan, a few ms) lets every column allocate once.
    SqlStatement count(db_, QStringLiteral("SELECT count(*) FROM step_metrics WHERE run_id = ? AND step > ?"), purpose);
    const qsizetype rows = count.bind(0, qint64(runId)).bind(1, qint64(afterStep)).scalar().toLongLong();
    for (QVector<int64_t> *column : {&series.step, &series.tokensSeen, &series.memoryBytes, &series.memoryPeakBytes})
        column->reserve(rows);
    for (QVector<double> *column : {&series.trainLoss, &series.learningRate, &series.gradNorm, &series.stepSeconds,
                                    &series.tokensPerSecond, &series.epoch, &series.wallSeconds})
        column->reserve(rows);
    SqlStatement select(db_,
                        QStringLiteral("SELECT step, train_loss, lr, grad_norm, step_seconds, tokens_per_second, "
                                       "tokens_seen, epoch, wall_seconds, memory_bytes, memory_peak_bytes "
                                       "FROM step_metrics WHERE run_id = ? AND step > ? ORDER BY step"),
                        purpose);
    select.bind(0, qint64(runId)).bind(1, qint64(afterStep)).exec();
    while (select.next()) {
        series.step.append(select.value(0).toLongLong());
        series.trainLoss.append(realOrNaN(select.value(1)));
        series.learningRate.append(realOrNaN(select.value(2)));
        series.gradNorm.append(realOrNaN(select.value(3)));
        series.stepSeconds.append(realOrNaN(select.value(4)));
        series.tokensPerSecond.append(realOrNaN(select.value(5)));
        series.tokensSeen.append(select.value(6).toLongLong());
        series.epoch.append(realOrNaN(select.value(7)));
        series.wallSeconds.append(realOrNaN(select.value(8)));
        series.memoryBytes.append(select.value(9).toLongLong());
        series.memoryPeakBytes.append(select.value(10).toLongLong());
    }
    return series;
}

std::vector<EvalMetrics> RunStore::evaluations(int64_t runId) const
{
    checkThread();
    SqlStatement select(db_,
                        QStringLiteral("SELECT step, val_loss, metric_name, metric, macro_f1, bits_per_byte "
                                       "FROM evaluations WHERE run_id = ? ORDER BY step"),
                        QStringLiteral("reading evaluations of run %1").arg(runId));
    select.bind(0, qint64(runId)).exec();
    std::vector<EvalMetrics> result;
    while (select.next()) {
        EvalMetrics m;
        m.step = select.value(0).toLongLong();
        m.valLoss = realOrNaN(select.value(1));
        m.metricName = select.value(2).toString();
        m.metric = realOrNaN(select.value(3));
        m.macroF1 = realOrNaN(select.value(4));
        m.bitsPerByte = realOrNaN(select.value(5));
        result.push_back(m);
    }
    return result;
}

// --- summary and artifacts

void RunStore::saveSummary(int64_t runId, const RunSummary &summary, const QString &fingerprintJson)
{
    checkThread();
    const QString purpose = QStringLiteral("saving the summary of run %1").arg(runId);
    WriteTransaction transaction(db_, purpose);
    // Column names come from our own table (SummaryColumns); every value is bound.
    QStringList names{QStringLiteral("run_id")};
    for (const SummaryColumn &column : summaryColumns())
        names << QString::fromLatin1(column.name);
    QStringList placeholders;
    for (int i = 0; i < names.size(); ++i)
        placeholders << QStringLiteral("?");
    SqlStatement insert(db_,
                        QStringLiteral("INSERT OR REPLACE INTO run_summaries (%1) VALUES (%2)")
                            .arg(names.join(QStringLiteral(", ")), placeholders.join(QStringLiteral(", "))),
                        purpose);
    insert.bind(0, qint64(runId));
    int index = 1;
    for (const SummaryColumn &column : summaryColumns())
        insert.bind(index++, column.get(summary));
    insert.exec();
    if (!fingerprintJson.isEmpty())
        setRunFingerprint(runId, fingerprintJson);
    transaction.commit();
}

std::optional<RunSummary> RunStore::summary(int64_t runId) const
{
    checkThread();
    QStringList names;
    for (const SummaryColumn &column : summaryColumns())
        names << QString::fromLatin1(column.name);
    SqlStatement select(db_,
                        QStringLiteral("SELECT %1 FROM run_summaries WHERE run_id = ?").arg(names.join(QStringLiteral(", "))),
                        QStringLiteral("reading the summary of run %1").arg(runId));
    select.bind(0, qint64(runId)).exec();
    if (!select.next())
        return std::nullopt;
    RunSummary summary;
    int index = 0;
    for (const SummaryColumn &column : summaryColumns())
        column.set(summary, select.value(index++));
    return summary;
}

int64_t RunStore::addArtifact(int64_t runId, const QString &kind, const QString &path, int64_t bytes)
{
    checkThread();
    SqlStatement insert(db_,
                        QStringLiteral("INSERT INTO artifacts (run_id, kind, path, bytes, created_at) VALUES (?, ?, ?, ?, ?)"),
                        QStringLiteral("recording the %1 artifact of run %2").arg(kind).arg(runId));
    insert.bind(0, qint64(runId)).bind(1, textValue(kind)).bind(2, textValue(path)).bind(3, qint64(bytes)).bind(4, nowMsecs()).exec();
    return insert.lastInsertId();
}

std::vector<ArtifactRecord> RunStore::artifacts(int64_t runId) const
{
    checkThread();
    SqlStatement select(db_,
                        QStringLiteral("SELECT id, run_id, kind, path, bytes, created_at FROM artifacts "
                                       "WHERE run_id = ? ORDER BY id"),
                        QStringLiteral("listing the artifacts of run %1").arg(runId));
    select.bind(0, qint64(runId)).exec();
    std::vector<ArtifactRecord> result;
    while (select.next())
        result.push_back({select.value(0).toLongLong(), select.value(1).toLongLong(), select.value(2).toString(),
                          select.value(3).toString(), select.value(4).toLongLong(), timeOrInvalid(select.value(5))});
    return result;
}

}  // namespace peftbench
