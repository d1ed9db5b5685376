#include "sync_invariants.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "core/time_format.hpp"
#include "sync/task_failure.hpp"

namespace pcs::sync::test {
namespace {

namespace json = boost::json;

std::uint64_t u64(const json::value& v) { return v.to_number<std::uint64_t>(); }

std::uint64_t member_u64(const json::value* entry, const char* name) { return entry ? u64(entry->at(name)) : 0; }

// One invitation's share of check_sync_invariants(); adds to the figures.
void check_invitation(const InvariantInput& in, const sim::SimState& oracle, WallTime start, std::uint32_t i,
                      InvariantFigures& fig, std::uint64_t& db_accept_tasks) {
  const auto& per = in.stats.at("per_invitation").as_object();
  const auto facts = oracle.facts(i);
  SCOPED_TRACE(facts.id);
  const Expected expected = expected_action(facts);
  const InvitationDates dates = dates_of(oracle, in.scenario, i);
  const json::value* entry = per.if_contains(facts.id);
  const auto accept_calls = member_u64(entry, "accept_calls");
  const auto reject_calls = member_u64(entry, "reject_calls");
  const auto tasks_created = member_u64(entry, "tasks_created");
  const auto tokens = member_u64(entry, "distinct_client_tokens");
  fig.write_calls += int(accept_calls + reject_calls);
  fig.accept_tasks += int(tasks_created);

  auto shown = in.store.show(facts.id);
  ASSERT_TRUE(shown.ok()) << shown.error().describe();
  std::vector<store::Decision> live;
  std::vector<store::Task> tasks;
  if (*shown) {
    for (const auto& d : (*shown)->decisions)
      if (!d.dry_run) live.push_back(d);
    tasks = (*shown)->tasks;
  }
  db_accept_tasks += tasks.size();

  // Nothing the rules do not want, nothing on an invitation that was never PENDING.
  const bool seeded_pending = oracle.status_of(i, std::max(start, dates.invited)) == sim::InvitationStatus::pending;
  if (!seeded_pending) {
    EXPECT_EQ(entry, nullptr) << "acted on an invitation that was never PENDING";
  }
  if (expected != Expected::accept) {
    EXPECT_EQ(accept_calls, 0u) << "accepted against the rules";
  }
  if (expected != Expected::reject) {
    EXPECT_EQ(reject_calls, 0u) << "rejected against the rules";
  }
  if (expected == Expected::ignore) {
    EXPECT_TRUE(live.empty()) << "decided an invitation the rules ignore";
  }

  // Exactly once per attempt: one task per ClientToken, one ClientToken per recorded attempt, at most one
  // task that did not fail, no more attempts than allowed; every task the service made is in the database.
  std::set<std::string> recorded_tokens;
  for (const auto& d : live)
    if (d.action == store::DecisionAction::accept) recorded_tokens.insert(d.client_token);
  EXPECT_LE(tasks_created, tokens) << "a ClientToken made two tasks";
  EXPECT_LE(tokens, recorded_tokens.size()) << "a ClientToken reached the service that no decision recorded";
  EXPECT_LE(tokens, std::uint64_t(in.max_accept_attempts));
  EXPECT_EQ(tasks.size(), tasks_created) << "a task the service created is not in the database";
  int live_tasks = 0;
  for (const auto& t : tasks) live_tasks += t.task_status != "FAILED";
  EXPECT_LE(live_tasks, 1) << "two tasks that did not fail";
  for (const auto& d : live) {
    EXPECT_NE(d.state, store::DecisionState::recorded) << "decision " << d.id << " never sent";
    EXPECT_NE(d.state, store::DecisionState::sent) << "decision " << d.id << " never confirmed";
  }
  if (reject_calls > 0) {
    const bool done = std::any_of(live.begin(), live.end(), [](const store::Decision& d) {
      return d.action == store::DecisionAction::reject && d.state == store::DecisionState::done;
    });
    EXPECT_TRUE(done) << "a reject the service saw is not recorded as done";
  }
  fig.retried += tasks_created > 1;

  if (!in.actionable || !in.actionable(oracle, i, dates)) return;
  ++fig.actionable;
  const std::string status_now = entry ? std::string(entry->at("status").as_string()) : "PENDING";
  switch (expected) {
    case Expected::ignore:
      ++fig.ignored;
      EXPECT_EQ(entry, nullptr) << "a call reached an invitation the rules ignore";
      break;
    case Expected::reject:
      ++fig.rejected;
      EXPECT_GE(reject_calls, 1u) << "lost: a matching invitation was never rejected";
      EXPECT_EQ(status_now, "REJECTED");
      break;
    case Expected::accept: {
      ++fig.accepted;
      ASSERT_GE(tasks_created, 1u) << "lost: a matching invitation was never accepted";
      ASSERT_FALSE(live.empty());
      if (status_now == "ACCEPTED") break;
      // Its last task FAILED and it was not retried: only when the attempts are used up, the reason lasts,
      // or the invitation is no longer PENDING (it expired meanwhile).
      ASSERT_FALSE(tasks.empty());
      const auto& last = *std::max_element(tasks.begin(), tasks.end(),
                                           [](const auto& a, const auto& b) { return a.start_time < b.start_time; });
      EXPECT_EQ(last.task_status, "FAILED") << "the service says " << status_now;
      const bool lasting = !classify_task_failure(last.reason_code).passing;
      EXPECT_TRUE(lasting || tokens == std::uint64_t(in.max_accept_attempts) || status_now != "PENDING")
          << "a FAILED task for a passing reason (" << last.reason_code << ") was not retried; status " << status_now;
      break;
    }
  }
}

}  // namespace

InvitationDates dates_of(const sim::SimState& oracle, const sim::Scenario& scenario, std::uint32_t index) {
  // Asked far in the future, when every arrival has happened; the dates do not depend on when one asks.
  const json::object request{{"Catalog", scenario.catalog}, {"Identifier", oracle.invitation_id(index)}};
  auto got = oracle.get_invitation(request, WallTime::max() - std::chrono::hours{24 * 365 * 100});
  EXPECT_TRUE(got.ok()) << oracle.invitation_id(index);
  InvitationDates d{};
  if (!got.ok()) return d;
  d.invited = parse_iso8601(std::string(got.body.at("InvitationDate").as_string())).value_or(WallTime{});
  d.expires = parse_iso8601(std::string(got.body.at("ExpirationDate").as_string())).value_or(WallTime{});
  return d;
}

std::uint64_t peak(const json::object& stats, const char* which, const char* quota_class) {
  const auto* per = stats.if_contains(which);
  if (!per) {
    ADD_FAILURE() << "the simulator's stats have no " << which;
    return 0;
  }
  const auto* v = per->as_object().if_contains(quota_class);
  return v ? u64(*v) : 0;
}

InvariantFigures check_sync_invariants(const InvariantInput& in) {
  InvariantFigures fig;
  EXPECT_TRUE(in.scenario.start_time.has_value()) << "the oracle needs the scenario's start_time";
  const WallTime start = in.scenario.start_time.value_or(WallTime{});
  const sim::SimState oracle(in.scenario, start);
  const WallTime end = parse_iso8601(std::string(in.stats.at("sim_time").as_string())).value_or(WallTime{});

  EXPECT_TRUE(in.store.integrity_check().ok()) << "PRAGMA integrity_check";
  auto open = in.store.unfinished_decisions();
  EXPECT_TRUE(open && open->empty()) << "decisions left unconfirmed: " << (open ? open->size() : 0);

  std::uint64_t db_accept_tasks = 0;
  fig.invitations = int(oracle.visible_invitations(end));
  for (std::uint32_t i = 0; i < std::uint32_t(fig.invitations); ++i)
    check_invitation(in, oracle, start, i, fig, db_accept_tasks);
  EXPECT_EQ(std::uint64_t(fig.accept_tasks), u64(in.stats.at("tasks_created")));
  EXPECT_EQ(db_accept_tasks, u64(in.stats.at("tasks_created"))) << "tasks the service created vs the database";
  EXPECT_EQ(u64(in.stats.at("totals").at("signature_failures")), 0u);
  EXPECT_EQ(u64(in.stats.at("totals").at("validation_failures")), 0u);
  return fig;
}

}  // namespace pcs::sync::test
