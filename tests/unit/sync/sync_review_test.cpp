// action: review and a person's decisions through the whole cycle against the in-process simulator: a review
// is recorded once and sends nothing; a person's accept or reject is carried out by a decisions-only pass,
// exactly once, with the same ClientToken derivation as a rule's; recovery does not re-judge a person's
// decision by the rules, but still refuses it in dry run or once the invitation expired.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>

#include "config/config_loader.hpp"
#include "core/time_format.hpp"
#include "sync/client_token.hpp"
#include "sync/decision_request.hpp"
#include "sync/recovery_check.hpp"
#include "sync_harness.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace pcs::sync::test {
namespace {

namespace json = boost::json;

// config/pcsyncd.yaml with default_action: review (and dry run as given): what the rules leave open waits.
config::DaemonConfig review_config(bool dry_run = false) {
  return shipped_config_edited(
      [&](YAML::Node& file) {
        file["default_action"] = "review";
        file["dry_run"] = dry_run;
      },
      "review-test.yaml");
}

class SyncReviewTest : public ::testing::Test {
 protected:
  // The pending invitations the shipped rules leave open.
  std::vector<std::string> open_ones() {
    std::vector<std::string> ids;
    for (const auto& t : pending_targets(world))
      if (t.expected == Expected::ignore) ids.push_back(t.id);
    return ids;
  }

  // What a person's `pcsyncctl accept|reject` records.
  store::Decision decide(Daemon& daemon, const std::string& id, store::DecisionAction action, const std::string& who,
                         const std::string& why) {
    auto invitation = daemon.store().invitation(id);
    EXPECT_TRUE(invitation.ok() && invitation->has_value());
    auto latest = daemon.store().latest_decision(id);
    EXPECT_OK(latest);
    auto recorded = daemon.store().record_person_decision(
        person_decision(PersonVerdict{action, who, why, {}}, **invitation, next_attempt(*latest)), world.now());
    EXPECT_OK(recorded);
    return recorded ? *recorded : store::Decision{};
  }

  boost::asio::io_context io;
  SimWorld world{cycle_scenario()};
  pcs::test::TempDir dir;
  std::filesystem::path db = dir.path() / "pcsync.db";
};

TEST_F(SyncReviewTest, WhatTheRulesLeaveOpenWaitsForAPersonOnceAndNothingIsSentForIt) {
  const auto open = open_ones();
  ASSERT_GE(open.size(), 3u) << "the scenario must leave some invitations to a person";
  Daemon daemon(world, io, open_store(db), review_config());
  auto first = daemon.cycle(true);
  EXPECT_EQ(first.outcome, store::SyncOutcome::ok) << first.error;
  EXPECT_EQ(first.reviews_requested, std::int64_t(open.size()));
  EXPECT_EQ(first.reviews_waiting, std::int64_t(open.size()));
  EXPECT_EQ(first.ignored, 0);
  for (const auto& id : open) {
    SCOPED_TRACE(id);
    EXPECT_EQ(world.accounting(id), nullptr) << "a review is never sent";
    EXPECT_TRUE(live_decisions(daemon.store(), id).empty());
    auto review = daemon.store().review(id);
    ASSERT_OK(review);
    ASSERT_TRUE(review->has_value());
    EXPECT_EQ((*review)->rule, "default");
    EXPECT_EQ((*review)->reason, "no rule matched");
  }
  auto second = daemon.cycle();
  EXPECT_EQ(second.reviews_requested, 0) << "still waiting: nobody is told twice";
  EXPECT_EQ(second.reviews_waiting, std::int64_t(open.size()));
}

TEST_F(SyncReviewTest, InDryRunNothingIsRecordedForAReview) {
  Daemon daemon(world, io, open_store(db), review_config(true));
  auto report = daemon.cycle(true);
  EXPECT_EQ(report.reviews_requested, 0);
  EXPECT_EQ(report.reviews_waiting, 0);
  for (const auto& id : open_ones()) EXPECT_FALSE(daemon.store().review(id)->has_value());
}

TEST_F(SyncReviewTest, APersonsAcceptAndRejectAreCarriedOutOnceByADecisionsOnlyPass) {
  const auto open = open_ones();
  ASSERT_GE(open.size(), 2u);
  Daemon daemon(world, io, open_store(db), review_config());
  ASSERT_EQ(daemon.cycle(true).outcome, store::SyncOutcome::ok);

  std::string sent_reason;
  world.transport.set_hook([&](const net::HttpRequest& request, std::string_view op) {
    if (op == "RejectEngagementInvitation")
      sent_reason = std::string(json::parse(request.body).at("RejectionReason").as_string());
    return SimTransport::Fate::deliver;
  });
  const auto accepted = decide(daemon, open[0], store::DecisionAction::accept, "alice via sudo", "strategic");
  const auto rejected = decide(daemon, open[1], store::DecisionAction::reject, "bob", "Not our region");
  const int lists_before = world.transport.delivered("ListEngagementInvitations");

  auto pass = daemon.run(CycleOptions{.decisions_only = true});
  EXPECT_EQ(pass.outcome, store::SyncOutcome::ok) << pass.error;
  EXPECT_EQ(pass.accepted, 1);
  EXPECT_EQ(pass.rejected, 1);
  EXPECT_EQ(world.transport.delivered("ListEngagementInvitations"), lists_before) << "no listing in this pass";
  EXPECT_EQ(sent_reason, "Not our region");
  // Not a sync run, but its calls count in the daily budgets a restarted daemon replays.
  auto calls = daemon.store().calls_since(world.now() - std::chrono::hours{1});
  ASSERT_TRUE(calls.ok()) << calls.error().describe();
  std::int64_t writes = 0;
  for (const auto& made : *calls) writes += made.write_calls;
  auto runs = daemon.store().sync_runs_since(world.now() - std::chrono::hours{1});
  ASSERT_TRUE(runs.ok());
  for (const auto& run : *runs) writes -= run.counters.write_calls;
  EXPECT_EQ(writes, 2) << "the accept and the reject of this pass";

  const auto* acct = world.accounting(open[0]);
  ASSERT_NE(acct, nullptr);
  EXPECT_EQ(acct->accept_calls, 1u);
  EXPECT_EQ(acct->tasks_created, 1u);
  EXPECT_EQ(acct->client_tokens, (std::set<std::string>{make_client_token(accepted.catalog, open[0], 1)}));
  auto a = live_decisions(daemon.store(), open[0]);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].state, store::DecisionState::done);
  EXPECT_EQ(a[0].decided_by, "alice via sudo");
  EXPECT_EQ(a[0].id, accepted.id);
  auto r = live_decisions(daemon.store(), open[1]);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].state, store::DecisionState::done);
  EXPECT_EQ(r[0].id, rejected.id);
  ASSERT_NE(world.accounting(open[1]), nullptr);
  EXPECT_EQ(world.accounting(open[1])->reject_calls, 1u);

  // The next full cycles send nothing more for either, and they left the review queue.
  daemon.cycle(true);
  EXPECT_EQ(world.accounting(open[0])->accept_calls, 1u);
  EXPECT_EQ(world.accounting(open[1])->reject_calls, 1u);
  EXPECT_EQ(*daemon.store().reviews_waiting(world.now()), std::int64_t(open.size() - 2));
}

// `--now` runs the pass for one decision only.
TEST_F(SyncReviewTest, APassForOneDecisionLeavesTheOthersToTheDaemon) {
  const auto open = open_ones();
  ASSERT_GE(open.size(), 2u);
  Daemon daemon(world, io, open_store(db), review_config());
  ASSERT_EQ(daemon.cycle(true).outcome, store::SyncOutcome::ok);
  const auto first = decide(daemon, open[0], store::DecisionAction::accept, "alice", "");
  decide(daemon, open[1], store::DecisionAction::accept, "alice", "");
  auto pass = daemon.run(CycleOptions{.decisions_only = true, .only_decision = first.id});
  EXPECT_EQ(pass.accepted, 1);
  EXPECT_NE(world.accounting(open[0]), nullptr);
  EXPECT_EQ(world.accounting(open[1]), nullptr);
  EXPECT_EQ(live_decisions(daemon.store(), open[1]).at(0).state, store::DecisionState::recorded);
}

// ---- recovery of a person's decision (pure) ----

store::Invitation pending(const std::string& id, WallTime expires) {
  store::Invitation i;
  i.summary.id = id;
  i.summary.catalog = "AWS";
  i.summary.status = "PENDING";
  i.summary.expiration_date = expires;
  return i;
}

TEST(PersonRecovery, ThePersonOverridesTheRulesButNotDryRunCatalogOrExpiry) {
  config::DaemonConfig config = review_config();
  config.catalog = "AWS";
  const WallTime now = *parse_iso8601("2024-06-01T00:00:00Z");
  const auto invitation = pending("engi-1", now + std::chrono::hours{24});
  store::Decision d;
  d.invitation_id = "engi-1";
  d.catalog = "AWS";
  d.action = store::DecisionAction::accept;
  d.rule = "person";
  d.decided_by = "alice";
  // The rules send this invitation to review (it matches no rule): a rule's accept would be abandoned.
  EXPECT_TRUE(still_wanted(d, invitation, config, now).yes);
  store::Decision by_rule = d;
  by_rule.decided_by.clear();
  EXPECT_FALSE(still_wanted(by_rule, invitation, config, now).yes);

  EXPECT_FALSE(still_wanted(d, pending("engi-1", now), config, now).yes) << "expired";
  store::Invitation accepted = invitation;
  accepted.summary.status = "ACCEPTED";
  EXPECT_FALSE(still_wanted(d, accepted, config, now).yes);
  EXPECT_FALSE(still_wanted(d, std::nullopt, config, now).yes);
  config::DaemonConfig dry = config;
  dry.dry_run = true;
  EXPECT_NE(still_wanted(d, invitation, dry, now).why_not.find("dry run"), std::string::npos);
  config::DaemonConfig sandbox = config;
  sandbox.catalog = "Sandbox";
  EXPECT_FALSE(still_wanted(d, invitation, sandbox, now).yes);
}

}  // namespace
}  // namespace pcs::sync::test
