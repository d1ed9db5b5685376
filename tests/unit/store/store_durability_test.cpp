// The one commit that must outlast a power loss: a live decision, recorded before its call. Under WAL with
// synchronous=NORMAL a commit is not fsynced; the store makes that commit with synchronous=FULL. Checked by
// counting the fsyncs SQLite asks of the -wal (through a VFS that forwards to the default one).
#include <gtest/gtest.h>

#include <vector>

#include "result_printers.hpp"
#include "store/store.hpp"
#include "store_fixtures.hpp"
#include "sync_counting_vfs.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

using test::at;

const WallTime kNow = at("2024-06-01T00:00:00Z");

class StoreDurability : public ::testing::Test {
 protected:
  void SetUp() override {
    counts_ = &test::register_sync_counting_vfs("pcs-test-count-syncs");
    OpenOptions options;
    options.vfs = "pcs-test-count-syncs";
    auto opened = Store::open((dir_.path() / "pcsync.db").string(), options);
    ASSERT_TRUE(opened) << opened.error().describe();
    store_.emplace(std::move(*opened));
    std::vector<InvitationSummary> page{test::invitation("engi-live"), test::invitation("engi-dry"),
                                        test::invitation("engi-other")};
    ASSERT_OK(store_->upsert_invitations(page, kNow));
  }
  // fsyncs of the -wal made by f.
  template <class F>
  int wal_syncs(F&& f) {
    const int before = counts_->wal.load();
    f();
    return counts_->wal.load() - before;
  }

  pcs::test::TempDir dir_;
  test::SyncCounts* counts_ = nullptr;
  std::optional<Store> store_;
};

TEST_F(StoreDurability, ALiveDecisionIsFsyncedBeforeRecordDecisionReturns) {
  EXPECT_GE(wal_syncs([&] {
              ASSERT_OK(store_->record_decision(test::decision("engi-live", DecisionAction::accept), kNow));
            }),
            1);
}

TEST_F(StoreDurability, OtherCommitsAreNotFsyncedOneByOne) {
  // A dry-run decision is never sent: nothing depends on it surviving a power loss.
  EXPECT_EQ(wal_syncs([&] {
              ASSERT_OK(store_->record_decision(test::decision("engi-dry", DecisionAction::accept, "r", "", true), kNow));
            }),
            0);
  std::vector<InvitationSummary> page{test::invitation("engi-other", "ACCEPTED")};
  EXPECT_EQ(wal_syncs([&] { ASSERT_OK(store_->upsert_invitations(page, kNow)); }), 0);
}

TEST_F(StoreDurability, TheConnectionIsBackToNormalAfterADurableCommit) {
  ASSERT_OK(store_->record_decision(test::decision("engi-live", DecisionAction::accept), kNow));
  // A failing durable commit sets it back too.
  EXPECT_FALSE(store_->record_decision(test::decision("engi-live", DecisionAction::accept), kNow));
  std::vector<InvitationSummary> page{test::invitation("engi-other", "EXPIRED")};
  EXPECT_EQ(wal_syncs([&] { ASSERT_OK(store_->upsert_invitations(page, kNow)); }), 0)
      << "commits after a decision are fsynced one by one: synchronous stayed FULL";
}

// A listing writes many rows per statement. Were any of them able to stop halfway with ABORT (schema 7's
// CHECK (length(id) > 0) was, for one), SQLite would copy every page each statement changes into a statement
// journal, spilled to a temporary file: as many bytes again as the listing writes.
TEST_F(StoreDurability, AListingWritesNoStatementJournal) {
  const int before = counts_->statement_journals.load();
  for (int page = 0; page < 30; ++page) {
    std::vector<InvitationSummary> rows;
    for (int i = 0; i < 100; ++i)
      rows.push_back(test::invitation("engi-" + std::to_string((page * 100 + i) * 7919 % 3001)));
    ASSERT_OK(store_->upsert_listed_invitations(rows, kNow));
    for (auto& r : rows) r.status = "EXPIRED";  // and rewritten, in the same open transaction
    ASSERT_OK(store_->upsert_listed_invitations(rows, kNow));
  }
  ASSERT_OK(store_->commit_listed_invitations());
  EXPECT_EQ(counts_->statement_journals.load() - before, 0);
}

}  // namespace
}  // namespace pcs::store
