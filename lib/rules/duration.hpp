#pragma once
// Durations as operators write them in pcsyncd.yaml: "30s", "5m", "1h", "1h30m", "90d".
// Pure: shared by the config loader (poll_interval, ...) and the rules (within, expires_within, ...).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pcs::rules {

// One or more <digits><unit> groups, units d, h, m, s, each at most once and largest first
// ("1h30m", not "30m1h"). No spaces, no signs, no fractions: anything else is nullopt so a typo
// ("5x", "1.5h", "5") is reported instead of guessed. "0s" parses; callers enforce their minimums.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// The shortest spelling parse_duration reads back: 5400s -> "1h30m", 0s -> "0s".
std::string format_duration(std::chrono::seconds d);

}  // namespace pcs::rules
