#pragma once
// How often the sync scheduler may poll so the rolling read budget lasts. Pure arithmetic.
//
// Two limits, the larger wins:
//  - sustained: over any window the cycles must fit the whole daily budget:
//      window x reads_per_cycle / daily_limit;
//  - catch-up: what is left now must last until enough old usage expires (the caller's "remaining day",
//      e.g. from RollingBudget::when_available):
//      time_left x reads_per_cycle / remaining.
// A reserve fraction of the budget is kept back for reads the scheduler does not plan (detail fetches,
// task tracking, pcsyncctl) and is not counted as spendable.

#include <chrono>

namespace pcs::gov {

struct PacingInput {
  double daily_limit = 0;                 // the daemon's share of the rolling read quota
  double remaining = 0;                   // units left in the rolling window now
  std::chrono::nanoseconds time_left{0};  // until the budget refills enough (the remaining day)
  std::chrono::nanoseconds window = std::chrono::hours{24};
  double reads_per_cycle = 1;             // expected reads of one sync cycle (pages, details, tracking)
  double reserve_fraction = 0.1;          // kept back, 0..0.9
  std::chrono::nanoseconds min_interval{0};  // never poll more often than this (config)
};

// The shortest poll interval that keeps the budget from running out. When nothing spendable remains, the
// interval is time_left (wait for the refill), or the window when time_left is unknown (zero).
std::chrono::nanoseconds min_poll_interval(const PacingInput& in);

}  // namespace pcs::gov
