#pragma once
// A decision is recorded with everything its call will carry, and the call is built from the record alone:
// a reload between deciding and acting, or a restart in between, changes nothing of what is sent. Pure.

#include <optional>

#include "partnercentral/types.hpp"
#include "rules/rule_set.hpp"
#include "store/records.hpp"

namespace pcs::sync {

// The decision to record for a rule's verdict on a mirrored invitation: the invitation's catalog, the rule's
// Tags or RejectionReason, and for an accept the ClientToken of `attempt`.
store::NewDecision new_decision(const rules::Decision& verdict, const store::Invitation& invitation, bool dry_run,
                                int attempt);

// What a person answers (pcsyncctl accept/reject) for an invitation in the mirror.
struct PersonVerdict {
  store::DecisionAction action = store::DecisionAction::reject;
  std::string who;                           // "alice", "alice via sudo"
  std::string why;                           // the audit trail's reason; a reject also sends it
  std::vector<store::TagRecord> tags;        // accept: the Tags to send (empty: none)
};

// A person's decision: rule "person", who in decided_by, why in reason; the same request
// members and ClientToken derivation as a rule's decision of that attempt.
store::NewDecision person_decision(const PersonVerdict& verdict, const store::Invitation& invitation, int attempt);

// The next decision's attempt number after the invitation's latest live decision: the same after an abandoned
// one (its call may still have reached the service, so its token is reused), the next after a failed one (no
// task of that token lives on), 1 when there is none.
int next_attempt(const std::optional<store::Decision>& latest);

// The decision's retry as the next attempt after its task FAILED: same rule, reason and request, new token.
store::NewDecision retry_of(const store::Decision& failed);

pc::StartEngagementByAcceptingInvitationTaskRequest accept_request(const store::Decision& decision);
pc::RejectEngagementInvitationRequest reject_request(const store::Decision& decision);

}  // namespace pcs::sync
