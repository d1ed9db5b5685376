// A listing writes only what changed; a complete listing confirms the rest (LastSeen) without rewriting it, and
// marks the rows it did not return. Checked through the store and, underneath, in the file's own columns and in
// v_invitations.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "result_printers.hpp"
#include "store/seen_ids.hpp"
#include "store/store.hpp"
#include "store_fixtures.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

using namespace std::chrono_literals;

using test::at;

const WallTime t1 = at("2024-06-01T00:00:00Z");
const WallTime t2 = at("2024-06-01T01:00:00Z");
const WallTime t3 = at("2024-06-01T02:00:00Z");
const WallTime t4 = at("2024-06-01T03:00:00Z");
const WallTime t5 = at("2024-06-01T04:00:00Z");

class StoreListing : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::open(path());
    ASSERT_TRUE(opened) << opened.error().describe();
    store_.emplace(std::move(*opened));
    raw_.emplace(path(), SQLite::OPEN_READONLY);
  }
  std::string path() const { return (dir_.path() / "pcsync.db").string(); }
  Store& store() { return *store_; }

  // What the file holds, under the store: the row's own last_seen column and its unlisted mark.
  std::string column(const std::string& id, const char* name) {
    SQLite::Statement q(*raw_, std::string("SELECT coalesce(") + name + ", '') FROM invitations WHERE id = ?");
    q.bind(1, id);
    return q.executeStep() ? q.getColumn(0).getString() : "<no row>";
  }
  std::string view_last_seen(const std::string& id) {
    SQLite::Statement q(*raw_, "SELECT LastSeen FROM v_invitations WHERE Id = ?");
    q.bind(1, id);
    return q.executeStep() ? q.getColumn(0).getString() : "<no row>";
  }
  WallTime last_seen(const std::string& id) {
    auto inv = store().invitation(id);
    EXPECT_TRUE(inv && inv->has_value()) << id;
    return inv && inv->has_value() ? (*inv)->last_seen : WallTime{};
  }
  Status listed(std::string_view scope, WallTime started, std::initializer_list<const char*> ids) {
    SeenIds seen;
    for (const char* id : ids) seen.add(id);
    return store().record_listing("AWS", scope, started, seen);
  }

  pcs::test::TempDir dir_;
  std::optional<Store> store_;
  std::optional<SQLite::Database> raw_;
};

TEST_F(StoreListing, AnUnchangedRowIsNotRewrittenAChangedOneIs) {
  std::vector<InvitationSummary> page{test::invitation("engi-1"), test::invitation("engi-2")};
  auto first = store().upsert_invitations(page, t1);
  ASSERT_OK(first);
  EXPECT_EQ(first->inserted, 2);
  EXPECT_EQ(first->changed, 0);

  auto again = store().upsert_invitations(page, t2);
  ASSERT_OK(again);
  EXPECT_EQ(again->seen, 2);
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->changed, 0);
  EXPECT_EQ(column("engi-1", "last_seen"), "2024-06-01T00:00:00Z") << "an unchanged row was rewritten";

  page[1].status = "ACCEPTED";
  auto changed = store().upsert_invitations(page, t3);
  ASSERT_OK(changed);
  EXPECT_EQ(changed->inserted, 0);
  EXPECT_EQ(changed->changed, 1);
  EXPECT_EQ(column("engi-1", "last_seen"), "2024-06-01T00:00:00Z");
  EXPECT_EQ(column("engi-2", "last_seen"), "2024-06-01T02:00:00Z");
  EXPECT_EQ(column("engi-2", "first_seen"), "2024-06-01T00:00:00Z");
  EXPECT_EQ(column("engi-2", "status"), "ACCEPTED");
}

// Every member counts: a change to any one of them rewrites the row; a member the answer left out does not.
TEST_F(StoreListing, EachMemberIsComparedAndAnAbsentOneIsNoChange) {
  std::vector<InvitationSummary> page{test::invitation("engi-1")};
  ASSERT_OK(store().upsert_invitations(page, t1));
  using Edit = void (*)(InvitationSummary&);
  const std::vector<std::pair<const char*, Edit>> edits{
      {"arn", [](InvitationSummary& m) { m.arn += "x"; }},
      {"payload_type", [](InvitationSummary& m) { m.payload_type = "Other"; }},
      {"engagement_id", [](InvitationSummary& m) { m.engagement_id += "x"; }},
      {"engagement_title", [](InvitationSummary& m) { m.engagement_title += "x"; }},
      {"status", [](InvitationSummary& m) { m.status = "EXPIRED"; }},
      {"invitation_date", [](InvitationSummary& m) { m.invitation_date = at("2024-05-02T00:00:00Z"); }},
      {"expiration_date", [](InvitationSummary& m) { m.expiration_date = at("2031-01-01T00:00:00Z"); }},
      {"sender_aws_account_id", [](InvitationSummary& m) { m.sender_aws_account_id = "999999999999"; }},
      {"sender_company_name", [](InvitationSummary& m) { m.sender_company_name += "x"; }},
      {"receiver_alias", [](InvitationSummary& m) { m.receiver_alias += "x"; }},
      {"receiver_aws_account_id", [](InvitationSummary& m) { m.receiver_aws_account_id = "888888888888"; }},
      {"participant_type", [](InvitationSummary& m) { m.participant_type = "SENDER"; }},
  };
  for (const auto& [name, edit] : edits) {
    edit(page[0]);
    auto r = store().upsert_invitations(page, t2);
    ASSERT_OK(r);
    EXPECT_EQ(r->changed, 1) << name << " changed, yet the row was not rewritten";
    auto same = store().upsert_invitations(page, t3);
    ASSERT_OK(same);
    EXPECT_EQ(same->changed, 0) << name;
  }
  // An id belongs to one catalog: the first one it was stored with stays (schema 8 writes catalog on insert only).
  page[0].catalog = "Sandbox";
  auto other_catalog = store().upsert_invitations(page, t3);
  ASSERT_OK(other_catalog);
  EXPECT_EQ(other_catalog->changed, 0);
  EXPECT_EQ(column("engi-1", "catalog"), "AWS");
  page[0].catalog = "AWS";

  InvitationSummary sparse;
  sparse.id = "engi-1";
  sparse.catalog = page[0].catalog;  // everything else absent: keeps what is stored
  std::vector<InvitationSummary> sparse_page{sparse};
  auto r = store().upsert_invitations(sparse_page, t4);
  ASSERT_OK(r);
  EXPECT_EQ(r->changed, 0);
  EXPECT_EQ(column("engi-1", "participant_type"), "SENDER");
}

TEST_F(StoreListing, ACompleteListingConfirmsUnchangedRowsWithoutWritingThem) {
  std::vector<InvitationSummary> page{test::invitation("engi-1"), test::invitation("engi-2")};
  ASSERT_OK(store().upsert_invitations(page, t1));
  ASSERT_OK(store().upsert_invitations(page, t2));  // the listing of t2: nothing changed
  ASSERT_OK(listed("", t2, {"engi-1", "engi-2"}));

  EXPECT_EQ(last_seen("engi-1"), t2);
  EXPECT_EQ(last_seen("engi-2"), t2);
  EXPECT_EQ(view_last_seen("engi-1"), "2024-06-01T01:00:00Z");
  EXPECT_EQ(column("engi-1", "last_seen"), "2024-06-01T00:00:00Z") << "confirmed by rewriting the row";
  EXPECT_EQ(column("engi-1", "unlisted_since"), "");
}

TEST_F(StoreListing, ARowTheListingDidNotReturnKeepsItsLastSeenUntilOneDoes) {
  std::vector<InvitationSummary> page{test::invitation("engi-1"), test::invitation("engi-2")};
  ASSERT_OK(store().upsert_invitations(page, t1));
  ASSERT_OK(listed("", t2, {"engi-1", "engi-2"}));
  // t3: engi-2 is no longer returned.
  ASSERT_OK(listed("", t3, {"engi-1"}));
  EXPECT_EQ(last_seen("engi-1"), t3);
  EXPECT_EQ(last_seen("engi-2"), t2) << "seen last at t2, by the listing before";
  EXPECT_EQ(column("engi-2", "unlisted_since"), "2024-06-01T02:00:00Z");
  EXPECT_EQ(view_last_seen("engi-2"), "2024-06-01T01:00:00Z");
  ASSERT_OK(listed("", t4, {"engi-1"}));
  EXPECT_EQ(last_seen("engi-2"), t2);

  // t5: returned again, unchanged: it is rewritten (the mark ends) and seen now.
  std::vector<InvitationSummary> back{test::invitation("engi-2")};
  auto r = store().upsert_invitations(back, t5);
  ASSERT_OK(r);
  EXPECT_EQ(r->changed, 1);
  ASSERT_OK(listed("", t5, {"engi-1", "engi-2"}));
  EXPECT_EQ(last_seen("engi-2"), t5);
  EXPECT_EQ(column("engi-2", "unlisted_since"), "");
}

// A listing may return a marked row without writing it (its page had the bytes of a listing that wrote it, see
// sync::ListingMemo): having been returned, it is no longer unlisted and is seen now.
TEST_F(StoreListing, AMarkedRowReturnedWithoutARewriteIsNoLongerUnlisted) {
  std::vector<InvitationSummary> page{test::invitation("engi-1"), test::invitation("engi-2")};
  ASSERT_OK(store().upsert_invitations(page, t1));
  ASSERT_OK(listed("", t2, {"engi-1"}));
  ASSERT_EQ(column("engi-2", "unlisted_since"), "2024-06-01T01:00:00Z");
  ASSERT_OK(listed("", t3, {"engi-1", "engi-2"}));
  EXPECT_EQ(column("engi-2", "unlisted_since"), "");
  EXPECT_EQ(last_seen("engi-2"), t3);
  EXPECT_EQ(column("engi-1", "unlisted_since"), "");
}

// A PENDING-only listing confirms the PENDING rows only; a row it no longer returns (accepted elsewhere, expired)
// is marked, and the next listing of every status clears that by returning it with its new status.
TEST_F(StoreListing, APendingListingCoversPendingRowsOnly) {
  std::vector<InvitationSummary> page{test::invitation("engi-pending"), test::invitation("engi-gone"),
                                      test::invitation("engi-accepted", "ACCEPTED")};
  ASSERT_OK(store().upsert_invitations(page, t1));
  ASSERT_OK(listed("PENDING", t2, {"engi-pending"}));
  EXPECT_EQ(last_seen("engi-pending"), t2);
  EXPECT_EQ(last_seen("engi-accepted"), t1) << "not in a PENDING listing's scope";
  EXPECT_EQ(last_seen("engi-gone"), t1);
  EXPECT_EQ(column("engi-gone", "unlisted_since"), "2024-06-01T01:00:00Z");

  std::vector<InvitationSummary> all{test::invitation("engi-pending"), test::invitation("engi-gone", "EXPIRED"),
                                     test::invitation("engi-accepted", "ACCEPTED")};
  auto r = store().upsert_invitations(all, t3);
  ASSERT_OK(r);
  EXPECT_EQ(r->changed, 1);  // engi-gone, now EXPIRED
  ASSERT_OK(listed("", t3, {"engi-pending", "engi-gone", "engi-accepted"}));
  for (const char* id : {"engi-pending", "engi-gone", "engi-accepted"}) EXPECT_EQ(last_seen(id), t3) << id;
  EXPECT_EQ(column("engi-gone", "unlisted_since"), "");
}

// The undecided walk takes a catalog's PENDING coverage once per query instead of per row: the LastSeen it
// reports is the one every other read reports, by catalog and without (per-row coverage), from either bound.
TEST_F(StoreListing, TheUndecidedWalkReportsTheLastSeenOfEveryOtherRead) {
  std::vector<InvitationSummary> page{test::invitation("engi-1"), test::invitation("engi-2"),
                                      test::invitation("engi-3")};
  ASSERT_OK(store().upsert_invitations(page, t1));
  ASSERT_OK(listed("", t2, {"engi-1", "engi-2", "engi-3"}));
  ASSERT_OK(listed("PENDING", t3, {"engi-1", "engi-3"}));  // engi-2 no longer returned: unlisted, stays t2
  const WallTime now = t4;
  for (const std::string catalog : {"AWS", ""}) {
    SCOPED_TRACE("catalog '" + catalog + "'");
    PendingQuery query{.catalog = catalog, .limit = 2};
    auto first = store().pending_undecided(now, query);
    ASSERT_OK(first);
    ASSERT_EQ(first->size(), 2u);
    query.after = Store::pending_cursor(first->back());
    auto rest = store().pending_undecided(now, query);  // from the cursor: the other statement
    ASSERT_OK(rest);
    ASSERT_EQ(rest->size(), 1u);
    first->push_back(rest->front());
    for (const Invitation& inv : *first) EXPECT_EQ(inv.last_seen, last_seen(inv.summary.id)) << inv.summary.id;
    EXPECT_EQ(last_seen("engi-1"), t3);
    EXPECT_EQ(last_seen("engi-2"), t2);
  }
}

// Coverage is per catalog: listing one catalog says nothing about the other's rows.
TEST_F(StoreListing, CoverageIsPerCatalog) {
  auto sandbox = test::invitation("engi-sandbox");
  sandbox.catalog = "Sandbox";
  std::vector<InvitationSummary> page{test::invitation("engi-aws"), sandbox};
  ASSERT_OK(store().upsert_invitations(page, t1));
  ASSERT_OK(listed("", t2, {"engi-aws"}));
  EXPECT_EQ(last_seen("engi-aws"), t2);
  EXPECT_EQ(last_seen("engi-sandbox"), t1);
  EXPECT_EQ(column("engi-sandbox", "unlisted_since"), "");

  // The other catalog's complete listing, with AWS rows on the other side of it: each sees its own rows only.
  SeenIds sandbox_seen;
  sandbox_seen.add("engi-sandbox");
  ASSERT_OK(store().record_listing("Sandbox", "", t3, sandbox_seen));
  EXPECT_EQ(last_seen("engi-sandbox"), t3);
  EXPECT_EQ(column("engi-aws", "unlisted_since"), "");
  SeenIds none;
  ASSERT_OK(store().record_listing("Sandbox", "", t4, none));
  EXPECT_EQ(column("engi-sandbox", "unlisted_since"), "2024-06-01T03:00:00Z");
  EXPECT_EQ(column("engi-aws", "unlisted_since"), "");
}

// A listing's pages go into one open transaction: invisible to readers until committed, committed by
// commit_listed_invitations() or by any other call first; a bad row undoes its own page only.
TEST_F(StoreListing, ListedPagesShareOneTransactionAndABadRowUndoesItsPageOnly) {
  auto visible = [&](const std::string& id) { return column(id, "id") == id; };
  std::vector<InvitationSummary> page1{test::invitation("engi-1"), test::invitation("engi-2")};
  auto first = store().upsert_listed_invitations(page1, t1);
  ASSERT_OK(first);
  EXPECT_EQ(first->inserted, 2);
  EXPECT_FALSE(visible("engi-1")) << "committed page by page";

  std::vector<InvitationSummary> bad{test::invitation("engi-3"), test::invitation("")};  // CHECK (id <> '')
  auto refused = store().upsert_listed_invitations(bad, t1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "StoreConstraint");

  auto no_catalog = test::invitation("engi-5");
  no_catalog.catalog.clear();  // CHECK (catalog <> '')
  std::vector<InvitationSummary> bad2{test::invitation("engi-6"), no_catalog};
  auto refused2 = store().upsert_listed_invitations(bad2, t1);
  ASSERT_FALSE(refused2);
  EXPECT_EQ(refused2.error().code, "StoreConstraint");
  EXPECT_NE(refused2.error().message.find("engi-5"), std::string::npos) << refused2.error().message;

  std::vector<InvitationSummary> page3{test::invitation("engi-4")};
  ASSERT_OK(store().upsert_listed_invitations(page3, t1));
  ASSERT_OK(store().commit_listed_invitations());
  EXPECT_TRUE(visible("engi-1"));
  EXPECT_TRUE(visible("engi-2"));
  EXPECT_FALSE(visible("engi-3")) << "the refused page was kept in part";
  EXPECT_FALSE(visible("engi-6")) << "the refused page was kept in part";
  EXPECT_TRUE(visible("engi-4"));
  ASSERT_OK(store().commit_listed_invitations());  // nothing open: a no-op
}

// A write that fails after some rows of a page were written (here a trigger standing in for an I/O error or a
// full disk) rolls back the whole open transaction: no page is kept in part, and the next listing starts clean.
TEST_F(StoreListing, AWriteThatFailsMidPageRollsBackTheOpenListing) {
  {
    SQLite::Database writer(path(), SQLite::OPEN_READWRITE);
    writer.exec("CREATE TRIGGER test_fault BEFORE INSERT ON invitations WHEN NEW.id = 'engi-fails' "
                "BEGIN SELECT RAISE(ABORT, 'injected write failure'); END");
  }
  auto visible = [&](const std::string& id) { return column(id, "id") == id; };
  std::vector<InvitationSummary> page1{test::invitation("engi-1")};
  ASSERT_OK(store().upsert_listed_invitations(page1, t1));
  std::vector<InvitationSummary> failing{test::invitation("engi-2"), test::invitation("engi-fails"),
                                         test::invitation("engi-3")};
  auto failed = store().upsert_listed_invitations(failing, t1);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("injected write failure"), std::string::npos) << failed.error().message;
  ASSERT_OK(store().commit_listed_invitations());  // nothing left open to commit
  for (const char* id : {"engi-1", "engi-2", "engi-3"}) EXPECT_FALSE(visible(id)) << id;

  std::vector<InvitationSummary> again{test::invitation("engi-1"), test::invitation("engi-2")};
  auto rewritten = store().upsert_listed_invitations(again, t2);
  ASSERT_OK(rewritten);
  EXPECT_EQ(rewritten->inserted, 2);
  ASSERT_OK(store().commit_listed_invitations());
  EXPECT_TRUE(visible("engi-1"));
  EXPECT_TRUE(visible("engi-2"));
  EXPECT_OK(store().integrity_check());
}

TEST_F(StoreListing, AnyOtherCallCommitsTheOpenListingFirst) {
  std::vector<InvitationSummary> page{test::invitation("engi-1")};
  ASSERT_OK(store().upsert_listed_invitations(page, t1));
  // A decision (its own IMMEDIATE transaction) cannot run inside the listing's: the listing is committed first.
  auto d = store().record_decision(test::decision("engi-1", DecisionAction::accept), t2);
  ASSERT_OK(d);
  EXPECT_EQ(column("engi-1", "id"), "engi-1");
  auto run = store().begin_sync_run(t2);
  ASSERT_OK(run);
}

// Found in review: when another call (the database watch, the notifier) committed the open listing and that
// commit failed, the listing's pages were rolled back but only that call heard of it; the listing went on, and the
// sync cycle kept those pages in its memo as stored. Now the listing's next write, or its commit, fails too (once).
TEST_F(StoreListing, AFailedCommitOfTheListingInsideAnotherCallFailsTheListingToo) {
  {
    // A deferred foreign key checked at COMMIT stands in for an I/O error or a full disk at that moment.
    SQLite::Database writer(path(), SQLite::OPEN_READWRITE);
    writer.exec("CREATE TABLE test_parent (id TEXT PRIMARY KEY)");
    writer.exec("CREATE TABLE test_child (parent TEXT REFERENCES test_parent(id) DEFERRABLE INITIALLY DEFERRED)");
    writer.exec("CREATE TRIGGER test_fault AFTER INSERT ON invitations WHEN NEW.id = 'engi-commit-fails' "
                "BEGIN INSERT INTO test_child VALUES ('nobody'); END");
  }
  auto visible = [&](const std::string& id) { return column(id, "id") == id; };
  for (int variant = 0; variant < 4; ++variant) {
    const bool ends_with_commit = variant % 2 == 1;
    const bool flushed = variant >= 2;  // the sync cycle's Store::flush_listing() instead of another call
    SCOPED_TRACE(std::string(flushed ? "flush_listing; " : "data_version; ") +
                 (ends_with_commit ? "the listing's next call is its commit" : "the listing's next call is a page"));
    std::vector<InvitationSummary> page1{test::invitation("engi-1")};
    std::vector<InvitationSummary> page2{test::invitation("engi-commit-fails")};
    ASSERT_OK(store().upsert_listed_invitations(page1, t1));
    ASSERT_OK(store().upsert_listed_invitations(page2, t1));
    // Commits the open listing first: the commit fails.
    if (flushed) {
      ASSERT_FALSE(store().flush_listing());
      ASSERT_OK(store().flush_listing()) << "nothing open: a no-op, which leaves the lost listing to the listing";
    } else {
      ASSERT_FALSE(store().data_version());
    }
    EXPECT_FALSE(visible("engi-1"));

    std::vector<InvitationSummary> page3{test::invitation("engi-3")};
    std::optional<Error> next;
    if (ends_with_commit) {
      if (auto c = store().commit_listed_invitations(); !c) next = c.error();
    } else if (auto u = store().upsert_listed_invitations(page3, t1); !u) {
      next = u.error();
    }
    ASSERT_TRUE(next) << "the listing did not hear that its pages were rolled back";
    EXPECT_NE(next->message.find("rolled back"), std::string::npos) << next->message;
    EXPECT_FALSE(visible("engi-3"));

    // Once: the next listing stores as usual.
    ASSERT_OK(store().upsert_listed_invitations(page1, t2));
    ASSERT_OK(store().commit_listed_invitations());
    EXPECT_TRUE(visible("engi-1"));
    SQLite::Database writer(path(), SQLite::OPEN_READWRITE);
    writer.exec("DELETE FROM invitations");
  }
}

// A failed commit the listing made itself is that call's error, and only that call's: the next listing stores.
TEST_F(StoreListing, TheListingsOwnFailedCommitIsNotReportedAgainByTheNextListing) {
  {
    SQLite::Database writer(path(), SQLite::OPEN_READWRITE);
    writer.exec("CREATE TABLE test_parent (id TEXT PRIMARY KEY)");
    writer.exec("CREATE TABLE test_child (parent TEXT REFERENCES test_parent(id) DEFERRABLE INITIALLY DEFERRED)");
    writer.exec("CREATE TRIGGER test_fault AFTER INSERT ON invitations WHEN NEW.id = 'engi-commit-fails' "
                "BEGIN INSERT INTO test_child VALUES ('nobody'); END");
  }
  std::vector<InvitationSummary> failing{test::invitation("engi-commit-fails")};
  ASSERT_OK(store().upsert_listed_invitations(failing, t1));
  ASSERT_FALSE(store().commit_listed_invitations());
  std::vector<InvitationSummary> next{test::invitation("engi-1")};
  ASSERT_OK(store().upsert_listed_invitations(next, t2));
  ASSERT_OK(store().commit_listed_invitations());
  EXPECT_EQ(column("engi-1", "id"), "engi-1");
}

// The listing's open transaction holds the write lock, which a person's pcsyncctl accept waits on: a page written
// once it has been open half a second commits it, whatever the row count (lib/sync also commits it while a page
// call is out for long). (The sleep only makes the transaction
// old enough; nothing here depends on how long anything took.)
TEST_F(StoreListing, APageWrittenOnceTheListingIsHalfASecondOldCommitsIt) {
  auto writer_can_begin = [&] {
    SQLite::Database other(path(), SQLite::OPEN_READWRITE);  // no busy timeout: locked means refused at once
    try {
      other.exec("BEGIN IMMEDIATE");
      other.exec("ROLLBACK");
      return true;
    } catch (const SQLite::Exception&) {
      return false;
    }
  };
  std::vector<InvitationSummary> page1{test::invitation("engi-1")};
  std::vector<InvitationSummary> page2{test::invitation("engi-2")};
  std::vector<InvitationSummary> page3{test::invitation("engi-3")};
  ASSERT_OK(store().upsert_listed_invitations(page1, t1));
  EXPECT_FALSE(writer_can_begin()) << "a young listing keeps its transaction open";
  std::this_thread::sleep_for(600ms);
  ASSERT_OK(store().upsert_listed_invitations(page2, t1));
  EXPECT_TRUE(writer_can_begin()) << "the listing kept the write lock past half a second";
  EXPECT_EQ(column("engi-2", "id"), "engi-2");
  ASSERT_OK(store().upsert_listed_invitations(page3, t1));
  ASSERT_OK(store().commit_listed_invitations());
  EXPECT_EQ(column("engi-3", "id"), "engi-3");
}

// Another writer that commits every 200 ms and takes the lock again 2 ms later: a write waiting on it gets in
// (SQLite's own busy wait sleeps up to 100 ms between tries and usually missed such gaps until its timeout).
TEST_F(StoreListing, AWriteWaitingOnAnotherWriterTakesAShortGapBetweenItsTransactions) {
  std::vector<InvitationSummary> page{test::invitation("engi-1")};
  ASSERT_OK(store().upsert_listed_invitations(page, t1));
  ASSERT_OK(store().commit_listed_invitations());
  std::atomic<bool> done{false};
  std::atomic<int> transactions{0};
  std::thread other_writer([&] {
    SQLite::Database other(path(), SQLite::OPEN_READWRITE, 10'000);
    while (!done) {
      other.exec("BEGIN IMMEDIATE");
      ++transactions;
      std::this_thread::sleep_for(200ms);
      other.exec("COMMIT");
      std::this_thread::sleep_for(2ms);
    }
  });
  while (transactions == 0) std::this_thread::sleep_for(1ms);
  auto d = store().record_decision(test::decision("engi-1", DecisionAction::accept), t2);
  done = true;
  other_writer.join();
  EXPECT_TRUE(d) << d.error().describe();
}

TEST(SeenIds, CountsEachIdOnceAndKnowsWhichItHolds) {
  SeenIds seen;
  EXPECT_EQ(seen.distinct(), 0u);
  seen.add("engi-1");
  seen.add("engi-2");
  seen.add("engi-1");
  EXPECT_EQ(seen.distinct(), 2u);
  seen.add("engi-3");  // added after a count: still found and counted
  EXPECT_TRUE(seen.contains("engi-3"));
  EXPECT_TRUE(seen.contains("engi-1"));
  EXPECT_FALSE(seen.contains("engi-4"));
  EXPECT_EQ(seen.distinct(), 3u);
  seen.clear();
  EXPECT_FALSE(seen.contains("engi-1"));
  EXPECT_EQ(seen.distinct(), 0u);
}

// A count known in advance answers distinct() without sorting, until an id is added or looked up: then the
// ids are counted again.
TEST(SeenIds, AKnownCountHoldsUntilAnotherIdIsAddedOrLookedUp) {
  SeenIds seen;
  for (const char* id : {"engi-3", "engi-1", "engi-2", "engi-1"}) seen.add(id);
  seen.know_distinct(7);  // not the true count (3): shows which answer distinct() gives
  EXPECT_EQ(seen.distinct(), 7u) << "the count given, without a sort";
  EXPECT_TRUE(seen.contains("engi-2"));
  EXPECT_FALSE(seen.contains("engi-9"));
  EXPECT_EQ(seen.distinct(), 3u) << "sorted for the lookup: counted";
  seen.know_distinct(7);
  seen.add("engi-4");
  EXPECT_EQ(seen.distinct(), 4u) << "counted again once an id is added";
  seen.know_distinct(7);
  seen.add_key(SeenIds::key("engi-5"));
  EXPECT_EQ(seen.distinct(), 5u);
  seen.know_distinct(7);
  seen.clear();
  EXPECT_EQ(seen.distinct(), 0u);
}

// A listing's worth of ids (sorted by radix, not std::sort, past a few thousand), added in two batches with a
// count between them, repeats included: the same answers as a std::set of the ids.
TEST(SeenIds, ALargeListingCountsAndFindsExactlyTheIdsAdded) {
  SeenIds seen;
  std::set<std::string> expected;
  std::mt19937_64 random(12);
  auto add = [&](int n) {
    for (int i = 0; i < n; ++i) {
      const std::string id = "engi-" + std::to_string(random() % 150000);
      seen.add(id);
      expected.insert(id);
    }
  };
  add(60000);
  EXPECT_EQ(seen.distinct(), expected.size());
  add(40000);
  EXPECT_EQ(seen.distinct(), expected.size());
  for (int i = 0; i < 150000; i += 7) {
    const std::string id = "engi-" + std::to_string(i);
    EXPECT_EQ(seen.contains(id), expected.count(id) == 1) << id;
  }
}

}  // namespace
}  // namespace pcs::store
