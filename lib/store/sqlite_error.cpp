#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace pcs::store {

Error translate_sqlite_error(const SQLite::Exception& e, std::string_view path, std::string_view doing) {
  const std::string db = "database " + std::string(path);
  const std::string what = std::string(doing) + ": " + e.what();
  // At open the daemon exits 74 (systemd restarts it); later the cycle fails and the next one retries.
  const std::string retry =
      doing == "opening" ? "then start pcsyncd again" : "pcsyncd retries at the next cycle";
  // Growing the -shm file fails this way when the file system is full (SQLite's own reading of the code).
  const int code = e.getExtendedErrorCode() == SQLITE_IOERR_SHMSIZE ? SQLITE_FULL : e.getErrorCode();
  switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      // Retryable: the other writer normally finishes within busy_timeout; a second daemon never does.
      return make_error(ErrorKind::timeout, "StoreLocked",
                        db + " is locked by another writer (" + what +
                            "); make sure only one pcsyncd uses this file and no tool (an sqlite3 shell in a "
                            "transaction, a backup holding an exclusive lock) keeps it locked; " + retry);
    case SQLITE_NOTADB:
      return make_error(ErrorKind::config, "StoreNotPcsyncd",
                        db + " is not a pcsyncd database (" + what +
                            "); point the configuration at another path or move the file away");
    case SQLITE_CORRUPT:
      return make_error(ErrorKind::config, "StoreCorrupt",
                        db + " is corrupt (" + what + "); stop pcsyncd, keep a copy of it (and its -wal) for "
                            "analysis, then remove them: pcsyncd rebuilds the mirror from Partner Central on the "
                            "next start (the decision history is in your backups, see docs/database.md)");
    case SQLITE_CANTOPEN:
      return make_error(ErrorKind::config, "StoreCannotOpen",
                        "cannot open " + db + " (" + what +
                            "); check that the directory exists and is writable by the pcsyncd user");
    case SQLITE_READONLY:
      return make_error(ErrorKind::config, "StoreReadOnly",
                        db + " is read-only (" + what +
                            "); pcsyncctl opens it read-only on purpose; for pcsyncd check that the file, its -wal "
                            "and -shm and their directory are writable by the pcsyncd user");
    case SQLITE_FULL: {
      // Retryable: the next cycle succeeds once space is freed; every commit before this one is intact.
      Error full = make_error(ErrorKind::config, "StoreFull",
                              "cannot write " + db + ": the disk is full (" + what +
                                  "); free space on its file system (df -h). Nothing committed is lost; " + retry);
      full.retryable = true;
      return full;
    }
    case SQLITE_IOERR:
      return make_error(ErrorKind::config, "StoreIoError",
                        "cannot read or write " + db + " (" + what +
                            "); an I/O error from the disk or file system: check free space, `dmesg` and the "
                            "disk's health");
    case SQLITE_CONSTRAINT:
      return make_error(ErrorKind::validation, "StoreConstraint",
                        db + " refused a record (" + what +
                            "); nothing of this batch was written. This is a bug in pcsyncd or an unexpected API "
                            "answer: report it with this message");
    default:
      return make_error(ErrorKind::config, "StoreError",
                        db + ": " + what + "; if it persists, report this message");
  }
}

Error current_store_error(std::string_view path, std::string_view doing) {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    return translate_sqlite_error(e, path, doing);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::config, "StoreError",
                      "database " + std::string(path) + ": " + std::string(doing) + ": " + e.what());
  }
}

}  // namespace pcs::store
