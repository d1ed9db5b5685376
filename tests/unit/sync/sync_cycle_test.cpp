// SyncCycle end to end in one process: the real client, governor and store against SimService, with the sim's
// time and the cycle's wall time on one FakeClock. Every assertion is checked on both sides: what the
// simulated service saw (calls, ClientTokens, tasks created) and what the mirror recorded.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "core/time_format.hpp"
#include "sync_harness.hpp"
#include "temp_dir.hpp"

namespace pcs::sync::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

std::size_t count(const std::vector<Target>& targets, Expected e) {
  std::size_t n = 0;
  for (const auto& t : targets) n += t.expected == e;
  return n;
}

// The simulator's current view of the accept task of one invitation.
json::object sim_task(SimWorld& world, const std::string& invitation_id) {
  json::object request{{"Catalog", "Sandbox"}, {"EngagementInvitationIdentifier", json::array{json::string(invitation_id)}}};
  auto outcome = world.sim.state().list_accept_tasks(request, world.sim.clock().now());
  EXPECT_TRUE(outcome.ok());
  const auto& items = outcome.body.at("TaskSummaries").as_array();
  EXPECT_EQ(items.size(), 1u) << invitation_id;
  return items.empty() ? json::object{} : items[0].as_object();
}

// Everything the issue asks of one acted-on invitation: one token, one task, the right call, the right record.
void expect_converged(SimWorld& world, store::Store& store, const Target& t) {
  SCOPED_TRACE("invitation " + t.id);
  const auto* acct = world.accounting(t.id);
  auto decisions = live_decisions(store, t.id);
  switch (t.expected) {
    case Expected::accept:
      ASSERT_NE(acct, nullptr) << "never accepted";
      EXPECT_GE(acct->accept_calls, 1u);
      EXPECT_EQ(acct->client_tokens.size(), 1u);
      EXPECT_EQ(acct->tasks_created, 1u);
      EXPECT_EQ(acct->reject_calls, 0u);
      ASSERT_EQ(decisions.size(), 1u);
      EXPECT_EQ(decisions[0].action, store::DecisionAction::accept);
      EXPECT_EQ(decisions[0].state, store::DecisionState::done);
      EXPECT_EQ(decisions[0].rule, "us-healthcare");
      EXPECT_EQ(*acct->client_tokens.begin(), decisions[0].client_token);
      EXPECT_EQ(tasks_of(store, t.id).size(), 1u);
      break;
    case Expected::reject:
      ASSERT_NE(acct, nullptr) << "never rejected";
      EXPECT_EQ(acct->accept_calls, 0u);
      EXPECT_GE(acct->reject_calls, 1u);
      EXPECT_EQ(world.invitation_json(t.id).at("Status"), "REJECTED");
      EXPECT_EQ(world.invitation_json(t.id).at("RejectionReason"), kRejectionReason);
      ASSERT_EQ(decisions.size(), 1u);
      EXPECT_EQ(decisions[0].action, store::DecisionAction::reject);
      EXPECT_EQ(decisions[0].rule, "not-our-market");
      EXPECT_EQ(decisions[0].state, store::DecisionState::done) << decisions[0].error;
      break;
    case Expected::ignore:
      EXPECT_EQ(acct, nullptr) << "a write call reached an invitation no rule matches";
      EXPECT_TRUE(decisions.empty());
      break;
  }
}

class SyncCycleTest : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  SimWorld world{cycle_scenario()};
  pcs::test::TempDir dir;
  const std::filesystem::path db = dir.path() / "pcsync.db";  // for the tests that restart over a file
};

TEST_F(SyncCycleTest, AcceptsMatchingOnceRejectsWithTheirReasonIgnoresTheRest) {
  const auto targets = pending_targets(world);
  const auto accepts = count(targets, Expected::accept), rejects = count(targets, Expected::reject);
  ASSERT_GE(accepts, 3u) << "the scenario should produce invitations the shipped rules accept";
  ASSERT_GE(rejects, 2u);
  ASSERT_GE(count(targets, Expected::ignore), 2u);

  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  // What the running cycle's report says as each accept goes out: the metrics read it mid-cycle.
  std::vector<std::int64_t> accepted_before_each_accept;
  world.transport.set_hook([&](const net::HttpRequest&, std::string_view op) {
    if (op == "StartEngagementByAcceptingInvitationTask")
      accepted_before_each_accept.push_back(daemon.running() ? daemon.running()->accepted : -1);
    return SimTransport::Fate::deliver;
  });
  EXPECT_EQ(daemon.running(), nullptr);
  auto report = daemon.cycle();
  world.transport.set_hook({});
  EXPECT_EQ(daemon.running(), nullptr) << "no running report once the cycle ended";
  EXPECT_GT(report.duration.count(), 0);
  ASSERT_EQ(accepted_before_each_accept.size(), accepts);
  for (std::size_t i = 0; i < accepts; ++i) EXPECT_EQ(accepted_before_each_accept[i], std::int64_t(i));
  EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
  EXPECT_EQ(report.accepted, std::int64_t(accepts));
  EXPECT_EQ(report.rejected, std::int64_t(rejects));
  EXPECT_EQ(report.counters.write_calls, std::int64_t(accepts + rejects));
  EXPECT_EQ(report.unfinished_tasks, std::int64_t(accepts));  // 60 s tasks: all still running
  EXPECT_EQ(report.unfinished_decisions, 0);
  EXPECT_EQ(world.sim.state().task_count(), accepts);
  for (const auto& t : targets) expect_converged(world, daemon.store(), t);

  // Invitations that were not PENDING (accepted, rejected or expired elsewhere) are never written to.
  std::set<std::string> target_ids;
  for (const auto& t : targets) target_ids.insert(t.id);
  for (std::uint32_t i = 0; i < world.sim.state().visible_invitations(world.sim.clock().now()); ++i)
    if (!target_ids.count(world.sim.state().invitation_id(i))) {
      EXPECT_EQ(world.accounting(world.sim.state().invitation_id(i)), nullptr) << i;
    }

  // A second cycle has nothing to write.
  const int starts = world.transport.delivered("StartEngagementByAcceptingInvitationTask");
  const int rejected = world.transport.delivered("RejectEngagementInvitation");
  auto second = daemon.cycle();
  EXPECT_EQ(second.outcome, store::SyncOutcome::ok) << second.error;
  EXPECT_EQ(second.counters.write_calls, 0);
  EXPECT_EQ(second.counters.invitations_decided, 0);
  EXPECT_EQ(world.transport.delivered("StartEngagementByAcceptingInvitationTask"), starts);
  EXPECT_EQ(world.transport.delivered("RejectEngagementInvitation"), rejected);
  EXPECT_TRUE(daemon.store().integrity_check().ok());
}

TEST_F(SyncCycleTest, FollowsTasksToCompleteOrFailedMirroringOpportunityIdOrReasonCode) {
  const auto targets = pending_targets(world);
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto first = daemon.cycle();
  ASSERT_EQ(first.outcome, store::SyncOutcome::ok) << first.error;
  ASSERT_GT(first.unfinished_tasks, 0);

  world.clock.advance(30s);  // half way: still running
  auto middle = daemon.cycle();
  EXPECT_EQ(middle.unfinished_tasks, first.unfinished_tasks);

  world.clock.advance(31s);
  auto done = daemon.cycle();
  EXPECT_EQ(done.outcome, store::SyncOutcome::ok) << done.error;
  EXPECT_EQ(done.unfinished_tasks, 0);
  EXPECT_EQ(done.counters.write_calls, 0);

  int complete = 0, failed = 0;
  for (const auto& t : targets) {
    if (t.expected != Expected::accept) continue;
    SCOPED_TRACE(t.id);
    auto tasks = tasks_of(daemon.store(), t.id);
    ASSERT_EQ(tasks.size(), 1u);
    const auto expected = sim_task(world, t.id);
    EXPECT_EQ(tasks[0].task_id, expected.at("TaskId").as_string());
    EXPECT_EQ(tasks[0].task_status, expected.at("TaskStatus").as_string());
    auto invitation = daemon.store().invitation(t.id);
    ASSERT_TRUE(invitation.ok() && *invitation);
    if (tasks[0].task_status == "COMPLETE") {
      ++complete;
      EXPECT_EQ(tasks[0].opportunity_id, expected.at("OpportunityId").as_string());
      EXPECT_FALSE(tasks[0].opportunity_id.empty());
      EXPECT_TRUE(tasks[0].reason_code.empty());
      EXPECT_EQ((*invitation)->summary.status, "ACCEPTED");
    } else {
      ++failed;
      ASSERT_EQ(tasks[0].task_status, "FAILED");
      EXPECT_EQ(tasks[0].reason_code, expected.at("ReasonCode").as_string());
      EXPECT_FALSE(tasks[0].message.empty());
      EXPECT_TRUE(tasks[0].opportunity_id.empty());
    }
  }
  EXPECT_GT(complete, 0) << "seeded scenario should complete some tasks";
  EXPECT_GT(failed, 0) << "seeded scenario (failure_ratio 0.3) should fail some tasks";

  // The status history has one row per status a task went through.
  for (const auto& t : targets)
    if (t.expected == Expected::accept) {
      auto shown = daemon.store().show(t.id);
      ASSERT_TRUE(shown.ok() && *shown);
      EXPECT_EQ((*shown)->status_history.size(), 2u) << t.id;  // IN_PROGRESS, then COMPLETE or FAILED
    }
}

TEST_F(SyncCycleTest, InvitationsArrivingAndExpiringBetweenCyclesAreHandledOnTheirOwnTerms) {
  const auto initial = pending_targets(world);
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());

  // First cycle: details cannot be read, so nothing is decided (and nothing is lost: all stay undecided).
  world.transport.set_hook([](const net::HttpRequest&, std::string_view op) {
    return op == "GetEngagementInvitation" ? SimTransport::Fate::lose_request : SimTransport::Fate::deliver;
  });
  auto blind = daemon.cycle();
  EXPECT_EQ(blind.outcome, store::SyncOutcome::partial);
  EXPECT_EQ(blind.counters.invitations_decided, 0);
  EXPECT_EQ(world.transport.delivered("StartEngagementByAcceptingInvitationTask"), 0);
  world.transport.set_hook({});

  // A day later: the oldest invitations expired unanswered, new ones arrived.
  world.clock.advance(24h);
  std::set<std::string> expired;
  for (const auto& t : initial)
    if (world.sim.state().status_of(t.index, world.sim.clock().now()) == sim::InvitationStatus::expired)
      expired.insert(t.id);
  auto now_pending = pending_targets(world);
  std::vector<Target> arrivals;
  for (const auto& t : now_pending)
    if (t.index >= world.sim.scenario().invitations.count) arrivals.push_back(t);
  ASSERT_FALSE(expired.empty()) << "scenario should let some invitations expire within a day";
  ASSERT_EQ(arrivals.size(), 6u);
  ASSERT_GE(count(arrivals, Expected::accept) + count(arrivals, Expected::reject), 1u);

  auto report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
  EXPECT_EQ(report.counters.invitations_new, 6);
  for (const auto& id : expired) {
    EXPECT_EQ(world.accounting(id), nullptr) << id << " expired, yet a write reached it";
    EXPECT_TRUE(live_decisions(daemon.store(), id).empty()) << id;
  }
  for (const auto& t : now_pending) expect_converged(world, daemon.store(), t);
}

TEST_F(SyncCycleTest, AnInvitationExpiringBetweenDecisionAndCallFailsItsDecisionOnce) {
  const auto targets = pending_targets(world);
  // The accept target that expires first is the first accept of the cycle (soonest expiry first). Start the
  // cycle a minute before it expires and let two minutes pass while its accept is on the wire.
  std::string chosen;
  WallTime chosen_expiry = WallTime::max();
  for (const auto& t : targets) {
    if (t.expected != Expected::accept) continue;
    auto expires = parse_iso8601(std::string(world.invitation_json(t.id).at("ExpirationDate").as_string()));
    ASSERT_TRUE(expires.has_value());
    if (*expires < chosen_expiry) {
      chosen_expiry = *expires;
      chosen = t.id;
    }
  }
  ASSERT_FALSE(chosen.empty());
  world.clock.advance(chosen_expiry - 1min - world.now());  // clock speed 1: the sim's time moves alike
  std::string victim;
  world.transport.set_hook([&](const net::HttpRequest& request, std::string_view op) {
    if (op == "StartEngagementByAcceptingInvitationTask" && victim.empty()) {
      victim = std::string(json::parse(request.body).at("Identifier").as_string());
      world.clock.advance(2min);  // within SigV4's 5 minutes: the request is still validly signed
    }
    return SimTransport::Fate::deliver;
  });
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto report = daemon.cycle();
  ASSERT_EQ(victim, chosen);
  EXPECT_EQ(report.outcome, store::SyncOutcome::partial);
  EXPECT_NE(report.error.find("PENDING"), std::string::npos) << report.error;

  const auto* acct = world.accounting(victim);
  ASSERT_NE(acct, nullptr);
  EXPECT_EQ(acct->accept_calls, 1u) << "a business validation failure is not retried";
  EXPECT_EQ(acct->tasks_created, 0u);
  auto decisions = live_decisions(daemon.store(), victim);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].state, store::DecisionState::failed);
  EXPECT_NE(decisions[0].error.find("EXPIRED"), std::string::npos) << decisions[0].error;
  EXPECT_EQ(report.decisions_failed, 1);

  world.transport.set_hook({});
  auto next = daemon.cycle();
  EXPECT_EQ(next.outcome, store::SyncOutcome::ok) << next.error;
  EXPECT_EQ(next.decisions_failed, 0);
  EXPECT_EQ(world.accounting(victim)->accept_calls, 1u) << "an expired invitation is not tried again";
  // Every other target still PENDING and unexpired got its outcome.
  for (const auto& t : targets)
    if (t.id != victim &&
        world.sim.state().status_of(t.index, world.sim.clock().now()) != sim::InvitationStatus::expired)
      expect_converged(world, daemon.store(), t);
}

TEST_F(SyncCycleTest, DryRunRecordsDecisionsButSendsNothingThenALiveRunActsOnce) {
  const auto targets = pending_targets(world);
  const auto acted = count(targets, Expected::accept) + count(targets, Expected::reject);
  {
    auto config = shipped_config();
    config.dry_run = true;
    Daemon dry(world, io, open_store(db), config);
    auto report = dry.cycle();
    EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
    EXPECT_EQ(report.dry_run_decisions, std::int64_t(acted));
    EXPECT_EQ(report.counters.write_calls, 0);
    auto again = dry.cycle();
    EXPECT_EQ(again.dry_run_decisions, 0) << "dry-run decisions are not repeated every cycle";
    EXPECT_EQ(again.unfinished_decisions, 0) << "dry-run decisions are never waiting to be sent";
    EXPECT_EQ(world.transport.delivered("StartEngagementByAcceptingInvitationTask"), 0);
    EXPECT_EQ(world.transport.delivered("RejectEngagementInvitation"), 0);
    EXPECT_EQ(world.sim.state().task_count(), 0u);
    for (const auto& t : targets) {
      auto shown = dry.store().show(t.id);
      ASSERT_TRUE(shown.ok() && *shown);
      const auto& decisions = (*shown)->decisions;
      if (t.expected == Expected::ignore) {
        EXPECT_TRUE(decisions.empty()) << t.id;
        continue;
      }
      ASSERT_EQ(decisions.size(), 1u) << t.id;
      EXPECT_TRUE(decisions[0].dry_run);
      EXPECT_EQ(decisions[0].state, store::DecisionState::recorded);
      EXPECT_EQ(decisions[0].action,
                t.expected == Expected::accept ? store::DecisionAction::accept : store::DecisionAction::reject);
    }
  }
  Daemon live(world, io, open_store(db), shipped_config());
  auto report = live.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
  EXPECT_EQ(report.counters.write_calls, std::int64_t(acted));
  for (const auto& t : targets) expect_converged(world, live.store(), t);
}

// The decision is committed, the process dies before the request leaves: the restart sends it, once.
TEST_F(SyncCycleTest, CrashBeforeTheCallIsResumedWithTheSameClientToken) {
  const auto targets = pending_targets(world);
  const std::string victim = crash_on_first_accept(world, io, db, SimTransport::Fate::lose_request);
  ASSERT_FALSE(victim.empty());
  EXPECT_EQ(world.accounting(victim), nullptr) << "the request never reached the service";
  // The process is gone; the database file stays.

  Daemon second(world, io, open_store(db), shipped_config());
  const auto* acct = accounting_after_ok_cycle(second, world, victim);
  ASSERT_NE(acct, nullptr);
  EXPECT_EQ(acct->accept_calls, 1u);
  for (const auto& t : targets) expect_converged(world, second.store(), t);
  EXPECT_TRUE(second.store().integrity_check().ok());
}

// The service started the task, the answer was lost and the process died: the restart resends the stored
// ClientToken and the service answers with the task it already has.
TEST_F(SyncCycleTest, CrashAfterTheServiceStartedTheTaskConvergesToExactlyOneTask) {
  const auto targets = pending_targets(world);
  const std::string victim = crash_on_first_accept(world, io, db, SimTransport::Fate::lose_response);
  ASSERT_FALSE(victim.empty());
  EXPECT_EQ(world.accounting(victim)->tasks_created, 1u);
  {
    auto mirror = open_store(db);
    EXPECT_TRUE(tasks_of(mirror, victim).empty()) << "the answer was lost: the mirror knows no task yet";
  }

  Daemon second(world, io, open_store(db), shipped_config());
  const auto* acct = accounting_after_ok_cycle(second, world, victim);
  ASSERT_NE(acct, nullptr);
  EXPECT_EQ(acct->accept_calls, 2u);
  EXPECT_EQ(acct->client_tokens.size(), 1u);
  EXPECT_EQ(acct->tasks_created, 1u);
  for (const auto& t : targets) expect_converged(world, second.store(), t);
  EXPECT_TRUE(second.store().integrity_check().ok());
}

// A lost answer without a crash: the governor's retry resends the same token within the cycle.
TEST_F(SyncCycleTest, ALostAcceptAnswerIsRetriedWithTheSameTokenWithinTheCycle) {
  const auto targets = pending_targets(world);
  int lost = 0;
  world.transport.set_hook([&](const net::HttpRequest&, std::string_view op) {
    if (op == "StartEngagementByAcceptingInvitationTask" && lost < 2) {
      ++lost;
      return SimTransport::Fate::lose_response;
    }
    return SimTransport::Fate::deliver;
  });
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
  EXPECT_EQ(lost, 2);
  for (const auto& t : targets) expect_converged(world, daemon.store(), t);
  EXPECT_EQ(world.sim.state().task_count(), count(targets, Expected::accept));
}


}  // namespace
}  // namespace pcs::sync::test

namespace pcs::sync::test {
namespace {

// The service rejected the invitation but the answer was lost; the retry is told "only PENDING invitations can
// be rejected". The invitation IS rejected with our reason: the audit trail must say done, not failed.
TEST_F(SyncCycleTest, ALostRejectAnswerIsNotMistakenForAFailure) {
  const auto targets = pending_targets(world);
  std::string victim;
  world.transport.set_hook([&](const net::HttpRequest& request, std::string_view op) {
    if (op != "RejectEngagementInvitation" || !victim.empty()) return SimTransport::Fate::deliver;
    victim = std::string(json::parse(request.body).at("Identifier").as_string());
    return SimTransport::Fate::lose_response;
  });
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto report = daemon.cycle();
  ASSERT_FALSE(victim.empty());
  EXPECT_EQ(world.accounting(victim)->reject_calls, 2u);
  world.transport.set_hook({});
  daemon.cycle();
  for (const auto& t : targets) expect_converged(world, daemon.store(), t);
}


}  // namespace
}  // namespace pcs::sync::test

namespace pcs::sync::test {
namespace {

using namespace std::chrono_literals;

// A mirror only (no rules, default_action ignore): every invitation is listed and stored, none is read back to
// be evaluated. A second reconcile of an unchanged account writes no row, yet confirms every row (LastSeen);
// a PENDING-only cycle confirms the PENDING ones.
TEST(SyncMirror, AnUnchangedAccountIsConfirmedWithoutRewritingAndAMirrorOnlyConfigDecidesNothing) {
  boost::asio::io_context io;
  SimWorld world{cycle_scenario()};
  auto config = shipped_config();
  config.rules = rules::RuleSet{};
  Daemon daemon(world, io, open_store(":memory:"), config);
  const auto visible = world.sim.state().visible_invitations(world.sim.clock().now());
  // The mirror keeps whole seconds; each simulated call moves the clock on by its latency.
  auto seconds = [](WallTime t) { return std::chrono::floor<std::chrono::seconds>(t); };
  auto last_seen = [&](std::uint32_t i) -> std::optional<store::Invitation> {
    auto inv = daemon.store().invitation(world.sim.state().invitation_id(i));
    EXPECT_TRUE(inv && inv->has_value()) << i;
    return inv && inv->has_value() ? **inv : std::optional<store::Invitation>{};
  };

  auto first = daemon.cycle(true);
  ASSERT_EQ(first.outcome, store::SyncOutcome::ok) << first.error;
  EXPECT_EQ(first.counters.invitations_new, std::int64_t(visible));
  EXPECT_EQ(first.ignored, 0) << "a configuration that can only ignore read its backlog back";
  EXPECT_EQ(first.counters.invitations_decided, 0);

  world.clock.advance(1min);  // arrivals come every 30 minutes: none now
  const WallTime second_started = world.now();
  auto second = daemon.cycle(true);
  const WallTime second_ended = world.now();
  ASSERT_EQ(second.outcome, store::SyncOutcome::ok) << second.error;
  EXPECT_EQ(second.counters.invitations_seen, std::int64_t(visible));
  EXPECT_EQ(second.counters.invitations_new, 0);
  EXPECT_EQ(second.invitations_changed, 0);
  EXPECT_EQ(second.pages_recognised, 1) << "the one page had the bytes of the first reconcile: not decoded again";
  for (std::uint32_t i = 0; i < visible; ++i) {
    auto inv = last_seen(i);
    ASSERT_TRUE(inv);
    EXPECT_GE(inv->last_seen, seconds(second_started)) << i << ": not confirmed by the second reconcile";
    EXPECT_LE(inv->last_seen, second_ended) << i;
  }

  world.clock.advance(1min);
  const WallTime third_started = world.now();
  auto third = daemon.cycle(false);
  ASSERT_EQ(third.outcome, store::SyncOutcome::ok) << third.error;
  EXPECT_EQ(third.invitations_changed, 0);
  for (std::uint32_t i = 0; i < visible; ++i) {
    auto inv = last_seen(i);
    ASSERT_TRUE(inv);
    if (inv->summary.status == "PENDING")
      EXPECT_GE(inv->last_seen, seconds(third_started)) << i;
    else
      EXPECT_LE(inv->last_seen, second_ended) << i << " " << inv->summary.status << ": a PENDING listing confirmed it";
  }
}


// 250 invitations, all PENDING and none arriving (a listing of three pages), mirrored by a daemon with no rules.
class PagedMirror : public ::testing::Test {
 protected:
  static sim::Scenario all_pending() {
    auto scenario = cycle_scenario();
    scenario.invitations.count = 250;
    scenario.invitations.status_mix = {{"PENDING", 1.0}};
    scenario.invitations.arrivals_per_hour = 0;
    return scenario;
  }
  static config::DaemonConfig mirror_only() {
    auto config = shipped_config();
    config.rules = rules::RuleSet{};
    return config;
  }

  // A cycle a minute after the last, which must succeed having recognised `recognised` pages; returns when it
  // started (the report stays in `report`).
  WallTime cycle(bool reconcile, std::int64_t recognised) {
    world.clock.advance(1min);
    const WallTime started = world.now();
    report = daemon.cycle(reconcile);
    EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
    EXPECT_EQ(report.pages_recognised, recognised) << (reconcile ? "reconcile" : "PENDING");
    return started;
  }
  WallTime last_seen(const std::string& id) {
    auto inv = daemon.store().invitation(id);
    EXPECT_TRUE(inv && inv->has_value()) << id;
    return inv && inv->has_value() ? (*inv)->last_seen : WallTime{};
  }
  // The mirror keeps whole seconds.
  static WallTime seconds(WallTime t) { return std::chrono::floor<std::chrono::seconds>(t); }

  boost::asio::io_context io;
  SimWorld world{all_pending()};
  Daemon daemon{world, io, open_store(":memory:"), mirror_only()};
  CycleReport report;
};

// Listings of several pages, all statuses then PENDING only, where every invitation is PENDING: the two scopes'
// pages hold the same items (but for their NextToken, which names the filters). Each scope is recognised only
// against its own previous listing, and a recognised page's NextToken is the one it carries now.
TEST_F(PagedMirror, ScopesOfSeveralPagesAreRecognisedEachAgainstItsOwnListing) {
  const struct {
    bool reconcile;
    std::int64_t recognised;
  } cycles[] = {{true, 0}, {false, 0}, {false, 3}, {true, 3}, {false, 3}};
  for (const auto& c : cycles) {
    SCOPED_TRACE("cycle " + std::to_string(&c - cycles + 1));
    cycle(c.reconcile, c.recognised);
    EXPECT_EQ(report.counters.invitations_seen, 250);
  }
}

// A listing that recognises every page returns the ids of the listing before it, whose count the memo kept: the
// sort is skipped, not the check. That count is what the listing returned, not what the store holds: a row of
// the scope that no page returned (written here behind the listing's back) is still found and marked unlisted,
// its LastSeen frozen, while every listed row is confirmed.
TEST_F(PagedMirror, ARowNoRecognisedPageReturnedIsStillMarkedUnlisted) {
  cycle(true, 0);
  cycle(true, 3);  // the memo now holds the count of a listing it recognised whole

  const std::string listed = world.sim.state().invitation_id(0);
  auto known = daemon.store().invitation(listed);
  ASSERT_TRUE(known && known->has_value());
  store::InvitationSummary extra = (*known)->summary;
  extra.id = "engi-notlistedanywhere";
  std::vector<store::InvitationSummary> page{extra};
  ASSERT_OK(daemon.store().upsert_invitations(page, world.now()));

  const WallTime third = cycle(true, 3);
  EXPECT_LT(last_seen(extra.id), third) << "not returned by the listing: its LastSeen stays where it was";
  EXPECT_GE(last_seen(listed), seconds(third));
}

// A page once refused in part (an item of another catalog) is forgotten, so when its first bytes come back it is
// read again rather than taken as the listing that refused it: the id that listing did not return is confirmed
// again (LastSeen), and the listing after that recognises every page.
TEST_F(PagedMirror, APageRefusedInPartIsReadAgainAndTheListingAfterConfirmsEveryId) {
  cycle(true, 0);
  std::string refused;
  int listing_page = 0;
  world.transport.set_rewrite([&](std::string_view op, net::HttpResponse& response) {
    if (op != "ListEngagementInvitations" || ++listing_page != 2) return;
    auto body = json::parse(response.body).as_object();
    auto& item = body.at("EngagementInvitationSummaries").as_array().at(0).as_object();
    refused = std::string(item.at("Id").as_string());
    item["Catalog"] = item.at("Catalog").as_string() == "AWS" ? "Sandbox" : "AWS";  // not the one asked for
    response.body = json::serialize(body);
  });
  const WallTime second = cycle(true, 2);
  ASSERT_FALSE(refused.empty());
  EXPECT_LT(last_seen(refused), second) << "the listing that refused it did not return it";

  world.transport.set_rewrite({});
  const WallTime third = cycle(true, 2);  // the page refused last time is read again
  EXPECT_GE(last_seen(refused), seconds(third));
  const WallTime fourth = cycle(true, 3);
  EXPECT_GE(last_seen(refused), seconds(fourth));
  EXPECT_GE(last_seen(world.sim.state().invitation_id(0)), seconds(fourth));
}

}  // namespace
}  // namespace pcs::sync::test
