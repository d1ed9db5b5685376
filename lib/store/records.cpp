#include "store/records.hpp"

#include "core/enum_names.hpp"

namespace pcs::store {
namespace {

// The names the database stores (CHECK constraints in schema.cpp) and pcsyncctl shows.
constexpr EnumName<DecisionAction> kActionNames[]{{DecisionAction::accept, "accept"},
                                                  {DecisionAction::reject, "reject"}};
constexpr EnumName<DecisionState> kStateNames[]{{DecisionState::recorded, "recorded"},
                                                {DecisionState::sent, "sent"},
                                                {DecisionState::done, "done"},
                                                {DecisionState::failed, "failed"},
                                                {DecisionState::abandoned, "abandoned"}};
constexpr EnumName<TaskKind> kTaskKindNames[]{{TaskKind::accept_invitation, "accept_invitation"},
                                              {TaskKind::opportunity_from_engagement, "opportunity_from_engagement"}};
constexpr EnumName<SyncOutcome> kOutcomeNames[]{{SyncOutcome::running, "running"},
                                                {SyncOutcome::ok, "ok"},
                                                {SyncOutcome::partial, "partial"},
                                                {SyncOutcome::failed, "failed"}};

}  // namespace

std::string_view to_string(DecisionAction a) { return name_of(kActionNames, a); }
std::string_view to_string(DecisionState s) { return name_of(kStateNames, s); }
std::string_view to_string(TaskKind k) { return name_of(kTaskKindNames, k); }
std::string_view to_string(SyncOutcome o) { return name_of(kOutcomeNames, o); }

std::optional<DecisionAction> parse_decision_action(std::string_view t) { return value_of(kActionNames, t); }
std::optional<DecisionState> parse_decision_state(std::string_view t) { return value_of(kStateNames, t); }
std::optional<TaskKind> parse_task_kind(std::string_view t) { return value_of(kTaskKindNames, t); }
std::optional<SyncOutcome> parse_sync_outcome(std::string_view t) { return value_of(kOutcomeNames, t); }

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
