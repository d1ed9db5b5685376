#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace pcs::store {

Error translate_sqlite_error(const SQLite::Exception& e, std::string_view path, std::string_view doing) {
  const std::string db = "database " + std::string(path);
  const std::string what = std::string(doing) + ": " + e.what();
  switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      // Retryable: the other writer normally finishes within busy_timeout; a second daemon never does.
      return make_error(ErrorKind::timeout, "StoreLocked",
                        db + " is locked by another writer (" + what +
                            "); make sure only one pcsyncd uses this file, then retry");
    case SQLITE_NOTADB:
      return make_error(ErrorKind::config, "StoreNotPcsyncd",
                        db + " is not a pcsyncd database (" + what +
                            "); point the configuration at another path or move the file away");
    case SQLITE_CORRUPT:
      return make_error(ErrorKind::config, "StoreCorrupt",
                        db + " is corrupt (" + what +
                            "); stop pcsyncd, keep a copy for analysis, then remove it: pcsyncd rebuilds the mirror "
                            "from Partner Central (the decision history is lost)");
    case SQLITE_CANTOPEN:
      return make_error(ErrorKind::config, "StoreCannotOpen",
                        "cannot open " + db + " (" + what +
                            "); check that the directory exists and is writable by the pcsyncd user");
    case SQLITE_READONLY:
      return make_error(ErrorKind::config, "StoreReadOnly",
                        db + " is read-only (" + what +
                            "); pcsyncctl opens it read-only on purpose; for pcsyncd check the file's permissions");
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return make_error(ErrorKind::config, "StoreIoError",
                        "cannot write " + db + " (" + what + "); check free disk space and the file system");
    case SQLITE_CONSTRAINT:
      return make_error(ErrorKind::validation, "StoreConstraint",
                        db + " refused a record (" + what +
                            "); nothing of this batch was written. This is a bug in pcsyncd or an unexpected API "
                            "answer: report it with this message");
    default:
      return make_error(ErrorKind::config, "StoreError",
                        db + ": " + what + "; if it persists, run `pcsyncctl check` and report this message");
  }
}

}  // namespace pcs::store
