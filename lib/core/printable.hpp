#pragma once
// Text from outside (the service, a sender's free text, a file) made safe for one log line or a terminal:
// control characters (C0, DEL, C1: newlines, escapes, carriage returns) become visible escapes (\n, \r, \t,
// \x1b), bytes that are not UTF-8 become \xNN, and long text is cut at a character boundary with "…".
// Nothing else changes: printable("Émile Corp") == "Émile Corp". Pure, linear in the input.

#include <cstddef>
#include <string>
#include <string_view>

namespace pcs {

inline constexpr std::size_t kPrintableDefaultLimit = 256;

// `max_chars` counts characters (code points) of the output's text before escaping would lengthen it.
std::string printable(std::string_view text, std::size_t max_chars = kPrintableDefaultLimit);

// True when printable(text) would leave text as it is (whole, nothing escaped), without building it: checked
// for every listed invitation id.
bool is_printable(std::string_view text);

}  // namespace pcs
