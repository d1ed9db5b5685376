#include "text_output.hpp"

#include "core/printable.hpp"
#include "core/time_format.hpp"

namespace pcs::ctl {

std::string text(const std::string& s) { return printable(s, 200); }
std::string or_dash(const std::string& s) { return s.empty() ? std::string("-") : text(s); }
std::string when(const std::optional<WallTime>& t) { return t ? format_iso8601(*t) : std::string("-"); }

std::string format_duration(std::chrono::seconds d) {
  struct Unit {
    std::int64_t seconds;
    const char* name;
  };
  static constexpr Unit kUnits[]{{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}};
  std::int64_t left = d.count() < 0 ? -d.count() : d.count();
  if (left == 0) return "0 s";
  std::string out;
  int parts = 0;
  for (const auto& u : kUnits) {
    if (parts == 2) break;
    const std::int64_t n = left / u.seconds;
    if (n == 0) {
      if (parts) break;  // "1 h 5 s" would skip the minutes: stop at the first gap after the largest unit
      continue;
    }
    out += (out.empty() ? "" : " ") + std::to_string(n) + " " + u.name;
    left -= n * u.seconds;
    ++parts;
  }
  return out;
}

std::string format_age(WallTime then, WallTime now) {
  const auto delta = std::chrono::duration_cast<std::chrono::seconds>(now - then);
  if (delta.count() == 0) return "just now";
  // One unit is enough to judge an age ("3 min ago", "2 d ago"), as `git log --date=relative` does.
  const std::int64_t s = delta.count() < 0 ? -delta.count() : delta.count();
  std::string amount;
  if (s < 90) amount = std::to_string(s) + " s";
  else if (s < 90 * 60) amount = std::to_string(s / 60) + " min";
  else if (s < 48 * 3600) amount = std::to_string(s / 3600) + " h";
  else amount = std::to_string(s / 86400) + " d";
  return delta.count() < 0 ? "in " + amount : amount + " ago";
}

std::string join_counts(const std::map<std::string, std::int64_t>& counts) {
  if (counts.empty()) return "none";
  std::string out;
  for (const auto& [k, v] : counts) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(v);
  return out;
}

}  // namespace pcs::ctl
