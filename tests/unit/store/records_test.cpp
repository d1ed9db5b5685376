#include "store/records.hpp"

#include <gtest/gtest.h>

namespace pcs::store {
namespace {

TEST(DecisionStateMachine, AllowsOnlyForwardTransitions) {
  using S = DecisionState;
  EXPECT_TRUE(decision_transition_allowed(S::recorded, S::sent));
  EXPECT_TRUE(decision_transition_allowed(S::recorded, S::failed));
  EXPECT_TRUE(decision_transition_allowed(S::sent, S::sent));
  EXPECT_TRUE(decision_transition_allowed(S::sent, S::done));
  EXPECT_TRUE(decision_transition_allowed(S::sent, S::failed));
  EXPECT_FALSE(decision_transition_allowed(S::recorded, S::done));
  EXPECT_FALSE(decision_transition_allowed(S::recorded, S::recorded));
  EXPECT_TRUE(decision_transition_allowed(S::done, S::failed));  // its accept task FAILED
  EXPECT_TRUE(decision_transition_allowed(S::recorded, S::abandoned));
  EXPECT_TRUE(decision_transition_allowed(S::sent, S::abandoned));
  EXPECT_FALSE(decision_transition_allowed(S::done, S::abandoned));
  EXPECT_FALSE(decision_transition_allowed(S::abandoned, S::sent));
  EXPECT_FALSE(decision_transition_allowed(S::failed, S::abandoned));
  EXPECT_FALSE(decision_transition_allowed(S::failed, S::sent));
  EXPECT_FALSE(decision_transition_allowed(S::done, S::sent));
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
