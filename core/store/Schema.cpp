#include "store/Schema.h"

#include "store/SqlStatement.h"
#include "store/StoreError.h"

namespace peftbench {

namespace {

// Timestamps are INTEGER milliseconds since the Unix epoch (UTC): exact, sortable, zone-free.
// NaN metrics are stored as NULL, so every REAL column is nullable.
const std::vector<SchemaMigration> kMigrations = {
    {1, "creating the run store tables", {
        "PRAGMA application_id = 1347895891",
        "CREATE TABLE experiments ("
        "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  name TEXT NOT NULL,"
        "  config_yaml TEXT NOT NULL DEFAULT '',"
        "  created_at INTEGER NOT NULL)",
        // AUTOINCREMENT: a deleted run's id is never handed out again, so folders and reports
        // named after a run id cannot be mistaken for a newer run's.
        "CREATE TABLE runs ("
        "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,"
        "  name TEXT NOT NULL,"
        "  method TEXT NOT NULL,"
        "  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN"
        "    ('queued', 'running', 'completed', 'cancelled', 'failed', 'diverged', 'interrupted')),"
        "  config_yaml TEXT NOT NULL DEFAULT '',"
        "  fingerprint TEXT,"
        "  error TEXT,"
        "  created_at INTEGER NOT NULL,"
        "  started_at INTEGER,"
        "  finished_at INTEGER,"
        "  queue_position INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX runs_by_experiment ON runs(experiment_id)",
        "CREATE INDEX runs_by_status_queue ON runs(status, queue_position, id)",
        // WITHOUT ROWID: rows are stored in (run_id, step) order, which is how they are read.
        "CREATE TABLE step_metrics ("
        "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
        "  step INTEGER NOT NULL,"
        "  train_loss REAL,"
        "  lr REAL,"
        "  grad_norm REAL,"
        "  step_seconds REAL,"
        "  tokens_per_second REAL,"
        "  tokens_seen INTEGER,"
        "  epoch REAL,"
        "  wall_seconds REAL,"
        "  memory_bytes INTEGER,"
        "  memory_peak_bytes INTEGER,"
        "  PRIMARY KEY (run_id, step)) WITHOUT ROWID",
        "CREATE TABLE evaluations ("
        "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
        "  step INTEGER NOT NULL,"
        "  val_loss REAL,"
        "  metric_name TEXT NOT NULL DEFAULT '',"
        "  metric REAL,"
        "  macro_f1 REAL,"
        "  bits_per_byte REAL,"
        "  PRIMARY KEY (run_id, step)) WITHOUT ROWID",
        "CREATE TABLE run_summaries ("
        "  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,"
        "  total_params INTEGER,"
        "  trainable_params INTEGER,"
        "  trainable_percent REAL,"
        "  memory_label TEXT,"
        "  peak_memory_bytes INTEGER,"
        "  memory_baseline_bytes INTEGER,"
        "  memory_weight_bytes INTEGER,"
        "  memory_gradient_bytes INTEGER,"
        "  memory_optimizer_bytes INTEGER,"
        "  memory_other_bytes INTEGER,"
        "  adapter_bytes INTEGER,"
        "  adapter_path TEXT,"
        "  steps INTEGER,"
        "  wall_seconds REAL,"
        "  mean_step_seconds REAL,"
        "  tokens_per_second REAL,"
        "  metric_name TEXT,"
        "  best_val_loss REAL,"
        "  best_step INTEGER,"
        "  final_val_loss REAL,"
        "  final_train_loss REAL,"
        "  generalization_gap REAL,"
        "  best_metric REAL,"
        "  final_metric REAL,"
        "  test_loss REAL,"
        "  test_metric REAL,"
        "  test_macro_f1 REAL,"
        "  device_name TEXT,"
        "  threads INTEGER)",
    }},
    // Which process owns a running run and when it last showed signs of life: without these a run
    // left `running` by a crash cannot be told from one another instance is still training.
    {2, "adding run liveness columns", {
        "ALTER TABLE runs ADD COLUMN owner_pid INTEGER",
        "ALTER TABLE runs ADD COLUMN heartbeat_at INTEGER",
    }},
    // Checkpoints, adapters and exports a run wrote, with their sizes, so resume and the compare
    // view find them without scanning folders.
    {3, "adding the artifacts table", {
        "CREATE TABLE artifacts ("
        "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
        "  kind TEXT NOT NULL CHECK (kind <> ''),"
        "  path TEXT NOT NULL,"
        "  bytes INTEGER NOT NULL DEFAULT 0,"
        "  created_at INTEGER NOT NULL)",
        "CREATE INDEX artifacts_by_run ON artifacts(run_id)",
    }},
};

int readUserVersion(const QSqlDatabase &db)
{
    return SqlStatement(db, QStringLiteral("PRAGMA user_version"), QStringLiteral("reading the schema version"))
        .scalar().toInt();
}

}  // namespace

const std::vector<SchemaMigration> &schemaMigrations()
{
    return kMigrations;
}

int currentSchemaVersion()
{
    return kMigrations.back().version;
}

int checkSchema(const QSqlDatabase &db)
{
    // Reads only: a refused file must be left exactly as it was.
    const QString file = db.databaseName();
    const int version = readUserVersion(db);
    if (version == 0) {
        const qint64 objects = SqlStatement(db, QStringLiteral("SELECT count(*) FROM sqlite_master"),
                                            QStringLiteral("inspecting the file")).scalar().toLongLong();
        if (objects > 0)
            throw StoreError(QStringLiteral("opening the run store"), file,
                             QStringLiteral("this SQLite file already holds another application's data (%1 schema "
                                            "objects) and is not a PEFT Workbench run store; choose a new file")
                                 .arg(objects),
                             StoreError::Kind::UnusableFile);
        return 0;
    }
    const int applicationId = SqlStatement(db, QStringLiteral("PRAGMA application_id"),
                                           QStringLiteral("reading the application id")).scalar().toInt();
    if (applicationId != kRunStoreApplicationId)
        throw StoreError(QStringLiteral("opening the run store"), file,
                         QStringLiteral("this SQLite file belongs to another application (application_id %1) and is "
                                        "not a PEFT Workbench run store").arg(applicationId),
                         StoreError::Kind::UnusableFile);
    if (version > currentSchemaVersion())
        throw StoreError(QStringLiteral("opening the run store"), file,
                         QStringLiteral("it was written by a newer PEFT Workbench (schema version %1; this build "
                                        "knows up to %2). Upgrade PEFT Workbench to open it; the file was left "
                                        "untouched").arg(version).arg(currentSchemaVersion()),
                         StoreError::Kind::UnusableFile);
    return version;
}

void migrateSchema(const QSqlDatabase &db, int fromVersion)
{
    for (const SchemaMigration &step : kMigrations) {
        if (step.version <= fromVersion)
            continue;
        const QString purpose = QString::fromLatin1(step.purpose);
        WriteTransaction transaction(db, purpose);
        // Another connection may have applied this step while we waited for the write lock.
        if (readUserVersion(db) >= step.version)
            continue;
        for (const char *sql : step.statements)
            SqlStatement(db, QString::fromLatin1(sql), purpose).exec();
        // PRAGMA takes no bound parameters; the value is a constant from the table above.
        SqlStatement(db, QStringLiteral("PRAGMA user_version = %1").arg(step.version), purpose).exec();
        transaction.commit();
    }
}

}  // namespace peftbench
