#pragma once
// When the daemon is degraded, with hysteresis: one outage gives one `degraded` event and, once a cycle is
// healthy again, one `recovered`. Degraded: `kFailedCycles` cycles in a row failed; over 20 % of a cycle's
// calls (at least kMinCalls of them) throttled; or credentials/IAM/clock refused a call. Pure.

#include <optional>
#include <string>

#include "sync/cycle_report.hpp"

namespace pcs::notify {

struct HealthEvent {
  std::string event;   // "degraded" or "recovered"
  std::string reason;  // for people
};

class DegradedWatch {
 public:
  static constexpr int kFailedCycles = 3;
  static constexpr double kThrottleShare = 0.2;
  static constexpr std::int64_t kMinCalls = 5;

  // One full cycle's report (decisions-only passes are not cycles: ignore them).
  std::optional<HealthEvent> observe(const sync::CycleReport& report);
  bool degraded() const { return degraded_; }
  // At start: the state last announced (Store::degraded), so that an outage a restart falls into is not announced
  // again, and its end is.
  void restore(bool degraded) { degraded_ = degraded; }

 private:
  int failed_in_a_row_ = 0;
  bool degraded_ = false;
};

}  // namespace pcs::notify
