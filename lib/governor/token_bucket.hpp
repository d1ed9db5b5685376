#pragma once
// A token bucket over an injected monotonic time: the per-second half of a quota.
// Pure (no I/O, no clock read inside), so the governor and the simulator share it and tests drive it with
// explicit time points.

#include <chrono>

#include "core/clock.hpp"

namespace pcs::gov {

class TokenBucket {
 public:
  // Starts full (burst tokens). rate_per_second and burst are clamped to a tiny positive minimum so a
  // misconfiguration slows the caller down instead of dividing by zero.
  TokenBucket(double rate_per_second, double burst);

  // Refills up to now, then takes n tokens if they are all there. Time going backwards refills nothing.
  bool try_take(SteadyTime now, double n = 1);

  // How long from now until n tokens are there (zero if they already are). Exact to the nanosecond,
  // rounded up, so sleeping this long and calling try_take succeeds. nanoseconds::max() when n exceeds
  // the burst: such a request can never be served.
  std::chrono::nanoseconds wait_time(SteadyTime now, double n = 1) const;

  // Changes the refill rate. The overload without a time credits the interval since the last refill at the
  // new rate (kept for the simulator's API); the governor uses the exact overload, which refills at the old
  // rate up to now first.
  void set_rate(double per_second);
  void set_rate(double per_second, SteadyTime now);
  double rate() const { return rate_; }

  double burst() const { return burst_; }
  void set_burst(double burst);
  // Tokens available at now (without taking any).
  double tokens(SteadyTime now) const;

 private:
  double refilled(SteadyTime now) const;

  double rate_;
  double burst_;
  double tokens_;
  SteadyTime last_;
  bool started_ = false;  // the first call fixes the time origin: a bucket made before "now" starts full
};

}  // namespace pcs::gov
