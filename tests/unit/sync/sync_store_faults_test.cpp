// Storage faults in the middle of a cycle, with the real Store on a file: a write that fails after the decision
// was committed, a full disk, a lock taken by another writer. Each time the store answers with an error (nothing
// throws), the cycle fails without a call it could not record, and the next cycle converges: every matching
// invitation accepted or rejected exactly once, nothing lost.
#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>

#include "held_database.hpp"
#include "private_mount.hpp"
#include "sync_harness.hpp"
#include "temp_dir.hpp"

namespace pcs::sync::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The sync unit tests' scenario, smaller: quotas off, 60 s tasks.
constexpr const char* kScenario = R"(seed: 11
clock_speed: 1
catalog: Sandbox
credentials: {access_key_id: AKIDSYNCUNITTEST, secret_access_key: sync-unit-test-secret}
invitations:
  count: 20
  spread_days: 10
  expiry_days: 10.5
  status_mix: {PENDING: 100}
  sender_companies: [Example Corp, AnyCompany, Octank]
  profiles:
    - {name: us-healthcare, weight: 50, industries: [Healthcare], countries: [US], spend: [5000, 90000]}
    - {name: other, weight: 50, industries: [Retail], countries: [DE], spend: [100, 90000]}
tasks: {duration_seconds: 60, failure_ratio: 0, opportunity_tasks: 0}
quotas: off
)";

sim::Scenario scenario() { return test_scenario(kScenario, "sync-store-faults.yaml"); }

// The daemon's store with a short busy_timeout, so a held lock fails a call in 100 ms instead of 5 s.
store::Store open_quick(const fs::path& path) {
  auto opened = store::Store::open(path.string(), {store::OpenMode::read_write, 100ms});
  EXPECT_TRUE(opened.ok()) << (opened ? "" : opened.error().describe());
  return opened ? std::move(opened).value() : store::Store::open(":memory:").value();
}

int write_calls_delivered(SimWorld& world) {
  return world.transport.delivered("StartEngagementByAcceptingInvitationTask") +
         world.transport.delivered("RejectEngagementInvitation");
}

// After the fault is gone: one more cycle settles everything, each write exactly once.
void expect_exactly_once(SimWorld& world, Daemon& daemon, const std::vector<Target>& targets) {
  auto report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
  EXPECT_EQ(report.unfinished_decisions, 0);
  int acted = 0;
  for (const auto& t : targets) {
    SCOPED_TRACE(t.id);
    const auto* acct = world.accounting(t.id);
    auto shown = daemon.store().show(t.id);
    ASSERT_TRUE(shown.ok() && *shown);
    const auto& decisions = (*shown)->decisions;
    if (t.expected == Expected::ignore) {
      EXPECT_EQ(acct, nullptr);
      EXPECT_TRUE(decisions.empty());
      continue;
    }
    ++acted;
    ASSERT_NE(acct, nullptr) << "lost: never acted on";
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0].state, store::DecisionState::done) << decisions[0].error;
    if (t.expected == Expected::accept) {
      EXPECT_EQ(acct->tasks_created, 1u);
      EXPECT_EQ(acct->client_tokens.size(), 1u);
      EXPECT_EQ(*acct->client_tokens.begin(), decisions[0].client_token);
    } else {
      EXPECT_EQ(acct->reject_calls, 1u);
    }
  }
  EXPECT_GT(acted, 3);
  EXPECT_OK(daemon.store().integrity_check());
}

class SyncStoreFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    targets = pending_targets(world);
    int accepts = 0;
    for (const auto& t : targets) accepts += t.expected == Expected::accept;
    ASSERT_GE(accepts, 3);
  }
  // Runs SQL on the database file through a connection of its own (a trigger standing in for the fault).
  static void exec(const fs::path& db, const std::string& sql) {
    SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
    raw.exec(sql);
  }

  boost::asio::io_context io;
  SimWorld world{scenario()};
  std::vector<Target> targets;
};

TEST_F(SyncStoreFaults, AWriteFailingAfterTheDecisionCommitSendsNothingAndTheNextCycleSendsItOnce) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  Daemon daemon(world, io, open_quick(db), shipped_config());
  // Every live decision's `recorded -> sent` write fails, after its `recorded` row was committed.
  exec(db, "CREATE TRIGGER test_fault BEFORE UPDATE OF state ON decisions WHEN NEW.state = 'sent' "
           "BEGIN SELECT RAISE(ABORT, 'injected write failure'); END");

  auto failed = daemon.cycle();
  EXPECT_EQ(failed.outcome, store::SyncOutcome::failed);
  EXPECT_NE(failed.error.find("injected write failure"), std::string::npos) << failed.error;
  EXPECT_EQ(write_calls_delivered(world), 0) << "a call was made that the store could not mark as sent";
  EXPECT_EQ(failed.counters.write_calls, 0);
  // The first decision is committed (recorded) and waits; no other was taken after the failure.
  auto unfinished = daemon.store().unfinished_decisions();
  ASSERT_OK(unfinished);
  ASSERT_EQ(unfinished->size(), 1u);
  EXPECT_EQ(unfinished->front().state, store::DecisionState::recorded);

  exec(db, "DROP TRIGGER test_fault");
  ASSERT_NO_FATAL_FAILURE(expect_exactly_once(world, daemon, targets));
}

TEST_F(SyncStoreFaults, ALockTakenWhileTheCallIsInFlightLeavesTheDecisionSentAndTheRetryReusesTheToken) {
  pcs::test::TempDir dir;
  const fs::path db = dir.path() / "pcsync.db";
  Daemon daemon(world, io, open_quick(db), shipped_config());
  std::optional<pcs::test::HeldDatabase> other;
  std::string victim;
  world.transport.set_hook([&](const net::HttpRequest&, std::string_view op) {
    if (op == "StartEngagementByAcceptingInvitationTask" && !other) {
      // Another writer takes the file while the service starts the task: the answer cannot be recorded.
      other.emplace(db, pcs::test::HeldDatabase::Hold::writer);
    }
    return SimTransport::Fate::deliver;
  });
  auto failed = daemon.cycle();
  world.transport.set_hook({});
  ASSERT_TRUE(other.has_value()) << "no accept was attempted";
  EXPECT_EQ(failed.outcome, store::SyncOutcome::failed);
  EXPECT_NE(failed.error.find("locked by another writer"), std::string::npos) << failed.error;
  EXPECT_EQ(world.transport.delivered("StartEngagementByAcceptingInvitationTask"), 1);
  EXPECT_EQ(world.sim.state().task_count(), 1);  // the service did start it

  other.reset();  // the other writer goes away (its transaction rolls back)
  auto accepts = daemon.store().unfinished_decisions();
  ASSERT_OK(accepts);
  ASSERT_EQ(accepts->size(), 1u);
  EXPECT_EQ(accepts->front().state, store::DecisionState::sent);
  victim = accepts->front().invitation_id;

  ASSERT_NO_FATAL_FAILURE(expect_exactly_once(world, daemon, targets));
  EXPECT_EQ(world.accounting(victim)->accept_calls, 2u);  // resent once, with the same token, one task
}

TEST_F(SyncStoreFaults, ADiskFullAtTheDecisionsWriteSendsNothingAndTheCycleAfterTheCleanUpConverges) {
  pcs::test::SmallDisk disk(4 << 20);
  if (!disk.mounted()) GTEST_SKIP() << "no small file system to fill: " << disk.why_not();
  const fs::path db = disk.path() / "pcsync.db";
  Daemon daemon(world, io, open_quick(db), shipped_config());
  // The `sent` write carries 8 MB of ballast into a 4 MB file system: SQLite itself runs out of disk there.
  exec(db, "CREATE TABLE test_ballast (b BLOB); "
           "CREATE TRIGGER test_fill AFTER UPDATE OF state ON decisions WHEN NEW.state = 'sent' "
           "BEGIN INSERT INTO test_ballast VALUES (randomblob(8000000)); END");

  auto failed = daemon.cycle();
  EXPECT_EQ(failed.outcome, store::SyncOutcome::failed);
  EXPECT_NE(failed.error.find("StoreFull"), std::string::npos) << failed.error;
  EXPECT_NE(failed.error.find("the disk is full"), std::string::npos) << failed.error;
  EXPECT_EQ(write_calls_delivered(world), 0);

  exec(db, "DROP TRIGGER test_fill; DROP TABLE test_ballast");
  ASSERT_NO_FATAL_FAILURE(expect_exactly_once(world, daemon, targets));
}

TEST_F(SyncStoreFaults, ADiskAlreadyFullFailsTheCycleAtItsFirstWriteAndFreeingSpaceResumesIt) {
  pcs::test::SmallDisk disk(4 << 20);  // the database and its -wal for this world, in 8 KiB pages, need more than 2 MiB
  if (!disk.mounted()) GTEST_SKIP() << "no small file system to fill: " << disk.why_not();
  const fs::path db = disk.path() / "pcsync.db";
  Daemon daemon(world, io, open_quick(db), shipped_config());
  const fs::path ballast = disk.fill_up();
  auto failed = daemon.cycle();
  EXPECT_EQ(failed.outcome, store::SyncOutcome::failed);
  EXPECT_NE(failed.error.find("the disk is full"), std::string::npos) << failed.error;
  EXPECT_EQ(failed.counters.read_calls, 0) << "the cycle went on without a sync run record";
  EXPECT_EQ(write_calls_delivered(world), 0);

  fs::remove(ballast);
  ASSERT_NO_FATAL_FAILURE(expect_exactly_once(world, daemon, targets));
}

}  // namespace
}  // namespace pcs::sync::test
