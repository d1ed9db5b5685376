#pragma once
// A SQLite VFS that forwards everything to the default one and counts xSync calls, per kind of file: what a
// commit made durable is then visible to a test (SQLite fsyncs the -wal at commit only under synchronous=FULL).
// It also counts the statement journals SQLite spills to a file (past 64 KiB of pages one statement changed).
#include <sqlite3.h>

#include <atomic>
#include <string>

namespace pcs::store::test {

struct SyncCounts {
  std::atomic<int> wal{0};
  std::atomic<int> database{0};
  std::atomic<int> statement_journals{0};  // files opened as SQLITE_OPEN_SUBJOURNAL
};

// Registers the VFS under `name` (once per process) and returns the counts it keeps.
SyncCounts& register_sync_counting_vfs(const char* name);

}  // namespace pcs::store::test
