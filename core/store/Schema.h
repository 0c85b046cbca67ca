#pragma once

#include <QSqlDatabase>

#include <vector>

namespace peftbench {

// One step of the run store's schema history. A released step is never edited: a change is a new
// step, so every older file upgrades along the same path a fresh file is built by.
struct SchemaMigration {
    int version;                          // PRAGMA user_version once this step is applied
    const char *purpose;                  // for error messages: "adding run liveness columns"
    std::vector<const char *> statements; // one statement each (Qt runs only the first of several)
};

const std::vector<SchemaMigration> &schemaMigrations();
int currentSchemaVersion();

// PRAGMA application_id of a run store ("PWBS"): tells our files apart from other SQLite files.
constexpr int kRunStoreApplicationId = 0x50574253;

// Reads the file's schema version, refusing — before anything is written — a file that is not a
// SQLite database, a SQLite file that is not a run store, or a run store newer than this build.
// Returns the version found (0 for a new, empty file).
int checkSchema(const QSqlDatabase &db);

// Applies every step after `fromVersion`, each in its own write transaction that re-reads the
// version first, so two processes opening the same old file upgrade it once.
void migrateSchema(const QSqlDatabase &db, int fromVersion);

}  // namespace peftbench
