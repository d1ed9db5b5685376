#pragma once
// The ClientToken of StartEngagementByAcceptingInvitationTask, derived from what identifies the invitation so
// that every attempt (a retry, a restart after a crash) sends the same token and AWS starts at most one task.
// Pure: no clock, no randomness.

#include <string>
#include <string_view>

namespace pcs::store {

// "pcsyncd-" + lowercase hex of SHA-256(catalog + "/" + id), truncated to the model's 64 characters ([!-~]{1,64}).
std::string make_client_token(std::string_view catalog, std::string_view id);

}  // namespace pcs::store
