#include "notify/degraded_watch.hpp"

#include <cstdio>

namespace pcs::notify {

std::optional<HealthEvent> DegradedWatch::observe(const sync::CycleReport& r) {
  if (r.decisions_only) return std::nullopt;
  failed_in_a_row_ = r.outcome == store::SyncOutcome::failed ? failed_in_a_row_ + 1 : 0;
  const std::int64_t calls = r.counters.read_calls + r.counters.write_calls;
  const bool throttled = calls >= kMinCalls && double(r.counters.throttled) > kThrottleShare * double(calls);
  std::string why;
  if (r.setup_failure) why = "credentials, IAM or the clock refused a call: " + r.error;
  else if (failed_in_a_row_ >= kFailedCycles)
    why = std::to_string(failed_in_a_row_) + " sync cycles in a row failed: " + r.error;
  else if (throttled) {
    char share[16];
    std::snprintf(share, sizeof share, "%.0f", 100.0 * double(r.counters.throttled) / double(calls));
    why = std::string(share) + " % of the last cycle's " + std::to_string(calls) + " calls were throttled";
  }
  if (!why.empty()) {
    if (degraded_) return std::nullopt;  // the same outage: told once
    degraded_ = true;
    return HealthEvent{"degraded", why};
  }
  const bool healthy = r.outcome != store::SyncOutcome::failed;
  if (degraded_ && healthy) {
    degraded_ = false;
    return HealthEvent{"recovered", "the last sync cycle was " + std::string(store::to_string(r.outcome)) +
                                        " with " + std::to_string(r.counters.throttled) + " of " +
                                        std::to_string(calls) + " calls throttled"};
  }
  return std::nullopt;
}

}  // namespace pcs::notify
