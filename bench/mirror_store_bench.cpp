// The store's part of the mirror benchmark, without HTTP: bulk.yaml's 100,000 invitations listed oldest first in
// pages of 100 (as SyncCycle::list_invitations asks), mapped with sync::to_record, then written exactly as a
// reconcile writes them (upsert_listed_invitations per page, commit_listed_invitations, record_listing) into a
// fresh database. Prints the user+sys CPU of the writing alone (getrusage), the file sizes and each b-tree's size.
// Asserts nothing. Usage: pcs-bench-mirror-store [DIRECTORY] (default /tmp/pcsyncd-bench/mirror-store)
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bulk_listing.hpp"
#include "store/seen_ids.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path dir = argc > 1 ? argv[1] : "/tmp/pcsyncd-bench/mirror-store";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "pcsync.db").string();
  auto listing = pcs::bench::bulk_listing(/*oldest_first=*/true);
  if (!listing) return 1;
  const auto& pages = listing->pages;
  const auto now = listing->now;

  const double started = cpu_seconds();
  const auto wall = std::chrono::steady_clock::now();
  auto store = pcs::store::Store::open(path);
  if (!store) {
    std::cerr << store.error().describe() << "\n";
    return 1;
  }
  pcs::store::SeenIds seen;
  std::size_t rows = 0;
  for (const auto& records : pages) {
    for (const auto& r : records) seen.add(r.id);
    if (auto up = store->upsert_listed_invitations(records, pcs::WallTime(now)); !up) {
      std::cerr << up.error().describe() << "\n";
      return 1;
    }
    rows += records.size();
  }
  if (auto c = store->commit_listed_invitations(); !c) std::cerr << c.error().describe() << "\n";
  if (auto l = store->record_listing(listing->catalog, "", pcs::WallTime(now), seen); !l)
    std::cerr << l.error().describe() << "\n";
  const double cpu = cpu_seconds() - started;
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  std::uintmax_t bytes = 0, wal = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    bytes += e.file_size();
    if (e.path().string().ends_with("-wal")) wal = e.file_size();
  }
  std::printf("wrote %zu invitations in %zu pages: CPU %.3f s (wall %.3f s); files %.1f MB (-wal %.1f MB)\n", rows,
              pages.size(), cpu, wall_s, double(bytes) / 1e6, double(wal) / 1e6);
  if (argc > 2) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT name, count(*), sum(pgsize), sum(payload) FROM dbstat GROUP BY name "
                            "HAVING count(*) > 4 ORDER BY 3 DESC");
    while (q.executeStep())
      std::printf("  %-34s %6d pages %6.2f MB (payload %6.2f MB)\n", q.getColumn(0).getText(), q.getColumn(1).getInt(),
                  q.getColumn(2).getDouble() / 1e6, q.getColumn(3).getDouble() / 1e6);
  }
  return 0;
}
