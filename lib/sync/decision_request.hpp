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

// The next decision's attempt number after the invitation's latest live decision: the same after an abandoned
// one (its call may still have reached the service, so its token is reused), the next after a failed one (no
// task of that token lives on), 1 when there is none.
int next_attempt(const std::optional<store::Decision>& latest);

// The decision's retry as the next attempt after its task FAILED: same rule, reason and request, new token.
store::NewDecision retry_of(const store::Decision& failed);

pc::StartEngagementByAcceptingInvitationTaskRequest accept_request(const store::Decision& decision);
pc::RejectEngagementInvitationRequest reject_request(const store::Decision& decision);

}  // namespace pcs::sync
