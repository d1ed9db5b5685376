// What the daemon does with a decision it recorded but could not confirm, when the world or the configuration
// changed before it could: dry run, a removed or edited rule, a reload between deciding and acting, a call
// that took effect after all. And what it refuses outright: items of another catalog, a listing that fails.
// Each test checks both sides: what reached the simulated service, and what the mirror recorded.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>

#include "config/config_loader.hpp"
#include "sync/client_token.hpp"
#include "sync/task_failure.hpp"
#include "sync_harness.hpp"
#include "temp_dir.hpp"

namespace pcs::sync::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using Fate = SimTransport::Fate;

// config/pcsyncd.yaml with the accept rule's tag value and the reject rule's reason as given, or without the
// accept rule, in dry run or not.
config::DaemonConfig rules_config(bool with_accept_rule, const std::string& tag_value = "pcsyncd",
                                  const std::string& reason = "Outside our focus area", bool dry_run = false) {
  return shipped_config_edited(
      [&](YAML::Node& file) {
        YAML::Node accept = file["rules"][0];
        YAML::Node reject = file["rules"][1];
        EXPECT_EQ(accept["action"].as<std::string>(), "accept") << "config/pcsyncd.yaml's first rule accepts";
        EXPECT_EQ(reject["action"].as<std::string>(), "reject") << "config/pcsyncd.yaml's second rule rejects";
        accept["tags"]["source"] = tag_value;
        reject["reason"] = reason;
        YAML::Node rules(YAML::NodeType::Sequence);
        if (with_accept_rule) rules.push_back(accept);
        rules.push_back(reject);
        file["rules"] = rules;
        file["dry_run"] = dry_run;
      },
      "recovery-test.yaml");
}

class SyncRecoveryTest : public ::testing::Test {
 protected:
  std::string crash_on_first_accept(const std::filesystem::path& at, Fate fate) {
    return test::crash_on_first_accept(world, io, at, fate);
  }

  boost::asio::io_context io;
  SimWorld world{cycle_scenario()};
  pcs::test::TempDir dir;
  std::filesystem::path db = dir.path() / "pcsync.db";
};

TEST_F(SyncRecoveryTest, DryRunNeverSendsAnUnconfirmedLiveDecisionThenALiveRunDecidesItAgainOnce) {
  const std::string victim = crash_on_first_accept(db, Fate::lose_request);
  {
    Daemon dry(world, io, open_store(db), rules_config(true, "pcsyncd", "Outside our focus area", true));
    auto report = dry.cycle();
    EXPECT_EQ(world.transport.delivered("StartEngagementByAcceptingInvitationTask"), 0);
    EXPECT_EQ(world.transport.delivered("RejectEngagementInvitation"), 0);
    EXPECT_EQ(report.counters.write_calls, 0);
    EXPECT_EQ(report.abandoned, 1);
    auto decisions = live_decisions(dry.store(), victim);
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0].state, store::DecisionState::abandoned);
    EXPECT_NE(decisions[0].error.find("dry run"), std::string::npos) << decisions[0].error;
  }
  Daemon live(world, io, open_store(db), shipped_config());
  const auto* acct = accounting_after_ok_cycle(live, world, victim);
  ASSERT_NE(acct, nullptr);
  EXPECT_EQ(acct->accept_calls, 1u);
  EXPECT_EQ(acct->tasks_created, 1u);
  auto decisions = live_decisions(live.store(), victim);
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[1].state, store::DecisionState::done);
  // Abandoned, never applied: the fresh decision keeps the token, so a late arrival of the first request
  // could only ever meet the same task.
  EXPECT_EQ(decisions[1].attempt, 1);
  EXPECT_EQ(decisions[1].client_token, decisions[0].client_token);
}

TEST_F(SyncRecoveryTest, ARemovedRuleAbandonsTheUnconfirmedAcceptInsteadOfSendingIt) {
  const std::string victim = crash_on_first_accept(db, Fate::lose_request);
  Daemon second(world, io, open_store(db), rules_config(/*with_accept_rule=*/false));
  auto report = second.cycle();
  EXPECT_EQ(world.accounting(victim), nullptr) << "an accept went out whose rule is gone";
  EXPECT_EQ(world.transport.delivered("StartEngagementByAcceptingInvitationTask"), 0);
  EXPECT_EQ(report.abandoned, 1);
  auto decisions = live_decisions(second.store(), victim);
  ASSERT_EQ(decisions.size(), 1u) << "the current rules ignore it: no new decision";
  EXPECT_EQ(decisions[0].state, store::DecisionState::abandoned);
  EXPECT_NE(decisions[0].error.find("no longer decide"), std::string::npos) << decisions[0].error;
}

TEST_F(SyncRecoveryTest, AnAcceptThatTookEffectIsRecordedDoneEvenWhenTheRuleIsGone) {
  const std::string victim = crash_on_first_accept(db, Fate::lose_response);  // the service started the task
  Daemon second(world, io, open_store(db), rules_config(/*with_accept_rule=*/false));
  auto report = second.cycle();
  const auto* acct = world.accounting(victim);
  ASSERT_NE(acct, nullptr);
  EXPECT_EQ(acct->accept_calls, 1u) << "nothing was resent";
  EXPECT_EQ(acct->tasks_created, 1u);
  EXPECT_EQ(report.abandoned, 0);
  auto decisions = live_decisions(second.store(), victim);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].state, store::DecisionState::done);
  ASSERT_FALSE(decisions[0].task_id.empty());
  ASSERT_EQ(tasks_of(second.store(), victim).size(), 1u);
  EXPECT_EQ(tasks_of(second.store(), victim)[0].task_id, decisions[0].task_id);
}

TEST_F(SyncRecoveryTest, AReloadBetweenDecideAndActChangesNothingOfTheRecordedRequest) {
  Daemon daemon(world, io, open_store(db), shipped_config());
  // Cycle 1 decides, but no accept or reject gets through: every decision stays sent.
  world.transport.set_hook([](const net::HttpRequest&, std::string_view op) {
    return op == "StartEngagementByAcceptingInvitationTask" || op == "RejectEngagementInvitation" ? Fate::lose_request
                                                                                                    : Fate::deliver;
  });
  daemon.cycle();
  auto open = daemon.store().unfinished_decisions();
  ASSERT_OK(open);
  ASSERT_FALSE(open->empty());

  // The operator edits the tag and the reason and reloads; the rules still make the same decisions.
  daemon.reconfigure(rules_config(true, "edited-tag", "Edited reason"));
  std::vector<json::object> sent;
  world.transport.set_hook([&](const net::HttpRequest& request, std::string_view op) {
    if (op == "StartEngagementByAcceptingInvitationTask" || op == "RejectEngagementInvitation")
      sent.push_back(json::parse(request.body).as_object());
    return Fate::deliver;
  });
  auto report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
  int accepts = 0, rejects = 0;
  for (const auto& body : sent) {
    if (body.contains("ClientToken")) {
      ++accepts;
      EXPECT_EQ(json::serialize(body.at("Tags")), R"([{"Key":"source","Value":"pcsyncd"}])");
    } else {
      ++rejects;
      EXPECT_EQ(body.at("RejectionReason"), "Outside our focus area");
    }
  }
  EXPECT_GT(accepts, 0);
  EXPECT_GT(rejects, 0);
  for (const auto& d : *open) {
    auto now = live_decisions(daemon.store(), d.invitation_id);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0].state, store::DecisionState::done);
    if (d.action == store::DecisionAction::accept) {
      EXPECT_EQ(now[0].tags, (std::vector<store::TagRecord>{{"source", "pcsyncd"}}));
    }
  }
}

TEST_F(SyncRecoveryTest, ListedItemsOfAnotherCatalogParticipantTypeOrNoValidIdAreNeverMirroredOrActedOn) {
  // The service answers the listing with one item of another catalog and one where we are the sender.
  std::string foreign, sender;
  world.transport.set_rewrite([&](std::string_view op, net::HttpResponse& response) {
    if (op != "ListEngagementInvitations") return;
    auto body = json::parse(response.body).as_object();
    auto& items = body.at("EngagementInvitationSummaries").as_array();
    if (items.size() < 3) return;
    items[0].as_object()["Catalog"] = "AWS";
    items[1].as_object()["ParticipantType"] = "SENDER";
    items[2].as_object()["Id"] = "engi-0000000000000\n[info] accepted engi-forged";
    foreign = std::string(items[0].at("Id").as_string());
    sender = std::string(items[1].at("Id").as_string());
    response.body = json::serialize(body);
  });
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto report = daemon.cycle();
  ASSERT_FALSE(foreign.empty());
  EXPECT_GE(report.refused_items, 3);
  for (const auto& id : {foreign, sender, std::string("engi-0000000000000\n[info] accepted engi-forged")}) {
    auto mirrored = daemon.store().invitation(id);
    ASSERT_OK(mirrored);
    EXPECT_FALSE(*mirrored) << id << " was mirrored";
    EXPECT_EQ(world.accounting(id), nullptr) << id << " was acted on";
  }
}

// Found in review: a Start answer without a usable TaskId was recorded done with no task (or with one that every
// later TaskIdentifier filter carried and the request check refused, stopping all task tracking). Now the accept
// stays sent, and the next cycle resends it with the same ClientToken: the service's one task, recorded.
TEST_F(SyncRecoveryTest, AStartAnswerWithoutAUsableTaskIdLeavesTheAcceptSentAndTheResendRecordsTheTask) {
  std::vector<std::string> accepted_ids;
  for (const Target& t : pending_targets(world))
    if (t.expected == Expected::accept) accepted_ids.push_back(t.id);
  ASSERT_FALSE(accepted_ids.empty());
  int starts = 0;
  world.transport.set_rewrite([&](std::string_view op, net::HttpResponse& response) {
    if (op != "StartEngagementByAcceptingInvitationTask" || response.status != 200) return;
    auto body = json::parse(response.body).as_object();
    if (++starts % 2 == 1)
      body.erase("TaskId");
    else
      body["TaskId"] = "task-NOT-A-TASK-ID";
    response.body = json::serialize(body);
  });
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto first = daemon.cycle();
  ASSERT_GE(starts, 2) << "both kinds of answer were given";
  EXPECT_EQ(first.outcome, store::SyncOutcome::partial);
  EXPECT_NE(first.error.find("UnexpectedTask"), std::string::npos) << first.error;
  EXPECT_EQ(first.accepted, 0);
  for (const auto& id : accepted_ids) {
    auto decisions = live_decisions(daemon.store(), id);
    ASSERT_EQ(decisions.size(), 1u) << id;
    EXPECT_EQ(decisions[0].state, store::DecisionState::sent) << id;
    for (const auto& t : tasks_of(daemon.store(), id)) EXPECT_NE(t.task_id, "task-NOT-A-TASK-ID");
  }

  world.transport.set_rewrite({});
  auto second = daemon.cycle();
  EXPECT_EQ(second.outcome, store::SyncOutcome::ok) << second.error;
  for (const auto& id : accepted_ids) {
    const auto* acct = world.accounting(id);
    ASSERT_NE(acct, nullptr) << id;
    EXPECT_EQ(acct->accept_calls, 2u) << id;
    EXPECT_EQ(acct->client_tokens.size(), 1u) << id << ": resent with the same token";
    EXPECT_EQ(acct->tasks_created, 1u) << id;
    auto decisions = live_decisions(daemon.store(), id);
    ASSERT_EQ(decisions.size(), 1u) << id;
    EXPECT_EQ(decisions[0].state, store::DecisionState::done) << id;
    auto tasks = tasks_of(daemon.store(), id);
    ASSERT_EQ(tasks.size(), 1u) << id;
    EXPECT_EQ(tasks[0].task_id, decisions[0].task_id);
  }
}

// Found in review: listed tasks were stored as they came. A malformed TaskId went into every later TaskIdentifier
// filter, and a COMPLETE task's invitation id, whatever it held, became an ACCEPTED invitation row. Both are
// refused now, and the tasks listed with them are stored and tracked as before.
TEST_F(SyncRecoveryTest, ListedTasksWithoutTheServicesIdFormsAreRefusedAndTrackingGoesOn) {
  const std::string ghost = "not-an-id\x1b]0;owned\x07";
  const std::string pending_id = world.sim.state().invitation_id(0);
  world.transport.set_rewrite([&](std::string_view op, net::HttpResponse& response) {
    if (op != "ListEngagementByAcceptingInvitationTasks" || response.status != 200) return;
    auto body = json::parse(response.body).as_object();
    if (!body.contains("TaskSummaries")) body["TaskSummaries"] = json::array{};
    auto& tasks = body.at("TaskSummaries").as_array();
    tasks.push_back(json::object{{"TaskId", "task-NOT-A-TASK-ID"},
                                 {"TaskStatus", "IN_PROGRESS"},
                                 {"EngagementInvitationId", pending_id}});
    tasks.push_back(json::object{{"TaskId", "task-0000000000abc"},
                                 {"TaskStatus", "COMPLETE"},
                                 {"EngagementInvitationId", ghost}});
    response.body = json::serialize(body);
  });
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto first = daemon.cycle(/*reconcile=*/true);
  EXPECT_GE(first.refused_items, 2);
  auto ghost_row = daemon.store().invitation(ghost);
  ASSERT_OK(ghost_row);
  EXPECT_FALSE(*ghost_row) << "a task's malformed invitation id became an invitation";
  for (const auto& t : tasks_of(daemon.store(), pending_id)) EXPECT_NE(t.task_id, "task-NOT-A-TASK-ID");

  // The accepts of that cycle are tracked by id in the next (not a reconcile): their batch is sent and read.
  const int listings_before = world.transport.delivered("ListEngagementByAcceptingInvitationTasks");
  auto second = daemon.cycle();
  EXPECT_EQ(second.outcome, store::SyncOutcome::ok) << second.error;
  EXPECT_GT(world.transport.delivered("ListEngagementByAcceptingInvitationTasks"), listings_before);
}

// Found in review: recovery took the first live task in the answer as proof that the accept had taken effect,
// without checking which invitation it was for. Another invitation's task no longer marks this accept done.
TEST_F(SyncRecoveryTest, AnotherInvitationsLiveTaskIsNoProofThatTheAcceptTookEffect) {
  const std::string victim = crash_on_first_accept(db, Fate::lose_request);  // nothing reached the service
  world.transport.set_rewrite([&](std::string_view op, net::HttpResponse& response) {
    if (op != "ListEngagementByAcceptingInvitationTasks" || response.status != 200) return;
    auto body = json::parse(response.body).as_object();
    body["TaskSummaries"] = json::array{json::object{{"TaskId", "task-0000000000abc"},
                                                     {"TaskStatus", "IN_PROGRESS"},
                                                     {"EngagementInvitationId", "engi-0000000000xyz"}}};
    response.body = json::serialize(body);
  });
  Daemon second(world, io, open_store(db), rules_config(/*with_accept_rule=*/false));
  auto report = second.cycle();
  EXPECT_EQ(world.accounting(victim), nullptr);
  EXPECT_GE(report.refused_items, 1);
  auto decisions = live_decisions(second.store(), victim);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].state, store::DecisionState::abandoned) << "recorded done on another invitation's task";
  EXPECT_TRUE(tasks_of(second.store(), "engi-0000000000xyz").empty());
}

TEST_F(SyncRecoveryTest, AListingThatCannotCompleteFailsTheCycle) {
  world.transport.set_hook([](const net::HttpRequest&, std::string_view op) {
    return op == "ListEngagementInvitations" ? Fate::lose_request : Fate::deliver;
  });
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::failed);
  EXPECT_NE(report.error.find("ConnectionReset"), std::string::npos) << report.error;
}

TEST_F(SyncRecoveryTest, AListingThatEndsOnAnAnswerItCannotReadDecidesNothingThatCycle) {
  // The first page comes with a NextToken, and every later one repeats page and token: RepeatedNextToken (kind
  // protocol). What the first page said is mirrored; nothing is decided or sent on it until a listing completes.
  std::optional<std::string> first_page;
  world.transport.set_rewrite([&](std::string_view op, net::HttpResponse& response) {
    if (op != "ListEngagementInvitations") return;
    if (!first_page) {
      auto body = json::parse(response.body).as_object();
      body["NextToken"] = "again";
      first_page = json::serialize(body);
    }
    response.status = 200;
    response.body = *first_page;
  });
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  auto report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::failed);
  EXPECT_NE(report.error.find("RepeatedNextToken"), std::string::npos) << report.error;
  EXPECT_GT(report.counters.invitations_seen, 0) << "the first page is mirrored";
  EXPECT_EQ(report.counters.invitations_decided, 0);
  EXPECT_EQ(world.transport.delivered("StartEngagementByAcceptingInvitationTask"), 0);
  EXPECT_EQ(world.transport.delivered("RejectEngagementInvitation"), 0);

  world.transport.set_rewrite({});
  report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
  EXPECT_GT(report.counters.invitations_decided, 0);
  EXPECT_GT(world.transport.delivered("StartEngagementByAcceptingInvitationTask"), 0);
}

// The whole-cycle world where every accept task FAILS, 5 s after it started.
class SyncTaskRetry : public ::testing::Test {
 protected:
  static sim::Scenario failing_tasks() {
    sim::Scenario s = cycle_scenario();
    s.tasks.failure_ratio = 1.0;
    s.tasks.duration_seconds = 5;
    return s;
  }

  boost::asio::io_context io;
  SimWorld world{failing_tasks()};
  const std::vector<Target> targets = pending_targets(world);
};

TEST_F(SyncTaskRetry, AStorageFaultBetweenATaskFailureAndItsRetryLosesNeitherAndTheRetryIsSentOnce) {
  // The retry of a FAILED accept cannot be recorded (a trigger refuses every attempt after the first): the
  // failure must not be recorded without it, or the invitation would stay failed for good. The next reconcile
  // (after a restart, the first cycle) sees the FAILED task again and records both; the retry is sent once.
  pcs::test::TempDir dir;
  const auto db = dir.path() / "pcsync.db";
  Daemon daemon(world, io, open_store(db), shipped_config());
  auto report = daemon.cycle();
  ASSERT_GT(report.accepted, 0) << report.error;
  SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
  raw.exec("CREATE TRIGGER test_refuse_retries BEFORE INSERT ON decisions WHEN NEW.attempt > 1 "
           "BEGIN SELECT RAISE(ABORT, 'injected: the retry cannot be recorded'); END");
  world.clock.advance(10s);  // every task has FAILED
  report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::failed);
  EXPECT_NE(report.error.find("injected"), std::string::npos) << report.error;

  std::vector<std::string> passing;  // accepted invitations whose (only) task failed for a passing reason
  for (const auto& t : targets) {
    if (t.expected != Expected::accept) continue;
    SCOPED_TRACE(t.id);
    const auto tasks = tasks_of(daemon.store(), t.id);
    ASSERT_EQ(tasks.size(), 1u);
    ASSERT_EQ(tasks[0].task_status, "FAILED");
    if (!classify_task_failure(tasks[0].reason_code).passing) continue;
    passing.push_back(t.id);
    const auto decisions = live_decisions(daemon.store(), t.id);
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0].state, store::DecisionState::done)
        << "the failure was recorded without its retry: " << decisions[0].error;
  }
  ASSERT_FALSE(passing.empty()) << "the scenario should give some task a passing reason";

  raw.exec("DROP TRIGGER test_refuse_retries");
  report = daemon.cycle(/*reconcile=*/true);  // records the retries
  EXPECT_GT(report.retries_recorded, 0) << report.error;
  report = daemon.cycle();  // recovery sends them
  for (const auto& id : passing) {
    SCOPED_TRACE(id);
    const auto* acct = world.accounting(id);
    ASSERT_NE(acct, nullptr);
    EXPECT_EQ(acct->tasks_created, 2u);
    EXPECT_EQ(acct->client_tokens.size(), 2u);
    const auto decisions = live_decisions(daemon.store(), id);
    ASSERT_EQ(decisions.size(), 2u);
    EXPECT_EQ(decisions[0].state, store::DecisionState::failed);
    EXPECT_EQ(decisions[1].attempt, 2);
    EXPECT_EQ(decisions[1].state, store::DecisionState::done) << decisions[1].error;
  }
}

// Every task FAILS: a passing reason is retried with the next ClientToken up to max_accept_attempts, a lasting
// one stops at once, and each attempt is recorded.
TEST_F(SyncTaskRetry, AFailedTaskIsRetriedWithTheNextTokenUntilALastingReasonOrTheLastAttempt) {
  Daemon daemon(world, io, open_store(":memory:"), shipped_config());
  for (int i = 0; i < 12; ++i) {
    daemon.cycle();
    world.clock.advance(10s);
  }
  int accepts = 0, retried = 0;
  for (const auto& t : targets) {
    if (t.expected != Expected::accept) continue;
    SCOPED_TRACE(t.id);
    ++accepts;
    const auto decisions = live_decisions(daemon.store(), t.id);
    const auto tasks = tasks_of(daemon.store(), t.id);
    const auto* acct = world.accounting(t.id);
    ASSERT_NE(acct, nullptr);
    ASSERT_FALSE(decisions.empty());
    EXPECT_EQ(decisions.size(), tasks.size());
    EXPECT_EQ(acct->client_tokens.size(), tasks.size());
    EXPECT_LE(tasks.size(), 3u);
    for (std::size_t i = 0; i < decisions.size(); ++i) {
      EXPECT_EQ(decisions[i].attempt, int(i) + 1);
      EXPECT_EQ(decisions[i].client_token, make_client_token("Sandbox", t.id, int(i) + 1));
      EXPECT_EQ(decisions[i].state, store::DecisionState::failed);
      EXPECT_EQ(acct->client_tokens.count(decisions[i].client_token), 1u);
    }
    for (const auto& task : tasks) EXPECT_EQ(task.task_status, "FAILED");
    const auto& last = decisions.back();
    EXPECT_NE(last.error.find("not retried"), std::string::npos) << last.error;
    // Which task ended the series: a lasting reason, or the third attempt.
    const bool lasting = !classify_task_failure(tasks.back().reason_code).passing;
    EXPECT_TRUE(lasting || tasks.size() == 3u) << tasks.back().reason_code;
    for (std::size_t i = 0; i + 1 < tasks.size(); ++i)
      EXPECT_TRUE(classify_task_failure(tasks[i].reason_code).passing) << "a lasting reason was retried";
    retried += tasks.size() > 1;
  }
  EXPECT_GT(accepts, 2);
  EXPECT_GT(retried, 0) << "the scenario should give some task a passing reason";
}

}  // namespace
}  // namespace pcs::sync::test
