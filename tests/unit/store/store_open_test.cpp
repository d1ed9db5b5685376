// Opening, migrations, identity and version checks, read-only mode, integrity.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <gtest/gtest.h>

#include <array>
#include <fstream>

#include "store/migrator.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "store_fixtures.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

using test::at;

const WallTime kNow = at("2024-06-01T00:00:00Z");

// The migration tests' rows: engi-1 PENDING (last_seen 2024-05-02), engi-2 ACCEPTED with this decision.
constexpr const char* kDoneAcceptOfEngi2 =
    "INSERT INTO decisions (invitation_id, catalog, action, rule, decided_at, dry_run, client_token, state, "
    "updated_at) VALUES ('engi-2', 'AWS', 'accept', 'r', '2024-05-01T00:00:00Z', 0, 't', 'done', "
    "'2024-05-01T00:00:00Z');";

void expect_pending_and_decided_rows(Store& store) {
  auto one = store.invitation("engi-1");
  ASSERT_TRUE(one && one->has_value());
  EXPECT_EQ((*one)->last_seen, at("2024-05-02T00:00:00Z"));
  auto pending = store.pending_undecided(kNow, {.catalog = "AWS"});
  ASSERT_TRUE(pending && pending->size() == 1u);
  EXPECT_EQ(pending->front().summary.id, "engi-1");
  auto decided = store.latest_decision("engi-2");
  ASSERT_TRUE(decided && decided->has_value());
}


// A database file as an older pcsyncd left it: schema `version`, then `sql` (rows that version wrote).
std::string database_at_version(const pcs::test::TempDir& dir, int version, const std::string& sql = {}) {
  const std::string path = (dir.path() / ("v" + std::to_string(version) + ".db")).string();
  SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  apply_migrations(raw, migrations().first(std::size_t(version)));
  EXPECT_EQ(read_user_version(raw), version);
  if (!sql.empty()) raw.exec(sql);
  return path;
}

TEST(StoreOpen, MigratesAnEmptyDatabaseToTheLatestVersion) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store) << store.error().describe();
  auto version = store->schema_version();
  ASSERT_OK(version);
  EXPECT_EQ(*version, latest_schema_version());
  EXPECT_GE(latest_schema_version(), 2);
  EXPECT_TRUE(store->integrity_check()) << store->integrity_check().error().describe();
}

TEST(StoreOpen, MigrationsAreOrderedFromOne) {
  int expected = 1;
  for (const auto& m : migrations()) EXPECT_EQ(m.version, expected++) << m.description;
}

TEST(StoreOpen, FileDatabaseReopensWithItsDataAndPragmas) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "pcsyncd.db").string();
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().describe();
    std::array page{test::invitation("engi-1")};
    ASSERT_OK(store->upsert_invitations(page, kNow));
  }
  auto again = Store::open(path);  // idempotent: no migration runs twice
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(*again->schema_version(), latest_schema_version());
  auto inv = again->invitation("engi-1");
  ASSERT_OK(inv);
  ASSERT_TRUE(inv->has_value());
  EXPECT_EQ((*inv)->summary.engagement_title, "Title of engi-1");

  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(raw.execAndGet("PRAGMA application_id").getInt(), kApplicationId);
}

TEST(StoreOpen, DecisionForAnUnknownInvitationNamesIt) {
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  auto d = store->record_decision(test::decision("engi-missing", DecisionAction::accept, "r", "", false), kNow);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().kind, ErrorKind::not_found);
  EXPECT_NE(d.error().message.find("engi-missing"), std::string::npos);
}

TEST(StoreOpen, MigratesAnOlderSchemaForward) {
  pcs::test::TempDir dir;
  const std::string path = database_at_version(dir, 1);
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ(*store->schema_version(), latest_schema_version());
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = 'v_invitations'")
                .getInt(),
            1);
}

// Schema 3 renamed the task kind of StartOpportunityFromEngagementTask, which schema 2 spelt from_opportunity
// (the name of no operation). A database written by schema 2 comes through with its tasks, their history and
// the new spelling, in the table, in v_tasks and in what the store reads back.
TEST(StoreOpen, ASchema2DatabaseKeepsItsTasksWithTheRenamedKind) {
  pcs::test::TempDir dir;
  const std::string path = database_at_version(
      dir, 2,
      "INSERT INTO tasks (task_id, kind, catalog, engagement_invitation_id, task_status, first_seen, updated_at) "
      "VALUES ('task-accept', 'accept_invitation', 'AWS', 'engi-1', 'COMPLETE', '2024-05-01T00:00:00Z', "
      "'2024-05-01T00:00:00Z'), ('task-opportunity', 'from_opportunity', 'AWS', NULL, 'IN_PROGRESS', "
      "'2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z');"
      "INSERT INTO task_status_history (task_id, task_status, observed_at) VALUES "
      "('task-opportunity', 'IN_PROGRESS', '2024-05-01T00:00:00Z');");
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ(*store->schema_version(), latest_schema_version());
  auto opportunity = store->list_tasks({.kind = TaskKind::opportunity_from_engagement});
  ASSERT_TRUE(opportunity.ok() && opportunity->size() == 1u);
  EXPECT_EQ(opportunity->front().task_id, "task-opportunity");
  auto accept = store->list_tasks({.kind = TaskKind::accept_invitation});
  ASSERT_TRUE(accept.ok() && accept->size() == 1u);
  EXPECT_EQ(accept->front().task_id, "task-accept");

  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT Kind FROM v_tasks WHERE TaskId = 'task-opportunity'").getString(),
            "opportunity_from_engagement");
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM tasks WHERE kind = 'from_opportunity'").getInt(), 0);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM task_status_history WHERE task_id = 'task-opportunity'").getInt(), 1);
}

// A new file gets 8 KiB pages; a file made with 4 KiB pages opens, migrates and keeps them (only a VACUUM could
// change them, and pcsyncd runs none).
TEST(StoreOpen, ANewFileHas8KiBPagesAnOlderOneKeepsItsOwn) {
  pcs::test::TempDir dir;
  const std::string fresh = (dir.path() / "new.db").string();
  const std::string older = (dir.path() / "old.db").string();
  {
    SQLite::Database raw(older, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA page_size = 4096");
    apply_migrations(raw, migrations().first(7));
  }
  for (const auto& [path, page_size] : {std::pair{fresh, 8192}, std::pair{older, 4096}}) {
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().describe();
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA page_size").getInt(), page_size) << path;
    EXPECT_EQ(*store->schema_version(), latest_schema_version());
  }
}

// Schema 8 rebuilds invitations (CHECKs without a function, last_seen without NOT NULL): a schema 7 database
// keeps every row, its rowid, the decision that refers to it, the view and the indexes, and the rebuilt table
// still refuses an empty id.
TEST(StoreOpen, ASchema7DatabaseMigratesToTheRebuiltInvitationsWithItsRows) {
  pcs::test::TempDir dir;
  const std::string path = database_at_version(
      dir, 7,
      std::string("INSERT INTO invitations (rowid, id, catalog, status, expiration_date, project_title, first_seen, "
                  "last_seen, details_fetched_at, unlisted_since) VALUES "
                  "(5, 'engi-1', 'AWS', 'PENDING', '2030-01-01T00:00:00Z', 'Lift', '2024-05-01T00:00:00Z', "
                  "'2024-05-02T00:00:00Z', '2024-05-02T00:00:00Z', NULL), "
                  "(9, 'engi-2', 'AWS', 'ACCEPTED', NULL, NULL, '2024-05-01T00:00:00Z', '2024-05-03T00:00:00Z', "
                  "NULL, '2024-05-04T00:00:00Z');") +
          kDoneAcceptOfEngi2);
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ(*store->schema_version(), latest_schema_version());
  ASSERT_NO_FATAL_FAILURE(expect_pending_and_decided_rows(*store));
  auto one = store->invitation("engi-1");
  ASSERT_TRUE(one && one->has_value() && (*one)->details);
  EXPECT_EQ((*one)->details->project_title, "Lift");
  std::vector<InvitationSummary> empty_id{test::invitation("")};
  EXPECT_FALSE(store->upsert_invitations(empty_id, kNow));

  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(rowid || id, ' ') FROM (SELECT rowid, id FROM invitations "
                           "ORDER BY rowid)").getString(),
            "5engi-1 9engi-2");
  EXPECT_EQ(raw.execAndGet("SELECT unlisted_since FROM invitations WHERE id = 'engi-2'").getString(),
            "2024-05-04T00:00:00Z");
  EXPECT_EQ(raw.execAndGet("SELECT Decision FROM v_invitations WHERE Id = 'engi-2'").getString(), "accept");
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'invitations_v8'").getInt(), 0);
  // A catalog's PENDING rows are counted from the pending index alone (every complete listing counts them).
  SQLite::Statement plan(raw, "EXPLAIN QUERY PLAN SELECT count(*) FROM invitations WHERE catalog = 'AWS' AND "
                              "status = 'PENDING'");
  ASSERT_TRUE(plan.executeStep());
  EXPECT_EQ(plan.getColumn(3).getString(),
            "SEARCH invitations USING COVERING INDEX idx_invitations_pending (catalog=?)");
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = "
                           "'index' AND tbl_name = 'invitations' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name)")
                .getString(),
            "idx_invitations_pending idx_invitations_settled idx_invitations_unlisted");
}

// Schema 4 drops two invitation indexes, adds the pending walk's and the listing coverage: a database written by
// schema 3, with invitations, a decision and a view in use, comes through with its data, and LastSeen is what
// schema 3 stored.
TEST(StoreOpen, ASchema3DatabaseMigratesWithItsRowsAndLastSeen) {
  pcs::test::TempDir dir;
  const std::string path = database_at_version(
      dir, 3,
      std::string(
          "INSERT INTO invitations (id, catalog, status, expiration_date, first_seen, last_seen) VALUES "
          "('engi-1', 'AWS', 'PENDING', '2030-01-01T00:00:00Z', '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z'), "
          "('engi-2', 'AWS', 'ACCEPTED', NULL, '2024-05-01T00:00:00Z', '2024-05-03T00:00:00Z');") +
          kDoneAcceptOfEngi2);
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ(*store->schema_version(), latest_schema_version());
  ASSERT_NO_FATAL_FAILURE(expect_pending_and_decided_rows(*store));
  EXPECT_EQ((*store->latest_decision("engi-2"))->rule, "r");

  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT LastSeen FROM v_invitations WHERE Id = 'engi-2'").getString(), "2024-05-03T00:00:00Z");
  EXPECT_EQ(raw.execAndGet("SELECT Decision FROM v_invitations WHERE Id = 'engi-2'").getString(), "accept");
  auto indexes = [&] {
    std::string names;
    SQLite::Statement q(raw, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invitations' "
                             "AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name");
    while (q.executeStep()) names += q.getColumn(0).getString() + " ";
    return names;
  };
  EXPECT_EQ(indexes(), "idx_invitations_pending idx_invitations_settled idx_invitations_unlisted ");
}

// A migration may switch legacy_alter_table on for itself (schema 8 does), and migrations free pages without
// zeroing them; both are as they were afterwards, even when a migration fails before its own reset.
TEST(StoreOpen, AFailedMigrationLeavesTheConnectionsSettingsAsTheyWere) {
  const std::array<Migration, 2> list{{
      {1, "a table", "CREATE TABLE t (id TEXT PRIMARY KEY);"},
      {2, "fails halfway", "PRAGMA legacy_alter_table = ON; INSERT INTO missing VALUES (1); "
                           "PRAGMA legacy_alter_table = OFF;"},
  }};
  SQLite::Database raw(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  raw.exec("PRAGMA secure_delete = ON");
  EXPECT_THROW(apply_migrations(raw, list), SQLite::Exception);
  EXPECT_EQ(read_user_version(raw), 1);
  EXPECT_EQ(raw.execAndGet("PRAGMA legacy_alter_table").getInt(), 0);
  EXPECT_EQ(raw.execAndGet("PRAGMA secure_delete").getInt(), 1);
}

// Foreign keys are not enforced while a migration rebuilds tables, but a migration that would leave a dangling
// reference is still refused (and rolled back), and enforcement is back afterwards.
TEST(StoreOpen, AMigrationThatBreaksAReferenceIsRolledBack) {
  const std::array<Migration, 2> list{{
      {1, "parent and child", "CREATE TABLE parent (id TEXT PRIMARY KEY); "
                              "CREATE TABLE child (id INTEGER PRIMARY KEY, parent TEXT REFERENCES parent(id));"},
      {2, "an orphan", "INSERT INTO child (parent) VALUES ('missing');"},
  }};
  SQLite::Database raw(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  raw.exec("PRAGMA foreign_keys = ON");
  EXPECT_THROW(apply_migrations(raw, list), SQLite::Exception);
  EXPECT_EQ(read_user_version(raw), 1);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM child").getInt(), 0);
  EXPECT_EQ(raw.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_THROW(raw.exec("INSERT INTO child (parent) VALUES ('missing')"), SQLite::Exception);
}

TEST(StoreOpen, RefusesANewerSchema) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "new.db").string();
  ASSERT_OK(Store::open(path));
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 99");
  }
  for (auto mode : {OpenMode::read_write, OpenMode::read_only}) {
    auto store = Store::open(path, {mode});
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, "StoreSchemaTooNew");
    EXPECT_NE(store.error().message.find("99"), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
  }
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(read_user_version(raw), 99);  // refused without touching it
}

TEST(StoreOpen, RefusesAnotherProgramsDatabase) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "other.db").string();
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE notes (x TEXT)");
  }
  auto store = Store::open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreNotPcsyncd");
  EXPECT_NE(store.error().message.find("is not a pcsyncd database"), std::string::npos);
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_FALSE(raw.tableExists("invitations"));
}

TEST(StoreOpen, RefusesAFileThatIsNotSqlite) {
  pcs::test::TempDir dir;
  auto path = dir.write("garbage.db", std::string(4096, 'x'));
  auto store = Store::open(path.string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreNotPcsyncd") << store.error().describe();
  EXPECT_NE(store.error().message.find(path.string()), std::string::npos);
}

TEST(StoreOpen, ReportsAMissingDirectory) {
  auto store = Store::open("/nonexistent-dir-for-pcsyncd-tests/x.db");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "StoreCannotOpen") << store.error().describe();
  EXPECT_NE(store.error().message.find("/nonexistent-dir-for-pcsyncd-tests does not exist"), std::string::npos)
      << store.error().message;
}

TEST(StoreReadOnly, RefusesAMissingOrUnmigratedFile) {
  pcs::test::TempDir dir;
  auto missing = Store::open((dir.path() / "none.db").string(), {OpenMode::read_only});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "StoreMissing");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "none.db"));

  auto old = Store::open(database_at_version(dir, 1), {OpenMode::read_only});
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, "StoreNotMigrated");
  EXPECT_NE(old.error().message.find("start pcsyncd once"), std::string::npos);
}

TEST(StoreReadOnly, CannotWrite) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "ro.db").string();
  ASSERT_OK(Store::open(path));
  auto ro = Store::open(path, {OpenMode::read_only});
  ASSERT_TRUE(ro) << ro.error().describe();
  std::array page{test::invitation("engi-1")};
  auto r = ro->upsert_invitations(page, kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "StoreReadOnly") << r.error().describe();
}

TEST(StoreReadOnly, ReadsWhileTheWriterHoldsATransaction) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "wal.db").string();
  auto writer = Store::open(path);
  ASSERT_OK(writer);
  std::array committed{test::invitation("engi-1")};
  ASSERT_OK(writer->upsert_invitations(committed, kNow));

  // Another connection (the daemon mid-page) holds the write lock with uncommitted work.
  SQLite::Database busy(path, SQLite::OPEN_READWRITE);
  SQLite::Transaction tx(busy, SQLite::TransactionBehavior::IMMEDIATE);
  busy.exec("UPDATE invitations SET engagement_title = 'uncommitted' WHERE id = 'engi-1'");

  auto reader = Store::open(path, {OpenMode::read_only, std::chrono::milliseconds{200}});
  ASSERT_TRUE(reader) << reader.error().describe();
  auto list = reader->list_invitations({});
  ASSERT_TRUE(list) << list.error().describe();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().invitation.summary.engagement_title, "Title of engi-1");
  auto summary = reader->status_summary(kNow);
  ASSERT_TRUE(summary) << summary.error().describe();
  EXPECT_EQ(summary->invitations_by_status["PENDING"], 1);

  // A second writer is told who is in the way instead of hanging.
  auto second = Store::open(path, {OpenMode::read_write, std::chrono::milliseconds{50}});
  ASSERT_OK(second);
  std::array more{test::invitation("engi-2")};
  auto blocked = second->upsert_invitations(more, kNow);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, "StoreLocked");
  EXPECT_NE(blocked.error().message.find("locked by another writer"), std::string::npos);
  EXPECT_TRUE(blocked.error().retryable);

  // tx rolls back when it goes out of scope.
}

}  // namespace
}  // namespace pcs::store
