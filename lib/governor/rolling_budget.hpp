#pragma once
// The daily half of a quota: at most `limit` units in any rolling window (24 h by default).
// Units are counted in buckets (one minute by default) so memory stays bounded (1,440 buckets a day) whatever
// the call rate. A bucket expires one window after its END, never its start: the budget may free units up to
// one bucket late, never early, so it cannot overspend the service's own rolling count.
// Pure: every call takes the time.

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

#include "core/clock.hpp"

namespace pcs::gov {

class RollingBudget {
 public:
  explicit RollingBudget(double limit, std::chrono::nanoseconds window = std::chrono::hours{24},
                         std::chrono::nanoseconds bucket = std::chrono::minutes{1});

  double limit() const { return limit_; }
  void set_limit(double limit);
  std::chrono::nanoseconds window() const { return window_; }

  double used(SteadyTime now) const;
  double remaining(SteadyTime now) const;

  // Records n units spent at `at` (normally now; an earlier time is accepted, e.g. to restore usage after a
  // restart, and lands in that time's bucket; a time older than the window counts for nothing).
  void record(SteadyTime at, double n = 1);
  // Records n units only if they fit in the budget now (and drops expired buckets).
  bool try_take(SteadyTime now, double n = 1);

  // The earliest time at which n units fit: now if they already do, nullopt if n exceeds the limit.
  std::optional<SteadyTime> when_available(SteadyTime now, double n = 1) const;

 private:
  struct Bucket {
    std::int64_t index;  // bucket number since the steady clock's epoch
    double count;
  };
  std::int64_t index_of(SteadyTime t) const;
  SteadyTime expiry_of(std::int64_t index) const;  // end of the bucket plus the window
  void expire(SteadyTime now);

  double limit_;
  std::chrono::nanoseconds window_;
  std::chrono::nanoseconds bucket_;
  std::deque<Bucket> buckets_;  // ascending index
  double total_ = 0;            // sum of buckets_ counts
};

}  // namespace pcs::gov
