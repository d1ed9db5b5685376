// pcsyncd's exit status and message for each storage fault at start, as an operator (or systemd) sees them.
// The daemon gets a config whose endpoint nothing listens on: every case here ends before the first call.
// Every wait has a deadline; a child still running when a test ends is SIGKILLed.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "child_process.hpp"
#include "held_database.hpp"
#include "private_mount.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr int kExitDatabase = 74;
constexpr int kExitCycleFailed = 1;

class StoreDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(home());
    fs::create_directories(state());
  }

  fs::path home() const { return dir_.path() / "home"; }
  fs::path state() const { return dir_.path() / "state"; }
  fs::path db() const { return state() / "pcsync.db"; }

  // Port 9 (discard) on loopback: nothing listens in the sandbox, and nothing here gets as far as a call.
  fs::path config() const {
    return dir_.write("pcsyncd.yaml", "catalog: Sandbox\nregion: us-east-1\nendpoint_url: http://127.0.0.1:9\n"
                                      "database: " + db().string() + "\nrequest_timeout: 2s\nmax_attempts: 1\n"
                                      "default_action: ignore\n");
  }

  // pcsyncd --once with a clean environment; waits at most `limit`.
  pcs::test::ProcessRun pcsyncd(std::chrono::milliseconds limit = 20s) {
    const auto env = pcs::test::daemon_environment(home(), "AKIDSTORETEST", "store-test-secret");
    return pcs::test::run_process(PCSYNC_DAEMON_BINARY, {"--config", config().string(), "--once"}, env,
                                  dir_.path() / "pcsyncd", limit);
  }

  // pcsyncd --once exits with `status` and says `says` on stderr; the run, for more checks.
  pcs::test::ProcessRun expect_exit(int status, const std::string& says) {
    auto run = pcsyncd();
    EXPECT_EQ(run.exit_code, status) << run.err;
    EXPECT_NE(run.err.find(says), std::string::npos) << run.err;
    return run;
  }

  // A pcsyncd database with some invitations, closed cleanly (nothing left in a -wal).
  void make_database(int count) {
    auto store = Store::open(db().string());
    ASSERT_TRUE(store) << store.error().describe();
    std::vector<InvitationSummary> page;
    for (int i = 0; i < count; ++i) {
      InvitationSummary m;
      m.id = "engi-" + std::to_string(i);
      m.catalog = "Sandbox";
      m.status = "PENDING";
      m.engagement_title = std::string(200, 't');
      page.push_back(m);
    }
    ASSERT_OK(store->upsert_invitations(page, WallTime::clock::now()));
  }

  pcs::test::TempDir dir_;
};

TEST_F(StoreDaemonTest, ADamagedDatabaseExits74WithTheAdviceAndIsLeftByteForByte) {
  ASSERT_NO_FATAL_FAILURE(make_database(400));
  {
    // Page 3 of the file overwritten with noise.
    std::mt19937 rng(3);
    std::string noise(4096, '\0');
    for (auto& c : noise) c = static_cast<char>(rng());
    std::fstream f(db(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(2 * 4096);
    f.write(noise.data(), std::streamsize(noise.size()));
  }
  const timespec past[2] = {{1000000000, 0}, {1000000000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, db().c_str(), past, 0), 0);
  const std::string bytes = pcs::test::read_text_file(db());

  const auto run = expect_exit(kExitDatabase, "database " + db().string() + " failed its quick check at open");
  EXPECT_NE(run.err.find("pcsyncd has not written to it; stop pcsyncd, keep a copy"), std::string::npos) << run.err;
  EXPECT_TRUE(pcs::test::read_text_file(db()) == bytes) << "the damaged file was written to";
  struct stat st {};
  ASSERT_EQ(::stat(db().c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, past[1].tv_sec);
  const fs::path wal = db().string() + "-wal";
  EXPECT_TRUE(!fs::exists(wal) || fs::file_size(wal) == 0);
}

TEST_F(StoreDaemonTest, AFileThatIsNotSqliteExits74) {
  std::mt19937 rng(9);
  std::string noise(16384, '\0');
  for (auto& c : noise) c = static_cast<char>(rng());
  dir_.write("state/pcsync.db", noise);
  expect_exit(kExitDatabase, "is not a pcsyncd database (opening: file is not a database)");
  EXPECT_TRUE(pcs::test::read_text_file(db()) == noise);
}

TEST_F(StoreDaemonTest, ASchemaNewerThanTheBinaryExits74) {
  ASSERT_NO_FATAL_FAILURE(make_database(5));
  {
    SQLite::Database raw(db().string(), SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  }
  expect_exit(kExitDatabase, "newer than this binary understands");
}

TEST_F(StoreDaemonTest, AReadOnlyDirectoryExits74) {
  ASSERT_NO_FATAL_FAILURE(make_database(5));
  std::optional<pcs::test::PrivateMount> mount;
  std::string why_not;
  const bool by_mode = ::geteuid() != 0;  // root ignores modes: a read-only bind mount instead
  if (by_mode) {
    ASSERT_EQ(::chmod(state().c_str(), 0555), 0);
  } else {
    mount = pcs::test::PrivateMount::read_only(state(), why_not);
    if (!mount) GTEST_SKIP() << "cannot make a directory read-only here: " << why_not;
  }
  expect_exit(kExitDatabase, "its directory " + state().string() + " is not writable by this user");
  if (by_mode) ::chmod(state().c_str(), 0700);
}

TEST_F(StoreDaemonTest, ADiskFullAtStartExits74) {
  std::string why_not;
  auto disk = pcs::test::PrivateMount::tmpfs(state(), 1 << 20, why_not);
  if (!disk) GTEST_SKIP() << "no small file system to fill: " << why_not;
  ASSERT_NO_FATAL_FAILURE(make_database(5));
  pcs::test::fill_up(state());
  expect_exit(kExitDatabase, "the disk is full");
}

TEST_F(StoreDaemonTest, AFileHeldExclusivelyByAnotherProcessExits74AfterTheBusyTimeout) {
  ASSERT_NO_FATAL_FAILURE(make_database(5));
  pcs::test::HeldDatabase other(db(), pcs::test::HeldDatabase::Hold::exclusive,
                                "DELETE FROM invitations WHERE id = 'engi-0'");
  expect_exit(kExitDatabase, "is locked by another writer");
}

TEST_F(StoreDaemonTest, AWriteLockHeldAtRunTimeFailsTheCycleNotTheStart) {
  ASSERT_NO_FATAL_FAILURE(make_database(5));
  {
    // Opening an up-to-date file takes no write lock: pcsyncd starts; its cycle's first write waits 5 s, fails.
    pcs::test::HeldDatabase other(db(), pcs::test::HeldDatabase::Hold::writer,
                                  "DELETE FROM invitations WHERE id = 'engi-0'");
    expect_exit(kExitCycleFailed, "is locked by another writer");
  }
  auto store = Store::open(db().string(), {OpenMode::read_only});
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_TRUE(*store->invitation("engi-0"));  // nothing lost
  EXPECT_OK(store->integrity_check());
}

}  // namespace
}  // namespace pcs::store
