#pragma once
// Hand-written matchers for the model's regex patterns on the six input shapes. They run on every request
// (and in the simulator on every incoming body), and the model's patterns use Java classes (\p{L}, \w) that
// std::regex does not have. Each function names the pattern it implements; the tests pin them with vectors.
//
// Approximation, on purpose: for \p{L}/\p{N}/\p{Z} outside ASCII we accept every code point from U+00A0 on
// (not surrogates/unassigned checks): the service remains the authority, this check exists to catch our own
// mistakes early, and it must never reject a legitimate non-ASCII tag.

#include <cstddef>
#include <optional>
#include <string_view>

namespace pcs::pc::patterns {

// Number of Unicode code points in UTF-8 text, or nullopt when the text is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view s);

bool catalog(std::string_view s);                   // ^[a-zA-Z]+$
bool engagement_arn_or_id(std::string_view s);      // ^(arn:.*|eng-[0-9a-z]{14})$
bool invitation_arn_or_id(std::string_view s);      // ^(arn:.*|engi-[0-9a-z]{13})$
bool task_arn_or_id(std::string_view s);            // ^(arn:.*|task-[0-9a-z]{13})$
// The ids the service hands out, in the form it hands them out (the model's patterns on these output shapes are
// unanchored or allow a comma; these are the exact forms, so a stored id is always one a request may carry).
bool invitation_id(std::string_view s);             // ^engi-[0-9a-z]{13}$
bool task_id(std::string_view s);                   // ^task-[0-9a-z]{13}$
bool opportunity_id(std::string_view s);            // ^O[0-9]{1,19}$
bool aws_account(std::string_view s);               // ^([0-9]{12}|\w{1,12})$
bool client_token(std::string_view s);              // ^[!-~]{1,64}$
bool rejection_reason(std::string_view s);          // ^[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}$
bool tag_text(std::string_view s);                  // ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$

}  // namespace pcs::pc::patterns
