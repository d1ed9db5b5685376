#pragma once
// The file-system side of a read-write open, before SQLite sees the file. Store-internal.
//
// - The directory must exist and be writable (SQLite creates the -wal and -shm files there). It is never
//   created here: its owner and mode are the deployment's (systemd's StateDirectory=, 0700), and a missing
//   directory usually means a wrong `database:` path, where a fresh empty mirror would hide the mistake.
// - A new database file is created here, owner-only (0600) whatever the umask, before SQLite writes a byte.
//   SQLite's unix VFS gives the -wal and -shm files the database file's mode, so they are 0600 too.
// - An existing file (or -wal/-shm) with group or other permission bits is tightened to 0600, with a notice
//   for the caller to log; the store itself never logs.
// - A zero-byte file is a new database (see docs/database.md), unless a non-empty -wal lies beside it: SQLite
//   would delete that -wal, so the pair is refused instead.

#include <string>
#include <vector>

#include "core/result.hpp"

namespace pcs::store {

struct PreparedFile {
  bool created = false;              // this call created the (empty) database file
  std::vector<std::string> notices;  // what the operator should know, e.g. a mode that was tightened
};

// path names a file (not ":memory:"). Errors (kind config): StoreCannotOpen (no such directory, not a regular
// file), StoreReadOnly (directory, file, -wal or -shm not writable by this user), StoreFull (no space to create
// the file), StoreTruncated (zero bytes beside a non-empty -wal). Every message names the path and the fix.
Result<PreparedFile> prepare_database_file(const std::string& path);

// "0644": the permission bits as chmod writes them.
std::string mode_text(unsigned mode);

}  // namespace pcs::store
