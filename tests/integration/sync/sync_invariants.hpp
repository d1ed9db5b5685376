#pragma once
// The promises of a long or violent run, checked the same way after the kill test (pcsyncd killed hundreds of
// times) and after the soak (30 simulated days): from the simulator's stats (what reached the service), the
// database (what pcsyncd recorded) and an oracle (a pristine SimState of the same scenario, which says what
// every invitation is and what the shipped rules make of it, independently of pcsyncd):
//  - no accept attempt with two tasks, no invitation with two live tasks or more ClientTokens than recorded
//    attempts, never more attempts than max_accept_attempts;
//  - nothing acted on that the rules do not want (no non-matching accept, no reject of another, nothing on an
//    invitation that was not PENDING), nothing acted on twice;
//  - every invitation that was actionable (the caller says which) decided and acted on;
//  - every call the service saw recorded in the database, and no decision left unconfirmed;
//  - PRAGMA integrity_check ok.
// Failures are reported with gtest's EXPECT/ADD_FAILURE, naming the invitation.

#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "core/clock.hpp"
#include "shipped_rules.hpp"
#include "sim/scenario.hpp"
#include "sim/sim_state.hpp"
#include "store/store.hpp"

namespace pcs::sync::test {

struct InvitationDates {
  WallTime invited;  // when it appeared (arrivals: after the start)
  WallTime expires;
};

struct InvariantInput {
  const sim::Scenario& scenario;     // with start_time set: the oracle replays it exactly
  const boost::json::object& stats;  // GET /__sim/stats at the end
  store::Store& store;
  int max_accept_attempts = 3;
  // Whether pcsyncd had every chance to act on this invitation (e.g. it was PENDING and unexpired when the
  // final settling run started). `oracle` is the pristine state: its status_of() is the initial one, or EXPIRED.
  std::function<bool(const sim::SimState& oracle, std::uint32_t index, const InvitationDates& dates)> actionable;
};

struct InvariantFigures {
  int invitations = 0;  // visible at the end
  int actionable = 0;
  int accepted = 0;  // actionable, matching, a task started
  int rejected = 0;
  int ignored = 0;
  int retried = 0;       // invitations with more than one accept task (their first FAILED)
  int accept_tasks = 0;  // tasks the service created
  int write_calls = 0;   // accept and reject calls the service's state machine saw
};

InvariantFigures check_sync_invariants(const InvariantInput& in);

// The dates of invitation `index` as the oracle generates them.
InvitationDates dates_of(const sim::SimState& oracle, const sim::Scenario& scenario, std::uint32_t index);

// The busiest period the simulator saw for a quota class ("read" or "write"): "peak_requests_per_real_second",
// "peak_requests_per_sim_second" or "peak_requests_per_sim_day". 0 when that class saw no request.
std::uint64_t peak(const boost::json::object& stats, const char* which, const char* quota_class);

}  // namespace pcs::sync::test
