#pragma once
// The sending rate of one quota class, lowered on throttling and recovered along a CUBIC curve, as the AWS
// SDKs' "adaptive" retry mode does (ClientRateLimiter: beta 0.7, scale constant 0.4, measured send rate
// smoothed 0.8 over half-second buckets). Two differences, because pcsyncd knows its quota:
//  - a ceiling (the configured share of the per-second quota): recovery never climbs above it, so after a
//    throttle the rate returns to the known-safe pace instead of probing upwards until the next throttle;
//  - a floor: a storm of throttles cannot stall the daemon completely.
// The SDK's "never more than twice the measured rate" cap is optional (on in the SDK-like adaptive mode).
// Pure: every call takes the time.

#include <optional>

#include "core/clock.hpp"

namespace pcs::gov {

class AdaptiveRate {
 public:
  struct Params {
    double ceiling = 1.0;      // requests per second never exceeded
    double floor = 0.05;       // requests per second never gone below
    double beta = 0.7;         // multiplicative decrease on a throttle
    double scale = 0.4;        // CUBIC scale constant: how fast recovery climbs
    double smooth = 0.8;       // weight of the newest measured-rate sample
    bool cap_to_measured = false;  // SDK: new rate <= 2 x measured send rate
  };

  AdaptiveRate(Params params, SteadyTime now);

  // Counts one request sent (feeds the measured send rate).
  void record_send(SteadyTime now);
  // A throttling response: the rate drops to beta x min(current, measured) and the curve restarts from there.
  double on_throttle(SteadyTime now);
  // Any non-throttling response: the rate follows the CUBIC curve back toward (and capped at) the ceiling.
  double on_success(SteadyTime now);

  double rate() const { return rate_; }
  double ceiling() const { return params_.ceiling; }
  double floor() const { return params_.floor; }
  double measured_rate() const { return measured_; }
  // Moving the ceiling (config reload) clamps the current rate into the new range.
  void set_ceiling(double ceiling, double floor);

  // The CUBIC curve itself, for tests and the status page: rate t seconds after the last throttle.
  double curve_at(double seconds_since_throttle) const;

 private:
  double clamp(double r) const;

  Params params_;
  double rate_;
  double w_max_;  // rate at the last throttle
  double k_ = 0;  // seconds the curve takes to return to w_max_
  std::optional<SteadyTime> last_throttle_;
  double measured_ = 0;
  double request_count_ = 0;
  double last_bucket_;  // seconds, start of the half-second bucket being counted
};

}  // namespace pcs::gov
