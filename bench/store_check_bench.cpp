// What `Store::open` costs on a big mirror, above all the PRAGMA quick_check it runs before any write.
// Builds the database `bash bench/run.sh mirror` builds (sim/scenarios/bulk.yaml: 100,000 invitations, every
// status, pages of 100 mapped and upserted exactly as the sync cycle does), without HTTP; or takes an existing
// database file. Then times, each several times (over a warm page cache unless said otherwise): Store::open (read-write: quick_check,
// WAL, migrations), PRAGMA quick_check alone, PRAGMA integrity_check alone (for comparison), and a read-only open.
// Prints figures; asserts nothing. Usage: pcs-bench-store [DATABASE]   (default: a fresh file under /tmp)
#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bulk_listing.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

int build(const std::string& path) {
  auto listing = pcs::bench::bulk_listing(/*oldest_first=*/false);
  if (!listing) return 1;
  auto store = pcs::store::Store::open(path);
  if (!store) {
    std::cerr << store.error().describe() << "\n";
    return 1;
  }
  const auto start = Clock::now();
  std::size_t total = 0;
  for (const auto& records : listing->pages) {
    if (auto up = store->upsert_invitations(records, pcs::WallTime(listing->now)); !up) {
      std::cerr << up.error().describe() << "\n";
      return 1;
    }
    total += records.size();
  }
  std::printf("built %s: %zu invitations in %.1f s\n", path.c_str(), total, ms_since(start) / 1000);
  return 0;
}

template <class F>
void time_it(const char* what, int runs, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    f();
    t.push_back(ms_since(start));
  }
  std::sort(t.begin(), t.end());
  std::printf("%-46s min %7.1f ms  median %7.1f ms  max %7.1f ms  (%d runs)\n", what, t.front(), t[t.size() / 2],
              t.back(), runs);
}

// Drops this one file's pages from the page cache (a first start after boot), leaving every other cache alone.
void evict(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "/tmp/pcsyncd-bench/store/pcsync.db";
  if (argc <= 1) {
    fs::remove_all(fs::path(path).parent_path());
    fs::create_directories(fs::path(path).parent_path());
    if (int rc = build(path)) return rc;
  }
  const auto bytes = fs::file_size(path);
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    std::printf("%s: %.1f MB, %lld pages of %d bytes, %d invitations\n", path.c_str(), double(bytes) / 1e6,
                static_cast<long long>(db.execAndGet("PRAGMA page_count").getInt64()), db.execAndGet("PRAGMA page_size").getInt(),
                db.execAndGet("SELECT count(*) FROM invitations").getInt());
  }
  constexpr int kRuns = 5;
  time_it("PRAGMA quick_check", kRuns, [&] {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    db.execAndGet("PRAGMA quick_check").getString();
  });
  time_it("PRAGMA quick_check, file not in page cache", kRuns, [&] {
    evict(path);
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    db.execAndGet("PRAGMA quick_check").getString();
  });
  time_it("PRAGMA integrity_check (not run by open)", kRuns, [&] {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    db.execAndGet("PRAGMA integrity_check").getString();
  });
  time_it("Store::open read_write (with quick_check)", kRuns, [&] {
    auto s = pcs::store::Store::open(path);
    if (!s) std::cerr << s.error().describe() << "\n";
  });
  time_it("Store::open read_only (pcsyncctl)", kRuns, [&] {
    auto s = pcs::store::Store::open(path, {pcs::store::OpenMode::read_only});
    if (!s) std::cerr << s.error().describe() << "\n";
  });
  return 0;
}
