#include "core/time_format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace pcs {
namespace {

using std::chrono::duration_cast;
using Days = std::chrono::days;

struct Civil {
  int year;
  unsigned month;
  unsigned day;
  int hour;
  int minute;
  int second;
  int millis;
  int weekday;  // 0 = Sunday
};

Civil to_civil(WallTime t) {
  auto since = t.time_since_epoch();
  auto day_count = std::chrono::floor<Days>(since);
  auto rest = since - day_count;
  std::chrono::year_month_day ymd{std::chrono::sys_days{day_count}};
  std::chrono::weekday wd{std::chrono::sys_days{day_count}};
  auto ms = duration_cast<std::chrono::milliseconds>(rest).count();
  return Civil{int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()), int(ms / 3'600'000),
               int(ms / 60'000 % 60), int(ms / 1000 % 60), int(ms % 1000), int(wd.c_encoding())};
}

// WallTime counts nanoseconds in 64 bits: the years 1678 to 2261. Times outside saturate to these ends, two days
// short of its limits so that an offset, a fraction or formatting never steps past them; a far date ("9999-12-31"
// for "never") then still compares as far instead of overflowing (found by fuzzing).
using Seconds = std::chrono::seconds;
constexpr Seconds kLatest = std::chrono::floor<Seconds>(WallTime::duration::max()) - Days{2};
constexpr Seconds kEarliest = std::chrono::ceil<Seconds>(WallTime::duration::min()) + Days{2};

WallTime saturating_wall_time(Seconds since_epoch) {
  return WallTime{std::clamp(since_epoch, kEarliest, kLatest)};
}

std::optional<WallTime> from_civil(int y, int mo, int d, int h, int mi, int s) {
  if (mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(mo)}, std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return saturating_wall_time(std::chrono::sys_days{ymd}.time_since_epoch() + std::chrono::hours{h} +
                              std::chrono::minutes{mi} + std::chrono::seconds{s});
}

// Reads exactly n digits at pos; advances pos.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

constexpr std::array<const char*, 7> kWeekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

namespace {

// The last `width` decimal digits of a non-negative value into out[0, width).
void put_digits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = char('0' + value % 10);
}

}  // namespace

Iso8601Text iso8601_text(WallTime t, bool with_millis) {
  Iso8601Text out;
  Civil c = to_civil(t);
  if (c.year < 0 || c.year > 9999) {  // outside what four digits hold: printf's spelling
    const int n = with_millis ? std::snprintf(out.text, sizeof out.text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", c.year,
                                              c.month, c.day, c.hour, c.minute, c.second, c.millis)
                              : std::snprintf(out.text, sizeof out.text, "%04d-%02u-%02uT%02d:%02d:%02dZ", c.year,
                                              c.month, c.day, c.hour, c.minute, c.second);
    out.size = n > 0 ? std::min(std::size_t(n), sizeof out.text - 1) : 0;
    return out;
  }
  // Digits by hand: the mirror formats two dates for each of 100,000 listed invitations, and snprintf's
  // format parsing was a measurable part of that.
  std::memcpy(out.text, "0000-00-00T00:00:00.000Z", 25);
  auto put = [&out](int at, int value, int width) { put_digits(out.text + at, value, width); };
  put(0, c.year, 4);
  put(5, int(c.month), 2);
  put(8, int(c.day), 2);
  put(11, c.hour, 2);
  put(14, c.minute, 2);
  put(17, c.second, 2);
  if (!with_millis) {
    out.text[19] = 'Z';
    out.text[20] = '\0';
    out.size = 20;
    return out;
  }
  put(20, c.millis, 3);
  out.size = 24;
  return out;
}

std::string format_iso8601(WallTime t, bool with_millis) { return std::string(iso8601_text(t, with_millis).view()); }

std::optional<WallTime> parse_iso8601(std::string_view s) {
  size_t p = 0;
  int y, mo, d, h, mi, sec;
  if (!digits(s, p, 4, y) || !expect(s, p, '-') || !digits(s, p, 2, mo) || !expect(s, p, '-') ||
      !digits(s, p, 2, d))
    return std::nullopt;
  if (!(expect(s, p, 'T') || expect(s, p, 't') || expect(s, p, ' '))) return std::nullopt;
  if (!digits(s, p, 2, h) || !expect(s, p, ':') || !digits(s, p, 2, mi) || !expect(s, p, ':') ||
      !digits(s, p, 2, sec))
    return std::nullopt;
  std::chrono::nanoseconds frac{0};
  if (expect(s, p, '.')) {
    size_t start = p;
    long long scale = 100'000'000;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      frac += std::chrono::nanoseconds{(s[p] - '0') * scale};
      scale /= 10;
      ++p;
    }
    if (p == start) return std::nullopt;
  }
  std::chrono::minutes offset{0};
  if (expect(s, p, 'Z') || expect(s, p, 'z')) {
  } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    int sign = s[p] == '-' ? -1 : 1;
    ++p;
    int oh, om;
    if (!digits(s, p, 2, oh) || !expect(s, p, ':') || !digits(s, p, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = std::chrono::minutes{sign * (oh * 60 + om)};
  } else {
    return std::nullopt;
  }
  if (p != s.size()) return std::nullopt;
  auto base = from_civil(y, mo, d, h, mi, sec);
  if (!base) return std::nullopt;
  // The margin keeps this sum in range; the clamp makes a saturated time the same whatever its offset.
  return std::clamp(*base + duration_cast<WallTime::duration>(frac) - offset, WallTime{kEarliest}, WallTime{kLatest});
}

WallTime from_epoch_seconds(double seconds) {
  if (std::isnan(seconds)) return WallTime{};
  // Compared as doubles, before any conversion: casting an out-of-range double to an integer is undefined.
  if (seconds >= static_cast<double>(kLatest.count())) return WallTime{kLatest};
  if (seconds <= static_cast<double>(kEarliest.count())) return WallTime{kEarliest};
  return WallTime{duration_cast<WallTime::duration>(std::chrono::duration<double>(seconds))};
}

std::optional<WallTime> parse_date(std::string_view s) {
  size_t p = 0;
  int y, mo, d;
  if (!digits(s, p, 4, y) || !expect(s, p, '-') || !digits(s, p, 2, mo) || !expect(s, p, '-') ||
      !digits(s, p, 2, d) || p != s.size())
    return std::nullopt;
  return from_civil(y, mo, d, 0, 0, 0);
}

// SigV4 formats both for every request (by hand, like format_iso8601: snprintf was 1.6 % of a reconcile).
std::string format_amz_date(WallTime t) {
  const Civil c = to_civil(t);
  if (c.year < 0 || c.year > 9999) {  // outside what four digits hold: printf's spelling
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second);
    return buf;
  }
  char buf[17] = "00000000T000000Z";
  put_digits(buf, c.year, 4);
  put_digits(buf + 4, int(c.month), 2);
  put_digits(buf + 6, int(c.day), 2);
  put_digits(buf + 9, c.hour, 2);
  put_digits(buf + 11, c.minute, 2);
  put_digits(buf + 13, c.second, 2);
  return std::string(buf, 16);
}

std::string format_date_stamp(WallTime t) {
  const Civil c = to_civil(t);
  if (c.year < 0 || c.year > 9999) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", c.year, c.month, c.day);
    return buf;
  }
  char buf[9] = "00000000";
  put_digits(buf, c.year, 4);
  put_digits(buf + 4, int(c.month), 2);
  put_digits(buf + 6, int(c.day), 2);
  return std::string(buf, 8);
}

std::optional<WallTime> parse_amz_date(std::string_view s) {
  size_t p = 0;
  int y, mo, d, h, mi, sec;
  if (!digits(s, p, 4, y) || !digits(s, p, 2, mo) || !digits(s, p, 2, d) || !expect(s, p, 'T') ||
      !digits(s, p, 2, h) || !digits(s, p, 2, mi) || !digits(s, p, 2, sec) || !expect(s, p, 'Z') || p != s.size())
    return std::nullopt;
  return from_civil(y, mo, d, h, mi, sec);
}

std::string format_http_date(WallTime t) {
  Civil c = to_civil(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", kWeekdays[size_t(c.weekday)], c.day,
                kMonths[c.month - 1], c.year, c.hour, c.minute, c.second);
  return buf;
}

std::optional<WallTime> parse_http_date(std::string_view s) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (s.size() != 29 || s[3] != ',' || s.substr(25) != " GMT") return std::nullopt;
  size_t p = 5;
  int d, y, h, mi, sec;
  if (!digits(s, p, 2, d) || !expect(s, p, ' ')) return std::nullopt;
  std::string_view mon = s.substr(p, 3);
  int mo = 0;
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (mon == kMonths[i]) mo = int(i) + 1;
  p += 3;
  if (mo == 0 || !expect(s, p, ' ') || !digits(s, p, 4, y) || !expect(s, p, ' ') || !digits(s, p, 2, h) ||
      !expect(s, p, ':') || !digits(s, p, 2, mi) || !expect(s, p, ':') || !digits(s, p, 2, sec))
    return std::nullopt;
  return from_civil(y, mo, d, h, mi, sec);
}

}  // namespace pcs
