#include "store/migrator.hpp"

#include <SQLiteCpp/Transaction.h>

#include <string>

namespace pcs::store {

int read_user_version(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

void apply_migrations(SQLite::Database& db, std::span<const Migration> list) {
  // Checked before taking the write lock: opening an up-to-date file must not wait for (or block) a writer.
  const int start = read_user_version(db);
  for (const Migration& m : list) {
    if (start >= m.version) continue;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Re-read inside the write lock: another process may have migrated while we waited for it.
    if (read_user_version(db) >= m.version) continue;
    db.exec(m.sql);
    if (m.version == 1) db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
  }
}

}  // namespace pcs::store
