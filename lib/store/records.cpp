#include "store/records.hpp"

namespace pcs::store {

std::string_view to_string(DecisionAction a) {
  switch (a) {
    case DecisionAction::accept: return "accept";
    case DecisionAction::reject: return "reject";
  }
  return "reject";
}

std::string_view to_string(DecisionState s) {
  switch (s) {
    case DecisionState::recorded: return "recorded";
    case DecisionState::sent: return "sent";
    case DecisionState::done: return "done";
    case DecisionState::failed: return "failed";
    case DecisionState::abandoned: return "abandoned";
  }
  return "failed";
}

std::string_view to_string(TaskKind k) {
  switch (k) {
    case TaskKind::accept_invitation: return "accept_invitation";
    case TaskKind::opportunity_from_engagement: return "opportunity_from_engagement";
  }
  return "accept_invitation";
}

std::string_view to_string(SyncOutcome o) {
  switch (o) {
    case SyncOutcome::running: return "running";
    case SyncOutcome::ok: return "ok";
    case SyncOutcome::partial: return "partial";
    case SyncOutcome::failed: return "failed";
  }
  return "failed";
}

std::optional<DecisionAction> parse_decision_action(std::string_view t) {
  if (t == "accept") return DecisionAction::accept;
  if (t == "reject") return DecisionAction::reject;
  return std::nullopt;
}

std::optional<DecisionState> parse_decision_state(std::string_view t) {
  if (t == "recorded") return DecisionState::recorded;
  if (t == "sent") return DecisionState::sent;
  if (t == "done") return DecisionState::done;
  if (t == "failed") return DecisionState::failed;
  if (t == "abandoned") return DecisionState::abandoned;
  return std::nullopt;
}

std::optional<TaskKind> parse_task_kind(std::string_view t) {
  if (t == "accept_invitation") return TaskKind::accept_invitation;
  if (t == "opportunity_from_engagement") return TaskKind::opportunity_from_engagement;
  return std::nullopt;
}

std::optional<SyncOutcome> parse_sync_outcome(std::string_view t) {
  if (t == "running") return SyncOutcome::running;
  if (t == "ok") return SyncOutcome::ok;
  if (t == "partial") return SyncOutcome::partial;
  if (t == "failed") return SyncOutcome::failed;
  return std::nullopt;
}

bool decision_transition_allowed(DecisionState from, DecisionState to) {
  switch (from) {
    case DecisionState::recorded:
      return to == DecisionState::sent || to == DecisionState::failed || to == DecisionState::abandoned;
    case DecisionState::sent:
      // sent -> sent: a retry after a timeout re-sends with the same ClientToken.
      return to == DecisionState::sent || to == DecisionState::done || to == DecisionState::failed ||
             to == DecisionState::abandoned;
    case DecisionState::done:
      return to == DecisionState::failed;  // the accept task it started FAILED
    case DecisionState::failed:
    case DecisionState::abandoned:
      return false;
  }
  return false;
}

}  // namespace pcs::store
