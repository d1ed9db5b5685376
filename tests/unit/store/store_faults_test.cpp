// Storage faults at open and at run time, on real files: a damaged page, random bytes, a zero-byte file, an
// exclusively locked file, a read-only directory, a full disk (a small tmpfs), and the files' modes under any
// umask. Every refused open must leave the file as it was found.
#include <SQLiteCpp/Database.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "held_database.hpp"
#include "private_mount.hpp"
#include "store/migrator.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "store_fixtures.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using test::at;

const WallTime kNow = at("2024-06-01T00:00:00Z");

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

fs::path wal_of(const fs::path& db) { return db.string() + "-wal"; }
fs::path shm_of(const fs::path& db) { return db.string() + "-shm"; }

// A pcsyncd database with `count` invitations (and a decision), closed cleanly: the last connection's checkpoint
// has moved everything into the main file and removed the -wal.
void make_database(const fs::path& path, int count) {
  auto store = Store::open(path.string());
  ASSERT_TRUE(store) << store.error().describe();
  std::vector<InvitationSummary> page;
  for (int i = 0; i < count; ++i) {
    page.push_back(test::invitation("engi-" + std::to_string(i)));
    if (page.size() == 100 || i + 1 == count) {
      ASSERT_OK(store->upsert_invitations(page, kNow));
      page.clear();
    }
  }
  ASSERT_OK(store->record_decision(test::decision("engi-0", DecisionAction::accept, "r", "", false), kNow));
}

// A snapshot of what a refused open must not change: the bytes, and the mtime (set far in the past first, so
// that any write, even within the file system's timestamp granularity, would show).
struct Untouched {
  explicit Untouched(fs::path p) : path(std::move(p)) {
    const timespec past[2] = {{1000000000, 0}, {1000000000, 0}};  // 2001-09-09
    EXPECT_EQ(::utimensat(AT_FDCWD, path.c_str(), past, 0), 0);
    bytes = read_bytes(path);
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    mtime = st.st_mtim;
  }
  void expect_unchanged() const {
    EXPECT_TRUE(read_bytes(path) == bytes) << path << " was modified";
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mtim.tv_sec, mtime.tv_sec) << path << " was written to";
    EXPECT_EQ(st.st_mtim.tv_nsec, mtime.tv_nsec);
    const fs::path wal = wal_of(path);
    EXPECT_TRUE(!fs::exists(wal) || fs::file_size(wal) == 0) << wal << " holds " << fs::file_size(wal) << " bytes";
  }
  fs::path path;
  std::string bytes;
  timespec mtime{};
};

std::size_t page_size_of(const fs::path& db) {
  const std::string header = read_bytes(db).substr(0, 100);
  std::size_t size = (static_cast<unsigned char>(header[16]) << 8) | static_cast<unsigned char>(header[17]);
  return size == 1 ? 65536 : size;
}

// Overwrites page `page` (1-based) with random bytes.
void corrupt_page(const fs::path& db, std::size_t page) {
  const std::size_t size = page_size_of(db);
  ASSERT_LT(page * size, fs::file_size(db) + 1) << "the database has fewer than " << page << " pages";
  std::mt19937 rng(42);
  std::string garbage(size, '\0');
  for (auto& c : garbage) c = static_cast<char>(rng());
  std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(std::streamoff((page - 1) * size));
  f.write(garbage.data(), std::streamsize(garbage.size()));
  ASSERT_TRUE(f.good());
}

// The middle page of the invitations table (SQLite's dbstat): a data page, wherever the schema's own pages
// (which grow with each migration) happen to lie.
std::size_t middle_invitation_page(const fs::path& db) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(d, "SELECT pageno FROM dbstat WHERE name = 'invitations' ORDER BY pageno");
  std::vector<std::size_t> pages;
  while (q.executeStep()) pages.push_back(std::size_t(q.getColumn(0).getInt64()));
  EXPECT_GE(pages.size(), 3u);
  return pages.empty() ? 3 : pages[pages.size() / 2];
}

// ---- a damaged file ----

class CorruptPage : public ::testing::TestWithParam<const char*> {};

TEST_P(CorruptPage, IsRefusedAtOpenAndTheFileIsNeverWritten) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 400));
  ASSERT_FALSE(fs::exists(wal_of(db)));
  const std::size_t pages = fs::file_size(db) / page_size_of(db);
  ASSERT_GE(pages, 20u);
  const std::size_t page = std::string(GetParam()) == "middle" ? middle_invitation_page(db) : 3;
  ASSERT_NO_FATAL_FAILURE(corrupt_page(db, page));
  Untouched before(db);

  auto store = Store::open(db.string());
  ASSERT_FALSE(store) << "page " << page << " of " << pages << " is damaged, yet the database opened";
  EXPECT_EQ(store.error().code, "StoreCorrupt") << store.error().describe();
  const std::string& m = store.error().message;
  EXPECT_NE(m.find(db.string()), std::string::npos) << m;
  EXPECT_NE(m.find("quick check"), std::string::npos) << m;
  EXPECT_NE(m.find("has not written to it"), std::string::npos) << m;
  EXPECT_NE(m.find("stop pcsyncd, keep a copy"), std::string::npos) << m;
  EXPECT_NE(m.find("remove them"), std::string::npos) << m;
  before.expect_unchanged();

  // A second attempt (systemd restarting the daemon) is refused the same way and still writes nothing.
  auto again = Store::open(db.string());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "StoreCorrupt");
  before.expect_unchanged();
}

INSTANTIATE_TEST_SUITE_P(StoreFaults, CorruptPage, ::testing::Values("3", "middle"));

TEST(StoreFaults, ADamagedFileWithCommitsStillInItsWalIsRefusedAndNeitherFileIsWritten) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 400));
  {
    // A daemon that died with commits not yet checkpointed: they live in the -wal only.
    SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
    sqlite3_db_config(raw.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    raw.exec("PRAGMA wal_autocheckpoint = 0");
    for (int i = 0; i < 5; ++i)
      raw.exec("INSERT INTO sync_runs (started_at, outcome) VALUES ('2024-06-01T00:00:00Z', 'ok')");
  }
  ASSERT_GT(fs::file_size(wal_of(db)), 0u);
  const std::size_t pages = fs::file_size(db) / page_size_of(db);
  ASSERT_NO_FATAL_FAILURE(corrupt_page(db, pages / 2));  // an invitations page the -wal does not hold
  const std::string wal_bytes = read_bytes(wal_of(db));
  const std::string db_bytes = read_bytes(db);

  auto store = Store::open(db.string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreCorrupt") << store.error().describe();
  // Closing the refused connection must not checkpoint the -wal into the damaged file (nor drop the -wal).
  EXPECT_TRUE(read_bytes(db) == db_bytes) << "the damaged file was written to";
  EXPECT_TRUE(read_bytes(wal_of(db)) == wal_bytes) << "the -wal was changed";
}

TEST(StoreFaults, ADamagedFileOpensReadOnlyAndItsIntegrityCheckSaysWhatIsWrong) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 400));
  ASSERT_NO_FATAL_FAILURE(corrupt_page(db, 3));
  Untouched before(db);
  {
    // pcsyncctl does not scan the file at open (it never writes); its integrity check finds the damage.
    auto ro = Store::open(db.string(), {OpenMode::read_only});
    ASSERT_TRUE(ro) << ro.error().describe();
    auto checked = ro->integrity_check();
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().code, "StoreCorrupt") << checked.error().describe();
    EXPECT_NE(checked.error().message.find(db.string()), std::string::npos) << checked.error().message;
    EXPECT_NE(checked.error().message.find("remove them"), std::string::npos) << checked.error().message;
  }
  before.expect_unchanged();
}

TEST(StoreFaults, RandomBytesAreNotADatabaseAndAreLeftAlone) {
  pcs::test::TempDir dir;
  std::mt19937 rng(7);
  std::string noise(64 * 1024, '\0');
  for (auto& c : noise) c = static_cast<char>(rng());
  const fs::path db = dir.write("pcsync.db", noise);
  ::chmod(db.c_str(), 0600);
  Untouched before(db);
  auto store = Store::open(db.string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreNotPcsyncd") << store.error().describe();
  EXPECT_NE(store.error().message.find("file is not a database"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("move the file away"), std::string::npos) << store.error().message;
  before.expect_unchanged();
}

TEST(StoreFaults, ANewerSchemaIsRefusedWithoutWriting) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 10));
  {
    SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  }
  Untouched before(db);
  auto store = Store::open(db.string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreSchemaTooNew");
  before.expect_unchanged();
}

// ---- zero-byte files ----

TEST(StoreFaults, AZeroByteFileIsANewDatabaseMadeOwnerOnly) {
  pcs::test::TempDir dir;
  const fs::path db = dir.write("pcsync.db", "");  // e.g. `install -m 0644 /dev/null pcsync.db`
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  auto store = Store::open(db.string());
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ(*store->schema_version(), latest_schema_version());
  EXPECT_EQ(mode_of(db), 0600u);
  ASSERT_EQ(store->open_notices().size(), 1u);
  EXPECT_NE(store->open_notices()[0].find("mode 0644"), std::string::npos) << store->open_notices()[0];
  EXPECT_NE(store->open_notices()[0].find("now 0600"), std::string::npos) << store->open_notices()[0];
}

TEST(StoreFaults, AZeroByteFileBesideANonEmptyWalIsRefusedAndBothAreKept) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  const std::string wal_bytes(8192, 'w');
  dir.write("pcsync.db", "");
  dir.write("pcsync.db-wal", wal_bytes);
  auto store = Store::open(db.string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreTruncated");
  EXPECT_NE(store.error().message.find("8192 bytes"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("keep a copy of both"), std::string::npos) << store.error().message;
  EXPECT_EQ(fs::file_size(db), 0u);
  EXPECT_EQ(read_bytes(wal_of(db)), wal_bytes);  // SQLite itself would have deleted it
}

// ---- locks ----

TEST(StoreFaults, AFileHeldExclusivelyByAnotherConnectionIsRefusedAfterBusyTimeout) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 10));
  {
    // A tool that took the file for itself: exclusive locking mode keeps even readers out until it closes.
    pcs::test::HeldDatabase other(db, pcs::test::HeldDatabase::Hold::exclusive,
                                  "UPDATE invitations SET engagement_title = 'uncommitted' WHERE id = 'engi-1'");

    auto store = Store::open(db.string(), {OpenMode::read_write, 100ms});
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, "StoreLocked") << store.error().describe();
    EXPECT_TRUE(store.error().retryable);
    EXPECT_NE(store.error().message.find("locked by another writer"), std::string::npos);
  }
  auto later = Store::open(db.string(), {OpenMode::read_write, 100ms});
  ASSERT_TRUE(later) << later.error().describe();
  auto inv = later->invitation("engi-1");
  ASSERT_TRUE(inv && *inv);
  EXPECT_EQ((*inv)->summary.engagement_title, "Title of engi-1");
}

TEST(StoreFaults, AWriterHoldingTheLockMakesWritesFailRetryablyAndNothingIsLost) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 10));
  pcs::test::HeldDatabase other(db, pcs::test::HeldDatabase::Hold::writer);
  // Opening an up-to-date file needs no write lock: the daemon starts, and its first write waits, then fails.
  auto store = Store::open(db.string(), {OpenMode::read_write, 100ms});
  ASSERT_TRUE(store) << store.error().describe();
  auto run = store->begin_sync_run(kNow);
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, "StoreLocked");
  EXPECT_TRUE(run.error().retryable);
  auto decided = store->record_decision(test::decision("engi-1", DecisionAction::reject, "r", "no", false), kNow);
  ASSERT_FALSE(decided);
  EXPECT_EQ(decided.error().code, "StoreLocked");

  other.release();
  ASSERT_OK(store->begin_sync_run(kNow));
  ASSERT_OK(store->record_decision(test::decision("engi-1", DecisionAction::reject, "r", "no", false), kNow));
  EXPECT_EQ(store->unfinished_decisions()->size(), 2u);  // engi-0's accept from make_database, and engi-1
  EXPECT_OK(store->integrity_check());
}

// ---- directories and modes ----

// dir made read-only for this process: by its mode for an ordinary user, by a read-only bind mount for root
// (whom modes do not stop). nullopt plus why_not when neither is possible.
struct ReadOnlyDir {
  std::optional<pcs::test::PrivateMount> mount;
  fs::path dir;
  bool by_mode = false;
  ~ReadOnlyDir() {
    if (by_mode) ::chmod(dir.c_str(), 0700);
  }
};

std::unique_ptr<ReadOnlyDir> make_read_only(const fs::path& dir, std::string& why_not) {
  auto r = std::make_unique<ReadOnlyDir>();
  r->dir = dir;
  if (::geteuid() != 0) {
    if (::chmod(dir.c_str(), 0555) != 0) return nullptr;
    r->by_mode = true;
    return r;
  }
  r->mount = pcs::test::PrivateMount::read_only(dir, why_not);
  if (!r->mount) return nullptr;
  return r;
}

TEST(StoreFaults, AReadOnlyDirectoryIsRefusedForANewAndAnExistingDatabase) {
  pcs::test::TempDir dir;
  const fs::path state = dir.path() / "state";
  fs::create_directories(state);
  const fs::path db = state / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 10));
  const std::string bytes = read_bytes(db);
  std::string why_not;
  auto ro = make_read_only(state, why_not);
  if (!ro) GTEST_SKIP() << "cannot make a directory read-only here: " << why_not;

  for (const fs::path& path : {db, state / "new.db"}) {
    SCOPED_TRACE(path.string());
    auto store = Store::open(path.string());
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, "StoreReadOnly") << store.error().describe();
    EXPECT_NE(store.error().message.find("is not writable by this user"), std::string::npos)
        << store.error().message;
    EXPECT_NE(store.error().message.find(state.string()), std::string::npos) << store.error().message;
  }
  EXPECT_FALSE(fs::exists(state / "new.db"));
  EXPECT_EQ(read_bytes(db), bytes);
  // pcsyncctl's read-only open is not helped by this check: it still needs a -shm beside a WAL database.
}

TEST(StoreFaults, AMissingDirectoryIsNamedAndNotCreated) {
  pcs::test::TempDir dir;
  const fs::path missing = dir.path() / "no-such-dir";
  auto store = Store::open((missing / "pcsync.db").string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreCannotOpen") << store.error().describe();
  EXPECT_NE(store.error().message.find("its directory " + missing.string() + " does not exist"), std::string::npos)
      << store.error().message;
  EXPECT_FALSE(fs::exists(missing));
}

class Umask {
 public:
  explicit Umask(mode_t m) : old_(::umask(m)) {}
  ~Umask() { ::umask(old_); }

 private:
  mode_t old_;
};

TEST(StoreFiles, ANewDatabaseAndItsWalAndShmAreOwnerOnlyEvenUnderUmask000) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  Umask open_everything(0);
  auto store = Store::open(db.string());
  ASSERT_TRUE(store) << store.error().describe();
  std::array page{test::invitation("engi-1")};
  ASSERT_OK(store->upsert_invitations(page, kNow));
  ASSERT_TRUE(fs::exists(wal_of(db)));
  ASSERT_TRUE(fs::exists(shm_of(db)));
  EXPECT_EQ(mode_of(db), 0600u);
  EXPECT_EQ(mode_of(wal_of(db)), 0600u);
  EXPECT_EQ(mode_of(shm_of(db)), 0600u);
  EXPECT_TRUE(store->open_notices().empty());
  // Control: the same umask gives a file created the ordinary way 0666, so the 0600 above is the store's doing.
  const int fd = ::open((dir.path() / "control").c_str(), O_CREAT | O_WRONLY, 0666);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_EQ(mode_of(dir.path() / "control"), 0666u);
}

TEST(StoreFiles, AnExistingDatabaseReadableByOthersIsTightenedWithItsWalAndShm) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 10));
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  // Another connection keeps -wal and -shm in place; SQLite gave them the database's mode at the time, 0644.
  SQLite::Database other(db.string(), SQLite::OPEN_READONLY);
  ASSERT_EQ(other.execAndGet("SELECT count(*) FROM invitations").getInt(), 10);
  ASSERT_EQ(mode_of(shm_of(db)), 0644u);

  {
    auto store = Store::open(db.string());
    ASSERT_TRUE(store) << store.error().describe();
    EXPECT_EQ(mode_of(db), 0600u);
    EXPECT_EQ(mode_of(wal_of(db)), 0600u);
    EXPECT_EQ(mode_of(shm_of(db)), 0600u);
    const auto& notices = store->open_notices();
    ASSERT_EQ(notices.size(), 3u);
    EXPECT_NE(notices[0].find("database " + db.string() + " was accessible to group/others (mode 0644)"),
              std::string::npos)
        << notices[0];
    EXPECT_NE(notices[1].find(wal_of(db).string()), std::string::npos) << notices[1];
    EXPECT_NE(notices[2].find(shm_of(db).string()), std::string::npos) << notices[2];
  }
  // Once tight, nothing more to say.
  auto again = Store::open(db.string());
  ASSERT_OK(again);
  EXPECT_TRUE(again->open_notices().empty());
}

// ---- a full disk ----

// Fills the file system holding dir: writes a ballast file until the kernel says ENOSPC.
TEST(StoreFaults, AFullDiskFailsANewDatabaseAtOpen) {
  pcs::test::SmallDisk disk(1 << 20);
  if (!disk.mounted()) GTEST_SKIP() << "no small file system to fill: " << disk.why_not();
  disk.fill_up();
  auto store = Store::open((disk.path() / "pcsync.db").string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreFull") << store.error().describe();
  EXPECT_NE(store.error().message.find("free space"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("start pcsyncd again"), std::string::npos) << store.error().message;
}

TEST(StoreFaults, AFullDiskFailsAnExistingDatabaseAtOpenWithoutHarm) {
  pcs::test::SmallDisk disk(2 << 20);
  if (!disk.mounted()) GTEST_SKIP() << "no small file system to fill: " << disk.why_not();
  const fs::path db = disk.path() / "pcsync.db";
  ASSERT_NO_FATAL_FAILURE(make_database(db, 50));
  const fs::path ballast = disk.fill_up();
  const std::string bytes = read_bytes(db);
  {
    // SQLite cannot even create the -shm index it needs beside a WAL database.
    auto store = Store::open(db.string());
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, "StoreFull") << store.error().describe();
    EXPECT_NE(store.error().message.find("the disk is full"), std::string::npos) << store.error().message;
  }
  EXPECT_TRUE(read_bytes(db) == bytes);
  fs::remove(ballast);
  auto store = Store::open(db.string());
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_TRUE(*store->invitation("engi-49"));
}

TEST(StoreFaults, AFullDiskAtRunTimeFailsTheWriteRetryablyAndKeepsEveryCommit) {
  pcs::test::SmallDisk disk(2 << 20);
  if (!disk.mounted()) GTEST_SKIP() << "no small file system to fill: " << disk.why_not();
  const fs::path db = disk.path() / "pcsync.db";
  auto store = Store::open(db.string());
  ASSERT_TRUE(store) << store.error().describe();
  std::array first{test::invitation("engi-kept")};
  ASSERT_OK(store->upsert_invitations(first, kNow));
  ASSERT_OK(store->record_decision(test::decision("engi-kept", DecisionAction::accept, "r", "", false), kNow));

  const fs::path ballast = disk.fill_up();
  std::vector<InvitationSummary> big;
  for (int i = 0; i < 500; ++i) big.push_back(test::invitation("engi-new-" + std::to_string(i)));
  auto full = store->upsert_invitations(big, kNow);
  ASSERT_FALSE(full) << "500 invitations fitted on a full disk";
  EXPECT_EQ(full.error().code, "StoreFull") << full.error().describe();
  EXPECT_TRUE(full.error().retryable);
  EXPECT_NE(full.error().message.find("the disk is full"), std::string::npos) << full.error().message;
  EXPECT_NE(full.error().message.find("Nothing committed is lost"), std::string::npos);
  // Reads still work, and what was committed before is there; the failed page left nothing behind.
  auto kept = store->invitation("engi-kept");
  ASSERT_TRUE(kept && *kept) << (kept ? "absent" : kept.error().describe());
  EXPECT_FALSE(*store->invitation("engi-new-0"));

  fs::remove(ballast);  // the operator frees space; the next cycle's write goes through
  ASSERT_OK(store->upsert_invitations(big, kNow));
  EXPECT_TRUE(*store->invitation("engi-new-499"));
  EXPECT_EQ(store->unfinished_decisions()->size(), 1u);
  EXPECT_TRUE(store->integrity_check()) << store->integrity_check().error().describe();
}

}  // namespace
}  // namespace pcs::store
