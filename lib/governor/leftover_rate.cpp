#include "governor/leftover_rate.hpp"

#include <algorithm>
#include <cmath>

namespace pcs::gov {

namespace {
double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }
// Gaps shorter than this are timer noise, not a rate.
constexpr double kShortestGap = 1e-3;
}  // namespace

LeftoverRate::LeftoverRate(Params params, SteadyTime now) : params_(params), last_change_(now) {
  params_.ceiling = std::max(params_.ceiling, 1e-9);
  params_.floor = std::clamp(params_.floor, 1e-9, params_.ceiling);
  rate_ = params_.ceiling;
  step_ = params_.probe_step * params_.ceiling;
}

double LeftoverRate::clamp(double r) const { return std::clamp(r, params_.floor, params_.ceiling); }

bool LeftoverRate::fresh(const std::optional<Bound>& b, SteadyTime now) const {
  return b && now - b->at <= params_.evidence_lifetime;
}

std::optional<double> LeftoverRate::upper_bound(SteadyTime now) const {
  return fresh(upper_, now) ? std::optional<double>(upper_->rate) : std::nullopt;
}

std::optional<double> LeftoverRate::lower_bound(SteadyTime now) const {
  return fresh(lower_, now) ? std::optional<double>(lower_->rate) : std::nullopt;
}

void LeftoverRate::set_ceiling(double ceiling, double floor) {
  params_.ceiling = std::max(ceiling, 1e-9);
  params_.floor = std::clamp(floor, 1e-9, params_.ceiling);
  rate_ = clamp(rate_);
  step_ = params_.probe_step * params_.ceiling;
}

void LeftoverRate::changed(SteadyTime now) {
  last_change_ = now;
  successes_since_change_ = 0;
}

void LeftoverRate::record_send(SteadyTime now) {
  if (!first_send_) first_send_ = now;
}

double LeftoverRate::on_throttle(SteadyTime now) {
  const auto since = last_success_ ? last_success_ : first_send_;
  const double gap = since ? std::max(seconds(now - *since), kShortestGap) : 0;
  // Only a throttle while we kept to our pace measures the rate; after an idle spell it only says that someone
  // else is using the quota right now.
  if (gap > 0 && gap <= 2.0 / rate_) {
    const double bound = 1.0 / gap;
    if (!fresh(upper_, now) || bound < upper_->rate) upper_ = Bound{bound, now};
    upper_->at = now;
  }
  const auto upper = upper_bound(now);
  // A lower bound at or above the upper one was a burst of saved tokens, or the service changed: forget it.
  if (fresh(lower_, now) && upper && lower_->rate >= *upper) lower_.reset();
  const auto lower = lower_bound(now);

  double next = rate_;
  if (lower && upper) next = *upper > params_.bisect_above * *lower ? std::sqrt(*lower * *upper) : *lower;
  // A throttle always lowers the rate: evidence that would keep it (answers overlapping, a changed service)
  // does not explain this throttle, so it is dropped and the cut is blind.
  if (next >= rate_) {
    lower_.reset();
    next = params_.blind_cut * std::min(rate_, upper.value_or(rate_));
  }
  rate_ = clamp(next);
  step_ = params_.probe_step * params_.ceiling;
  changed(now);
  return rate_;
}

double LeftoverRate::on_success(SteadyTime now) {
  if (last_success_) {
    const double granted = 1.0 / std::max(seconds(now - *last_success_), kShortestGap);
    const auto upper = upper_bound(now);
    if (!(upper && granted >= *upper)) {
      if (!fresh(lower_, now) || granted >= lower_->rate) lower_ = Bound{granted, now};
      lower_->at = now;
    }
  }
  last_success_ = now;
  ++successes_since_change_;

  if (rate_ < params_.ceiling && successes_since_change_ >= params_.probe_successes &&
      now - last_change_ >= params_.probe_after) {
    const auto upper = upper_bound(now);
    const double cap = std::min(params_.ceiling, upper ? params_.probe_margin * *upper : params_.ceiling);
    if (rate_ < cap) {
      rate_ = clamp(std::min(cap, rate_ + step_));
      step_ *= 2;
    }
    changed(now);
  }
  return rate_;
}

}  // namespace pcs::gov
