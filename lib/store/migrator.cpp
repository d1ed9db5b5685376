#include "store/migrator.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <string>

namespace pcs::store {
namespace {

// The connection's settings while migrations run, put back afterwards whatever happens (a failed migration
// stops before its own resets):
// - foreign keys unenforced: a migration that rebuilds a table (SQLite cannot change a constraint in place)
//   drops the old table while the rebuilt child tables already refer to its name; enforced, that DROP deletes
//   the parent rows and fails on the children (schema 3 rebuilding tasks under task_status_history). This is
//   SQLite's documented procedure for such changes; PRAGMA foreign_keys is a no-op inside a transaction, so it
//   is set around them;
// - freed pages not zeroed (secure_delete = FAST; Debian builds SQLite with it ON): rebuilding a table frees
//   every page of the old one, and zeroing them went through the -wal, doubling its size (78 MB instead of 41
//   for 100,000 invitations) and the time. The old pages hold the same rows as the new table;
// - legacy_alter_table, which a migration may switch on for itself (schema 8), OFF.
class MigrationSettings {
 public:
  explicit MigrationSettings(SQLite::Database& db)
      : db_(db),
        foreign_keys_(db.execAndGet("PRAGMA foreign_keys").getInt() != 0),
        secure_delete_(db.execAndGet("PRAGMA secure_delete").getInt()) {
    if (foreign_keys_) db_.exec("PRAGMA foreign_keys = OFF");
    db_.exec("PRAGMA secure_delete = FAST");
  }
  ~MigrationSettings() {
    try {
      db_.exec("PRAGMA legacy_alter_table = OFF");
      db_.exec("PRAGMA secure_delete = " + std::to_string(secure_delete_));
      if (foreign_keys_) db_.exec("PRAGMA foreign_keys = ON");
    } catch (...) {  // the connection is failing anyway; the migration's own error is the one to report
    }
  }
  MigrationSettings(const MigrationSettings&) = delete;
  MigrationSettings& operator=(const MigrationSettings&) = delete;

 private:
  SQLite::Database& db_;
  bool foreign_keys_;
  int secure_delete_;
};

// Still no dangling reference when a migration is done: checked before its commit, so a bad one rolls back.
void check_foreign_keys(SQLite::Database& db, const Migration& m) {
  SQLite::Statement check(db, "PRAGMA foreign_key_check");
  if (!check.executeStep()) return;
  throw SQLite::Exception("schema migration " + std::to_string(m.version) + " would leave a row of table " +
                              check.getColumn(0).getString() + " referring to a missing row of " +
                              check.getColumn(2).getString(),
                          SQLITE_CONSTRAINT);
}

}  // namespace

int read_user_version(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

void apply_migrations(SQLite::Database& db, std::span<const Migration> list) {
  // Checked before taking the write lock: opening an up-to-date file must not wait for (or block) a writer.
  const int start = read_user_version(db);
  if (list.empty() || start >= list.back().version) return;
  MigrationSettings settings(db);
  for (const Migration& m : list) {
    if (start >= m.version) continue;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Re-read inside the write lock: another process may have migrated while we waited for it.
    if (read_user_version(db) >= m.version) continue;
    db.exec(m.sql);
    if (m.version == 1) db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    check_foreign_keys(db, m);
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
  }
}

}  // namespace pcs::store
