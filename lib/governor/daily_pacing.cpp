#include "governor/daily_pacing.hpp"

#include <algorithm>
#include <cmath>

namespace pcs::gov {

namespace {
std::chrono::nanoseconds to_ns(double ns) {
  if (!(ns > 0)) return std::chrono::nanoseconds{0};
  if (ns >= 9.0e18) return std::chrono::nanoseconds::max();
  return std::chrono::nanoseconds{static_cast<std::int64_t>(std::ceil(ns))};
}
}  // namespace

std::chrono::nanoseconds min_poll_interval(const PacingInput& in) {
  const double keep = 1.0 - std::clamp(in.reserve_fraction, 0.0, 0.9);
  const double per_cycle = std::max(in.reads_per_cycle, 0.0);
  const double spendable_daily = in.daily_limit * keep;
  const double spendable_now = in.remaining - in.daily_limit * (1.0 - keep);  // the reserve stays untouched
  const auto fallback = in.time_left.count() > 0 ? in.time_left : in.window;

  std::chrono::nanoseconds interval = in.min_interval;
  if (per_cycle == 0) return interval;
  if (spendable_daily <= 0 || spendable_now < per_cycle) return std::max(interval, fallback);

  const auto sustained = to_ns(static_cast<double>(in.window.count()) * per_cycle / spendable_daily);
  const auto catch_up = to_ns(static_cast<double>(in.time_left.count()) * per_cycle / spendable_now);
  return std::max({interval, sustained, catch_up});
}

}  // namespace pcs::gov
