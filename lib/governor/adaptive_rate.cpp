#include "governor/adaptive_rate.hpp"

#include <algorithm>
#include <cmath>

namespace pcs::gov {

namespace {
double seconds(SteadyTime t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }
// The SDK measures its send rate over half-second buckets.
double bucket_of(SteadyTime t) { return std::floor(seconds(t) * 2.0) / 2.0; }
}  // namespace

AdaptiveRate::AdaptiveRate(Params params, SteadyTime now)
    : params_(params), last_bucket_(bucket_of(now)) {
  params_.ceiling = std::max(params_.ceiling, 1e-9);
  params_.floor = std::clamp(params_.floor, 1e-9, params_.ceiling);
  rate_ = params_.ceiling;
  w_max_ = rate_;
}

double AdaptiveRate::clamp(double r) const { return std::clamp(r, params_.floor, params_.ceiling); }

void AdaptiveRate::set_ceiling(double ceiling, double floor) {
  params_.ceiling = std::max(ceiling, 1e-9);
  params_.floor = std::clamp(floor, 1e-9, params_.ceiling);
  rate_ = clamp(rate_);
}

void AdaptiveRate::record_send(SteadyTime now) {
  request_count_ += 1;
  const double b = bucket_of(now);
  if (b > last_bucket_) {
    const double current = request_count_ / (b - last_bucket_);
    measured_ = current * params_.smooth + measured_ * (1.0 - params_.smooth);
    request_count_ = 0;
    last_bucket_ = b;
  }
}

double AdaptiveRate::curve_at(double t) const { return params_.scale * std::pow(t - k_, 3.0) + w_max_; }

double AdaptiveRate::on_throttle(SteadyTime now) {
  // Decrease from what was actually sent when that is known and lower: a client sending 1/s under a 5/s
  // ceiling that gets throttled is sharing the quota with someone else, and 3.5/s would still be too much.
  double base = rate_;
  if (measured_ > 0) base = std::min(base, measured_);
  w_max_ = base;
  k_ = std::cbrt(w_max_ * (1.0 - params_.beta) / params_.scale);
  last_throttle_ = now;
  rate_ = clamp(base * params_.beta);
  return rate_;
}

double AdaptiveRate::on_success(SteadyTime now) {
  // Before any throttle the curve would start below the ceiling (at beta x w_max); there is nothing to
  // recover from, so stay where we are.
  if (!last_throttle_) return rate_;
  double next = curve_at(std::chrono::duration<double>(now - *last_throttle_).count());
  if (params_.cap_to_measured && measured_ > 0) next = std::min(next, 2.0 * measured_);
  rate_ = clamp(next);
  return rate_;
}

}  // namespace pcs::gov
