#pragma once

#include <QDateTime>
#include <QString>

namespace peftbench {

class StoreError;

// True when the run store was refused because of the file itself — not a SQLite database,
// corrupt, another application's, or written by a newer build — so that moving it aside (and
// starting a new store) is a sensible offer. False for failures whose cause lies elsewhere
// (permissions, a locked file, a full disk, a missing driver): the file must stay where it is.
bool isRefusedStore(const StoreError &error);

// Moves a refused run store out of the way, only when the person asked for it: renames the
// database and any SQLite companions next to it (-wal, -shm, -journal, renamed alongside so the
// old file stays readable with them) to "<file>.broken-<yyyyMMdd-HHmmss>" in the same folder,
// with "-2", "-3", ... when that name is taken. Never overwrites, never deletes: the bytes stay
// under the new name. Returns the new path of the database; throws StoreError naming the file
// when a rename fails (companions already renamed are put back first).
QString moveStoreAside(const QString &databasePath);
QString moveStoreAside(const QString &databasePath, const QDateTime &when);   // tests fix the time

// For the command line, which never moves anything itself: how to move the store aside by hand,
// as shell commands ("mv '<file>' '<file>.broken-…'", one per existing file) under one line of
// explanation.
QString moveStoreAsideHint(const QString &databasePath);

}  // namespace peftbench
