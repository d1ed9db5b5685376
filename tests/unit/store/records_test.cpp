#include "store/records.hpp"

#include <gtest/gtest.h>

namespace pcs::store {
namespace {

// The whole matrix, from (rows) and to (columns): recorded -> sent -> done; recorded | sent -> failed |
// abandoned; sent -> sent (a resend); done -> failed (its accept task FAILED). Nothing leaves failed or abandoned.
TEST(DecisionStateMachine, AllowsOnlyForwardTransitions) {
  using S = DecisionState;
  const S states[] = {S::recorded, S::sent, S::done, S::failed, S::abandoned};
  const bool allowed[5][5] = {
      // to: recorded sent   done   failed abandoned
      /* recorded  */ {false, true,  false, true,  true},
      /* sent      */ {false, true,  true,  true,  true},
      /* done      */ {false, false, false, true,  false},
      /* failed    */ {false, false, false, false, false},
      /* abandoned */ {false, false, false, false, false},
  };
  for (int from = 0; from < 5; ++from)
    for (int to = 0; to < 5; ++to)
      EXPECT_EQ(decision_transition_allowed(states[from], states[to]), allowed[from][to])
          << to_string(states[from]) << " -> " << to_string(states[to]);
}

TEST(Records, EnumTextRoundTrips) {
  for (auto a : {DecisionAction::accept, DecisionAction::reject}) EXPECT_EQ(parse_decision_action(to_string(a)), a);
  for (auto s : {DecisionState::recorded, DecisionState::sent, DecisionState::done, DecisionState::failed,
                 DecisionState::abandoned})
    EXPECT_EQ(parse_decision_state(to_string(s)), s);
  for (auto k : {TaskKind::accept_invitation, TaskKind::opportunity_from_engagement}) EXPECT_EQ(parse_task_kind(to_string(k)), k);
  for (auto o : {SyncOutcome::running, SyncOutcome::ok, SyncOutcome::partial, SyncOutcome::failed})
    EXPECT_EQ(parse_sync_outcome(to_string(o)), o);
  EXPECT_FALSE(parse_decision_action("ACCEPT"));
  EXPECT_FALSE(parse_task_kind(""));
}

}  // namespace
}  // namespace pcs::store
