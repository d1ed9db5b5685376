#pragma once
// Timestamps as the AWS wire formats spell them. Pure: no clock, no locale, no time zone database.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace pcs {

// Every parser reads years 0000 to 9999; times WallTime cannot hold (before 1678, after 2261) saturate to the
// ends of its range (two days inside, so they still format and compare).

// "2024-05-01T12:34:56Z", or with milliseconds "2024-05-01T12:34:56.789Z".
std::string format_iso8601(WallTime t, bool with_millis = false);

// The same text in a buffer of its own, NUL-terminated (no allocation: the store binds two dates for each of
// 100,000 listed invitations, and their 20 bytes are past std::string's inline capacity).
struct Iso8601Text {
  char text[48];
  std::size_t size = 0;
  std::string_view view() const { return {text, size}; }
};
Iso8601Text iso8601_text(WallTime t, bool with_millis = false);

// Accepts RFC 3339 date-times: fractional seconds of any length, "Z" or a "+hh:mm"/"-hh:mm" offset.
std::optional<WallTime> parse_iso8601(std::string_view text);

// awsJson's other timestamp spelling, seconds since the epoch (fractions allowed); saturates likewise, and NaN
// is the epoch.
WallTime from_epoch_seconds(double seconds);

// "YYYY-MM-DD" (the model's Date shape) at midnight UTC.
std::optional<WallTime> parse_date(std::string_view text);

// SigV4's X-Amz-Date "20150830T123600Z" and its date stamp "20150830".
std::string format_amz_date(WallTime t);
std::string format_date_stamp(WallTime t);
std::optional<WallTime> parse_amz_date(std::string_view text);

// RFC 7231 HTTP date "Sun, 06 Nov 1994 08:49:37 GMT" (the Date header, for clock skew).
std::string format_http_date(WallTime t);
std::optional<WallTime> parse_http_date(std::string_view text);

}  // namespace pcs
