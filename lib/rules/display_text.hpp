#pragma once
// How an explanation (Decision::reason) shows text it did not write itself: invitation values from the
// service, and the rule's own strings. The reason goes to the journal, the database and pcsyncctl's
// terminal, so it must stay one line, carry no terminal escapes, and stay short whatever the service sends.

#include <cstddef>
#include <string>
#include <string_view>

namespace pcs::rules {

// The longest value an explanation shows, in characters; longer ones end in "…".
inline constexpr std::size_t kMaxDisplayChars = 80;

// `text` with control characters (C0, DEL, C1, U+2028 and U+2029) written as visible escapes ("\n", "\r",
// "\t", "\x1b", "\u0085", "\u2028") and each byte of invalid UTF-8 as "\xNN". The result is valid UTF-8.
// At most `max_chars` characters of it are kept (an escape counts its characters and is never split),
// followed by "…" when something was cut.
std::string display_text(std::string_view text, std::size_t max_chars = kMaxDisplayChars);

}  // namespace pcs::rules
