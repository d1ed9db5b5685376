#include "rules/invitation_facts.hpp"

#include <charconv>
#include <cmath>

namespace pcs::rules {

std::optional<double> monthly_usd_spend(const std::vector<SpendEntry>& entries) {
  double total = 0;
  bool any = false;
  for (const SpendEntry& e : entries) {
    if (e.currency_code != "USD" || e.frequency != "Monthly") continue;
    const std::string& a = e.amount;
    // Plain decimal only: from_chars alone would accept "inf", "nan" and exponents.
    if (a.empty() || a.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
    double v = 0;
    auto [end, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
    if (ec != std::errc{} || end != a.data() + a.size() || !std::isfinite(v)) return std::nullopt;
    total += v;
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

}  // namespace pcs::rules
