// The database watch (service/database_watch.hpp) against the kernel's inotify: what wakes the daemon and what
// does not.
#include "service/database_watch.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <fstream>
#include <string>

#include "core/file_text.hpp"
#include "temp_dir.hpp"

namespace pcs::service {
namespace {

using namespace std::chrono_literals;

// Runs the io_context long enough for the watch to read what is queued.
void drain(boost::asio::io_context& io) {
  io.restart();
  io.run_for(200ms);
}

void write_and_close(const std::filesystem::path& path) { std::ofstream(path) << "x"; }

TEST(DatabaseWatch, AFileClosedAfterWritingWakesItWritesToAnOpenFileAndOtherFilesDoNot) {
  test::TempDir dir;
  const auto db = dir.path() / "pcsync.db";
  boost::asio::io_context io;
  int woken = 0;
  auto watch = DatabaseWatch::start(io.get_executor(), db.string(), [&] { ++woken; });
  ASSERT_TRUE(watch.ok()) << watch.error().describe();
  write_and_close(dir.path() / "notes.txt");
  drain(io);
  EXPECT_EQ(woken, 0) << "another file in the directory";
  write_and_close(db.string() + "-wal");
  drain(io);
  EXPECT_GE(woken, 1) << "the -wal created and closed after writing (as pcsyncctl closes it after its commit)";
  const int before = woken;
  {
    // The daemon's own connection: writes to files it keeps open (each one an IN_MODIFY) do not wake it.
    std::ofstream own(db.string() + "-wal", std::ios::app);
    for (int i = 0; i < 50; ++i) own << "page" << std::flush;
    drain(io);
    EXPECT_EQ(woken, before) << "writes to a file still open";
  }
  drain(io);
  EXPECT_EQ(woken, before + 1) << "the -wal closed after writing";
}

// More events than the kernel queues: the ones lost may have held pcsyncctl's close, so an overflow wakes the
// daemon too (it then reads PRAGMA data_version to see whether anything changed).
TEST(DatabaseWatch, AQueueOverflowWakesItSinceTheDatabasesEventMayBeLost) {
  const auto limit = read_file_text("/proc/sys/fs/inotify/max_queued_events");
  ASSERT_TRUE(limit.has_value()) << "inotify's queue limit is not readable here";
  const int queued = std::stoi(*limit);
  if (queued > 200000) GTEST_SKIP() << "inotify queues " << queued << " events here; overflowing it would take minutes";
  const int events = queued + 100;
  test::TempDir dir;
  boost::asio::io_context io;
  int woken = 0;
  auto watch = DatabaseWatch::start(io.get_executor(), (dir.path() / "pcsync.db").string(), [&] { ++woken; });
  ASSERT_TRUE(watch.ok()) << watch.error().describe();
  // Not read while they are written: each new file queues IN_CREATE and IN_CLOSE_WRITE, none of them the database.
  for (int i = 0; i < events / 2 + 1; ++i) write_and_close(dir.path() / ("f" + std::to_string(i)));
  drain(io);
  EXPECT_GE(woken, 1);
}

}  // namespace
}  // namespace pcs::service
