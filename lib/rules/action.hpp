#pragma once
// What pcsyncd does with a pending invitation.

#include <optional>
#include <string_view>

namespace pcs::rules {

enum class Action {
  accept,  // StartEngagementByAcceptingInvitationTask
  reject,  // RejectEngagementInvitation
  ignore,  // leave it for a human in the Partner Central console
  review,  // record it as waiting for a person (pcsyncctl accept/reject), notify once, send nothing
};

std::string_view to_string(Action action);
// "accept", "reject", "review" or "ignore" (lower case, as written in pcsyncd.yaml).
std::optional<Action> parse_action(std::string_view text);

}  // namespace pcs::rules
