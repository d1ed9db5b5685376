#pragma once
// The model's constraints on the two strings a rule sends to Partner Central, checked when the rules
// are loaded so a bad value is a config error at start-up instead of a ValidationException on every
// cycle. Pure. Each returns an empty string when valid, otherwise what is wrong (never echoing the value).

#include <string>
#include <string_view>

namespace pcs::rules {

// RejectEngagementInvitation.RejectionReason: ^[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}$,
// counted in characters (code points) of valid UTF-8.
std::string check_rejection_reason(std::string_view text);

// Tag.Key (1..128 characters) and Tag.Value (0..256), both ^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$.
// ASCII is checked exactly. Without a Unicode database, non-ASCII is accepted only from ranges that are
// wholly letters or spaces (Latin-1 and Latin Extended letters, Greek, Cyrillic, kana, CJK, Hangul,
// U+00A0 and U+2000..U+200A): stricter than the service, never looser.
std::string check_tag_key(std::string_view text);
std::string check_tag_value(std::string_view text);

// The service's limit on the number of tags in one StartEngagementByAcceptingInvitationTask.
inline constexpr size_t kMaxTags = 200;

}  // namespace pcs::rules
