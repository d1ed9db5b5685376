// The simulator's faults scenario (5xx, HTML 503s, resets before and after the service applied a request,
// truncated bodies, forced throttling and quota throttling as HTTP 400, namespaced error types, unknown
// members and enum values): after enough cycles every matching invitation is accepted exactly once, every
// rejected one carries its reason, nothing is lost, and the database is intact.
#include <gtest/gtest.h>

#include <filesystem>

#include "partnercentral/shape_spec.hpp"
#include "sync/task_failure.hpp"
#include "sync_harness.hpp"
#include "temp_dir.hpp"

namespace pcs::sync::test {
namespace {

using namespace std::chrono_literals;

TEST(SyncFaults, ShippedFaultsScenarioConvergesWithNothingLostAndNothingDoubled) {
  const std::filesystem::path file = std::string(PCSYNC_SOURCE_DIR) + "/sim/scenarios/faults.yaml";
  ASSERT_TRUE(std::filesystem::exists(file)) << file << " is missing: the scenario ships with the project";
  auto loaded = sim::load_scenario(file);
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  sim::Scenario scenario = std::move(*loaded);
  // The shipped scenario's invitations match no accept rule; add the profile config/pcsyncd.yaml accepts.
  sim::InvitationProfile healthcare;
  healthcare.name = "us-healthcare";
  healthcare.weight = scenario.invitations.profiles.empty() ? 1 : scenario.invitations.profiles.front().weight;
  healthcare.industries = {"Healthcare"};
  healthcare.countries = {"US"};
  healthcare.spend_min = 5000;
  healthcare.spend_max = 90000;
  scenario.invitations.profiles.push_back(healthcare);
  ASSERT_TRUE(scenario.faults.any());
  ASSERT_TRUE(scenario.quotas.enabled);

  boost::asio::io_context io;
  SimWorld world(std::move(scenario), 100ms);  // 10 requests per sim second: the write quota bites
  const auto targets = pending_targets(world);
  int accepts = 0, rejects = 0;
  for (const auto& t : targets) {
    accepts += t.expected == Expected::accept;
    rejects += t.expected == Expected::reject;
  }
  ASSERT_GE(accepts, 5);
  ASSERT_GE(rejects, 3);

  pcs::test::TempDir dir;
  Daemon daemon(world, io, open_store(dir.path() / "pcsync.db"), shipped_config());
  int cycles = 0, settled_in_a_row = 0, not_ok = 0;
  std::int64_t throttled = 0;
  // Settled: a cycle that ended ok with nothing left to resend or follow, twice (the second proves it stays so).
  for (; cycles < 60 && settled_in_a_row < 2; ++cycles) {
    auto report = daemon.cycle(/*reconcile=*/cycles % 5 == 4);
    throttled += report.counters.throttled;
    const bool settled = report.outcome == store::SyncOutcome::ok && report.unfinished_decisions == 0 &&
                         report.unfinished_tasks == 0;
    settled_in_a_row = settled ? settled_in_a_row + 1 : 0;
    not_ok += report.outcome != store::SyncOutcome::ok;
    world.clock.advance(10s);  // the tasks (5 s) finish, the quotas refill
  }
  ASSERT_EQ(settled_in_a_row, 2) << "no quiet state after " << cycles << " cycles";
  EXPECT_GT(not_ok, 0) << "the faults scenario should have broken at least one cycle";
  EXPECT_GT(world.transport.transport_errors(), 0);

  int accepted = 0, rejected = 0;
  std::size_t all_tasks = 0;
  for (const auto& t : targets) {
    SCOPED_TRACE(t.id);
    const auto* acct = world.accounting(t.id);
    auto shown = daemon.store().show(t.id);
    ASSERT_TRUE(shown.ok() && *shown);
    std::vector<store::Decision> live;
    for (const auto& d : (*shown)->decisions)
      if (!d.dry_run) live.push_back(d);
    if (t.expected == Expected::ignore) {
      EXPECT_EQ(acct, nullptr);
      EXPECT_TRUE(live.empty());
      continue;
    }
    ASSERT_NE(acct, nullptr) << "lost: never acted on";
    ASSERT_FALSE(live.empty());
    if (t.expected == Expected::accept) {
      ++accepted;
      // One ClientToken and one task per attempt; a new attempt only after the previous task FAILED for a
      // passing reason, so at most one task is ever IN_PROGRESS or COMPLETE.
      const auto& tasks = (*shown)->tasks;
      ASSERT_FALSE(tasks.empty());
      ASSERT_LE(tasks.size(), std::size_t(daemon.config().max_accept_attempts));
      EXPECT_EQ(acct->client_tokens.size(), tasks.size());
      EXPECT_EQ(acct->tasks_created, tasks.size());
      EXPECT_EQ(acct->reject_calls, 0u);
      EXPECT_EQ(live.size(), tasks.size());
      all_tasks += tasks.size();
      for (std::size_t i = 0; i < live.size(); ++i) {
        EXPECT_EQ(live[i].attempt, int(i) + 1);
        EXPECT_EQ(live[i].task_id.empty(), false) << live[i].error;
      }
      for (std::size_t i = 0; i + 1 < tasks.size(); ++i) {
        EXPECT_EQ(tasks[i].task_status, "FAILED");
        EXPECT_TRUE(classify_task_failure(tasks[i].reason_code).passing) << tasks[i].reason_code;
      }
      const auto& last = tasks.back();
      EXPECT_TRUE(last.task_status == "COMPLETE" || last.task_status == "FAILED") << last.task_status;
      if (last.task_status == "COMPLETE") {
        EXPECT_FALSE(last.opportunity_id.empty());
        EXPECT_EQ(live.back().state, store::DecisionState::done) << live.back().error;
      } else {
        EXPECT_FALSE(last.reason_code.empty());
        EXPECT_EQ(live.back().state, store::DecisionState::failed);
        EXPECT_NE(live.back().error.find("not retried"), std::string::npos) << live.back().error;
      }
    } else {
      ++rejected;
      EXPECT_EQ(live.back().state, store::DecisionState::done) << live.back().error;
      EXPECT_EQ(acct->accept_calls, 0u);
      EXPECT_EQ(world.invitation_json(t.id).at("Status"), "REJECTED");
      EXPECT_EQ(world.invitation_json(t.id).at("RejectionReason"), kRejectionReason);
    }
  }
  EXPECT_EQ(accepted, accepts);
  EXPECT_EQ(rejected, rejects);
  EXPECT_EQ(world.sim.state().task_count(), all_tasks);
  EXPECT_GT(world.sim.stats().operations.at("StartEngagementByAcceptingInvitationTask").calls +
                world.sim.stats().operations.at("RejectEngagementInvitation").calls,
            std::uint64_t(accepts + rejects))
      << "the scenario should have forced some write to be resent";
  auto integrity = daemon.store().integrity_check();
  EXPECT_TRUE(integrity.ok()) << (integrity ? "" : integrity.error().describe());
  RecordProperty("cycles", cycles);
  RecordProperty("throttled", int(throttled));
}

// The run record's call figures are what the governor counted during the cycle: every attempt the simulator
// saw (retries included), each throttle once, and of the reads the GetEngagementInvitation ones.
TEST(SyncFaults, TheRunRecordCountsEveryAttemptAndEveryThrottleOnce) {
  sim::Scenario scenario = cycle_scenario();
  scenario.faults.throttle = 0.3;
  boost::asio::io_context io;
  SimWorld world(std::move(scenario));
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  const auto report = daemon.cycle(/*reconcile=*/true);

  std::int64_t reads = 0, writes = 0, throttled = 0;
  for (const auto& [operation, stats] : world.sim.stats().operations) {
    (pc::is_write_operation(operation) ? writes : reads) += std::int64_t(stats.calls);
    throttled += std::int64_t(stats.throttled);
  }
  ASSERT_GT(throttled, 0) << "the scenario should have throttled some calls";
  ASSERT_GT(writes, 0);
  EXPECT_EQ(report.counters.read_calls, reads);
  EXPECT_EQ(report.counters.write_calls, writes);
  EXPECT_EQ(report.counters.throttled, throttled);
  EXPECT_EQ(report.detail_reads, std::int64_t(world.sim.stats().operations.at("GetEngagementInvitation").calls));

  auto runs = daemon.store().sync_runs_since(WallTime{});
  ASSERT_TRUE(runs.ok() && runs->size() == 1u);
  EXPECT_EQ(runs->front().counters.read_calls, reads);
  EXPECT_EQ(runs->front().counters.write_calls, writes);
  EXPECT_EQ(runs->front().counters.throttled, throttled);
}

}  // namespace
}  // namespace pcs::sync::test
