#pragma once
// The ClientToken of StartEngagementByAcceptingInvitationTask, derived from what identifies the invitation and
// the attempt, so that every resend of one attempt (a retry, a restart after a crash, a second daemon on the
// account) carries the same token and AWS starts at most one task for it. A new attempt (after the service
// reported the previous attempt's task FAILED) gets a new token. Pure: no clock, no randomness.

#include <string>
#include <string_view>

namespace pcs::sync {

// "pcsyncd-" + lowercase hex of SHA-256(catalog + "/" + id), truncated to the model's 64 characters
// ([!-~]{1,64}), for attempt 1 (the token pcsyncd has always sent); SHA-256(catalog + "/" + id + "/" + attempt)
// for attempt 2 and later.
std::string make_client_token(std::string_view catalog, std::string_view id, int attempt = 1);

}  // namespace pcs::sync
