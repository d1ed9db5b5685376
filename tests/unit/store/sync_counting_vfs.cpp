#include "sync_counting_vfs.hpp"

#include <cstring>
#include <mutex>

namespace pcs::store::test {
namespace {

// The file object: our header, then the default VFS's own file object.
struct CountingFile {
  sqlite3_file base;   // pMethods points at the wrapping methods below
  bool is_wal;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

sqlite3_vfs* g_default = nullptr;
SyncCounts g_counts;
sqlite3_io_methods g_methods{};
const sqlite3_io_methods* g_real_methods = nullptr;

CountingFile* of(sqlite3_file* f) { return reinterpret_cast<CountingFile*>(f); }

int x_close(sqlite3_file* f) { return of(f)->real()->pMethods->xClose(of(f)->real()); }
int x_read(sqlite3_file* f, void* b, int n, sqlite3_int64 o) { return of(f)->real()->pMethods->xRead(of(f)->real(), b, n, o); }
int x_write(sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
  return of(f)->real()->pMethods->xWrite(of(f)->real(), b, n, o);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 s) { return of(f)->real()->pMethods->xTruncate(of(f)->real(), s); }
int x_sync(sqlite3_file* f, int flags) {
  ++(of(f)->is_wal ? g_counts.wal : g_counts.database);
  return of(f)->real()->pMethods->xSync(of(f)->real(), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* s) { return of(f)->real()->pMethods->xFileSize(of(f)->real(), s); }
int x_lock(sqlite3_file* f, int l) { return of(f)->real()->pMethods->xLock(of(f)->real(), l); }
int x_unlock(sqlite3_file* f, int l) { return of(f)->real()->pMethods->xUnlock(of(f)->real(), l); }
int x_check(sqlite3_file* f, int* r) { return of(f)->real()->pMethods->xCheckReservedLock(of(f)->real(), r); }
int x_control(sqlite3_file* f, int op, void* a) { return of(f)->real()->pMethods->xFileControl(of(f)->real(), op, a); }
int x_sector(sqlite3_file* f) { return of(f)->real()->pMethods->xSectorSize(of(f)->real()); }
int x_device(sqlite3_file* f) { return of(f)->real()->pMethods->xDeviceCharacteristics(of(f)->real()); }
int x_shm_map(sqlite3_file* f, int p, int s, int e, void volatile** m) {
  return of(f)->real()->pMethods->xShmMap(of(f)->real(), p, s, e, m);
}
int x_shm_lock(sqlite3_file* f, int o, int n, int fl) { return of(f)->real()->pMethods->xShmLock(of(f)->real(), o, n, fl); }
void x_shm_barrier(sqlite3_file* f) { of(f)->real()->pMethods->xShmBarrier(of(f)->real()); }
int x_shm_unmap(sqlite3_file* f, int d) { return of(f)->real()->pMethods->xShmUnmap(of(f)->real(), d); }
int x_fetch(sqlite3_file* f, sqlite3_int64 o, int n, void** p) { return of(f)->real()->pMethods->xFetch(of(f)->real(), o, n, p); }
int x_unfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return of(f)->real()->pMethods->xUnfetch(of(f)->real(), o, p); }

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  CountingFile* c = of(f);
  c->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
  if (flags & SQLITE_OPEN_SUBJOURNAL) ++g_counts.statement_journals;
  c->base.pMethods = nullptr;
  const int rc = g_default->xOpen(g_default, name, c->real(), flags, out_flags);
  if (rc == SQLITE_OK && c->real()->pMethods) {
    g_real_methods = c->real()->pMethods;
    g_methods.iVersion = g_real_methods->iVersion;
    c->base.pMethods = &g_methods;
  }
  return rc;
}

}  // namespace

SyncCounts& register_sync_counting_vfs(const char* name) {
  static std::once_flag once;
  static sqlite3_vfs vfs{};
  std::call_once(once, [&] {
    g_default = sqlite3_vfs_find(nullptr);
    vfs = *g_default;
    vfs.zName = name;
    vfs.szOsFile = int(sizeof(CountingFile)) + g_default->szOsFile;
    vfs.xOpen = x_open;
    vfs.pNext = nullptr;
    g_methods = {1,        x_close,         x_read,        x_write,   x_truncate,    x_sync,     x_file_size,
                 x_lock,   x_unlock,        x_check,       x_control, x_sector,      x_device,   x_shm_map,
                 x_shm_lock, x_shm_barrier, x_shm_unmap,   x_fetch,   x_unfetch};
    sqlite3_vfs_register(&vfs, 0);
  });
  return g_counts;
}

}  // namespace pcs::store::test
