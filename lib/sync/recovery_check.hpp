#pragma once
// Before a decision that was recorded but never confirmed (the process stopped, the answer was lost) is sent
// again: would the running configuration still make it? Sending it regardless would act on a decision the
// operator has since taken back (a rule removed or changed, dry run switched on, another catalog). Pure.

#include <optional>
#include <string>

#include "config/daemon_config.hpp"
#include "core/clock.hpp"
#include "partnercentral/types.hpp"
#include "store/records.hpp"

namespace pcs::sync {

struct StillWanted {
  bool yes = false;
  std::string why_not;  // for the abandoned decision's record and the log
};

// `mirrored` is the invitation as the mirror holds it (after the service was asked, if it was). A person's
// decision (decided_by set) is not re-judged by the rules; every other check applies to it too.
StillWanted still_wanted(const store::Decision& decision, const std::optional<store::Invitation>& mirrored,
                         const config::DaemonConfig& config, WallTime now);

// What the service's current view says of an unconfirmed decision: whether its call took effect. A reject
// took effect when the invitation is REJECTED; an accept when the invitation is ACCEPTED and a task of it is
// IN_PROGRESS or COMPLETE (`live_task`: the newest such task the service listed for the invitation).
struct AppliedCheck {
  bool applied = false;
  std::string task_id;  // an applied accept: the task to record on the decision
};
AppliedCheck service_shows_applied(const store::Decision& decision, const pc::GetEngagementInvitationResponse& now,
                                   const std::optional<pc::EngagementByAcceptingInvitationTaskSummary>& live_task);

}  // namespace pcs::sync
