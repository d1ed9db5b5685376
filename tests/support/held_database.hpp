#pragma once
// Another program's hold on a database file, for the lock tests: for as long as the object lives (or until
// release()), `exclusive` keeps every other connection out, readers included (a tool in locking_mode
// EXCLUSIVE), and `writer` keeps other writers out (a tool inside a write transaction); either may carry an
// uncommitted change, rolled back on release. Header-only (SQLiteCpp is linked by the tests that use it).

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <optional>
#include <string>

namespace pcs::test {

class HeldDatabase {
 public:
  enum class Hold { exclusive, writer };

  HeldDatabase(const std::filesystem::path& db, Hold hold, const std::string& uncommitted_sql = {})
      : db_(std::in_place, db.string(), SQLite::OPEN_READWRITE) {
    if (hold == Hold::exclusive) db_->exec("PRAGMA locking_mode = EXCLUSIVE");
    db_->exec(hold == Hold::exclusive ? "BEGIN EXCLUSIVE" : "BEGIN IMMEDIATE");
    if (!uncommitted_sql.empty()) db_->exec(uncommitted_sql);
  }

  // The other program rolls back and goes away.
  void release() { db_.reset(); }

 private:
  std::optional<SQLite::Database> db_;
};

}  // namespace pcs::test
