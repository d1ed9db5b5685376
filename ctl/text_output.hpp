#pragma once
// The pieces of pcsyncctl's text output: printf-style columns, service text made safe for a terminal,
// times, ages ("3 min ago") and durations. Ages take "now" as a parameter; JSON never carries them.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace pcs::ctl {

// printf-style formatting onto a stream (the tables are fixed-width columns).
template <class... Args>
void print(std::ostream& out, const char* format, Args... args) {
  // Without arguments there is nothing to format, and Debian's -Werror=format-security refuses a
  // non-literal format with no arguments.
  if constexpr (sizeof...(Args) == 0) {
    out << format;
  } else {
    int size = std::snprintf(nullptr, 0, format, args...);
    std::string text(std::size_t(size > 0 ? size : 0), '\0');
    std::snprintf(text.data(), text.size() + 1, format, args...);
    out << text;
  }
}

// Text that came from the service or a sender, made safe for a terminal: no line breaks, no escapes.
std::string text(const std::string& s);
// text(s), or "-" when s is empty.
std::string or_dash(const std::string& s);
// ISO 8601 UTC, or "-".
std::string when(const std::optional<WallTime>& t);

// "45 s", "3 min", "1 h 30 min", "2 d 4 h": at most the two largest units, rounded down.
std::string format_duration(std::chrono::seconds d);
// "3 min ago", "2 d ago"; "in 5 s" for a time after now (a clock ahead of this one); "just now" under 1 s.
std::string format_age(WallTime then, WallTime now);

// "PENDING 3, REJECTED 1", or "none".
std::string join_counts(const std::map<std::string, std::int64_t>& counts);

}  // namespace pcs::ctl
