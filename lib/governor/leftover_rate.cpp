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

bool LeftoverRate::upper_fresh(SteadyTime now) const {
  return upper_ && (fresh(upper_, now) || successes_since_upper_ < params_.evidence_successes);
}

std::optional<double> LeftoverRate::upper_bound(SteadyTime now) const {
  return upper_fresh(now) ? std::optional<double>(upper_->rate) : std::nullopt;
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
  // Nor does one far above the ceiling (answers overlapping, a fake clock): it says nothing the ceiling does not.
  const auto bound = gap > 0 && gap <= 2.0 / rate_ && 1.0 / gap < 1.5 * params_.ceiling
                         ? std::optional<double>(1.0 / gap)
                         : std::nullopt;
  const auto lower = lower_bound(now);
  auto upper = upper_bound(now);
  if (bound && (!upper || *bound < *upper)) upper = bound;

  auto record_bound = [&] {
    if (!bound) return;
    if (!upper_fresh(now) || *bound < upper_->rate) upper_ = Bound{*bound, now};
    upper_->at = now;
    successes_since_upper_ = 0;
  };
  auto blind_cut = [&] {
    lower_.reset();
    double cut = params_.blind_cut * rate_;
    if (upper) cut = std::min(cut, params_.probe_margin * *upper);
    return cut;
  };

  double next;
  if (probe_from_) {
    // A probe was refused: back to the rate it started from, which held; the probed rate is the new bound.
    next = *probe_from_;
    if (bound) {
      upper_ = Bound{*bound, now};
      successes_since_upper_ = 0;
    }
  } else if (!lower) {
    // Nothing known below (the first throttle): only "less than what was sent" is known.
    record_bound();
    next = blind_cut();
  } else {
    // The bracket's rate: its geometric middle when wide, else the lower end (the rate that held).
    std::optional<double> bracketed;
    if (upper && *lower < *upper)
      bracketed = *upper > params_.bisect_above * *lower ? std::sqrt(*lower * *upper) : *lower;
    if (bracketed && *bracketed < rate_) {
      record_bound();
      next = *bracketed;
    } else if (!surprise_from_) {
      // The evidence says the pace was fine, yet it was refused: timer or network jitter at the edge of the
      // quota (the early request is the refused one), or another tool that just arrived. Step back a little
      // and record nothing; a second throttle before the hold ends says it was real, none that it was noise,
      // and the pace comes back.
      lower_.reset();
      surprise_from_ = rate_;
      rate_ = clamp(params_.surprise_cut * rate_);
      changed(now);
      return rate_;
    } else {
      record_bound();
      next = blind_cut();
    }
  }
  rate_ = clamp(next);
  step_ = params_.probe_step * params_.ceiling;
  probe_from_.reset();
  surprise_from_.reset();
  changed(now);
  return rate_;
}

bool LeftoverRate::hold_done(SteadyTime now) const {
  // A wide bracket (after a blind cut) is worth a probe soon: its middle is far from both ends, so either
  // answer halves what is unknown. A narrow one is probed as rarely as the steady state allows.
  const auto upper = upper_bound(now);
  const auto lower = lower_bound(now);
  if (upper && lower && *upper > params_.wide_bracket * *lower)
    return successes_since_change_ >= std::max(1, params_.probe_successes / 4);
  return successes_since_change_ >= params_.probe_successes && now - last_change_ >= params_.probe_after;
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
  ++successes_since_upper_;
  if (surprise_from_ && successes_since_change_ >= params_.probe_successes) {
    rate_ = clamp(*surprise_from_);
    surprise_from_.reset();
    changed(now);
    return rate_;
  }

  if (rate_ < params_.ceiling && hold_done(now)) {
    // Under a fresh upper bound, probe at most to the middle of the bracket, and not at all when it is narrow:
    // the next step past the rate that holds is a throttle more often than not. Past old evidence, climb.
    const auto upper = upper_bound(now);
    const auto lower = lower_bound(now);
    double cap = params_.ceiling;
    if (upper && lower) cap = *upper > params_.bisect_above * *lower ? std::sqrt(*lower * *upper) : 0;
    else if (upper) cap = params_.probe_margin * *upper;
    probe_from_.reset();
    if (rate_ < cap) {
      probe_from_ = rate_;
      rate_ = clamp(std::min(cap, rate_ + step_));
      step_ *= 2;
    }
    changed(now);
  }
  return rate_;
}

}  // namespace pcs::gov
