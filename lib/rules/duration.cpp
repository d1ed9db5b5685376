#include "rules/duration.hpp"

#include <array>
#include <cstdint>
#include <limits>

namespace pcs::rules {
namespace {

struct Unit {
  char letter;
  std::int64_t seconds;
};
constexpr std::array<Unit, 4> kUnits{{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

// Ten years is far beyond any useful interval; the cap keeps arithmetic far from overflow.
constexpr std::int64_t kMaxSeconds = std::int64_t{10} * 366 * 86400;

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  size_t next_unit = 0;  // index into kUnits: units must appear largest first, each once
  size_t pos = 0;
  while (pos < text.size()) {
    std::int64_t value = 0;
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      value = value * 10 + (text[pos] - '0');
      if (value > kMaxSeconds) return std::nullopt;
      ++pos;
    }
    if (pos == start || pos == text.size()) return std::nullopt;  // no digits, or digits without a unit
    char letter = text[pos++];
    size_t u = next_unit;
    while (u < kUnits.size() && kUnits[u].letter != letter) ++u;
    if (u == kUnits.size()) return std::nullopt;  // unknown unit, or out of order / repeated
    total += value * kUnits[u].seconds;
    if (total > kMaxSeconds) return std::nullopt;
    next_unit = u + 1;
  }
  return std::chrono::seconds{total};
}

std::string format_duration(std::chrono::seconds d) {
  std::int64_t rest = d.count();
  if (rest <= 0) return "0s";
  std::string out;
  for (const Unit& u : kUnits) {
    if (rest >= u.seconds) {
      out += std::to_string(rest / u.seconds);
      out += u.letter;
      rest %= u.seconds;
    }
  }
  return out;
}

}  // namespace pcs::rules
