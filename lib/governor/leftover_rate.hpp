#pragma once
// pcsyncd's own rate adaptation: the rate the service leaves this client, estimated from what the throttles and
// the successes say about the service's token bucket, instead of a fixed cut per throttle.
//
// A token bucket of unknown rate L that another client drains tells this one two things (L held constant):
//  - a throttle `g` seconds after our last success, while we were sending at our pace, proves L < 1/g: the
//    bucket gained less than one token in that time (whatever it held after the success was >= 0);
//  - a success `g` seconds after the previous one is evidence that L >= 1/g (exact when the service's burst is 1
//    and the previous success emptied it; an estimate otherwise: a burst of saved tokens overstates it, which
//    the next throttle contradicts and so discards).
// Between the two lies the leftover rate. On a throttle the rate goes to the proven rate when the bracket is
// narrow, to its geometric middle when it is wide, back to where a refused probe started, and, with no
// evidence below (the first throttle), to blind_cut x the rate (a blind halving, as TCP), under a known upper
// bound. A throttle of a pace that kept working (timer or network jitter at the edge of the quota, or another
// tool that just arrived) first costs only surprise_cut, undone after probe_successes successes; a second one
// before that is taken as real. It probes upward after probe_after and probe_successes without a throttle (a
// quarter of the successes when the bracket is wide), to at most the bracket's middle under a fresh upper
// bound and not at all when the bracket is narrow, in steps that double while they succeed (a competitor that
// left is found in a few probes). Evidence older than evidence_lifetime (and, above, evidence_successes) is
// forgotten, so a competitor that arrives or leaves is relearned. lib/governor/README.md says why.
// A lone client is never throttled, so it never leaves its ceiling. Pure: every call takes the time.

#include <chrono>
#include <optional>

#include "core/clock.hpp"

namespace pcs::gov {

class LeftoverRate {
 public:
  struct Params {
    double ceiling = 1.0;               // requests per second never exceeded (the known share)
    double floor = 0.1;                 // requests per second never gone below
    double blind_cut = 0.5;             // on a throttle with nothing known below it
    double surprise_cut = 0.85;         // on the first throttle of a pace that kept working (jitter, or a newcomer)
    double bisect_above = 1.2;          // upper / lower bound ratio above which a throttle bisects the bracket
    double wide_bracket = 1.5;          // ... above which a probe comes after a quarter of probe_successes
    double probe_margin = 0.95;         // with no lower bound, probes and blind cuts stay under this x upper
    double probe_step = 0.05;           // first upward step, as a fraction of the ceiling; doubles per success
    int probe_successes = 20;           // successes since the last change before a probe (bounds the throttled
                                        // share of a steady state at about 1 in this many)
    std::chrono::nanoseconds probe_after = std::chrono::seconds{30};        // and at least this long
    // Bounds are forgotten once older than this and, for the upper bound, evidence_successes successes later:
    // past a bound only a probe can tell whether it still holds, and that costs a throttle when it does, so
    // the steady state at the leftover rate is throttled about once in that many requests, at any rate.
    std::chrono::nanoseconds evidence_lifetime = std::chrono::minutes{2};
    int evidence_successes = 50;
  };

  LeftoverRate(Params params, SteadyTime now);

  // A request was sent (the first one is where a throttle before any success measures from).
  void record_send(SteadyTime now);
  // A throttling answer: updates the upper bound and returns the new rate.
  double on_throttle(SteadyTime now);
  // Any answer that is not a throttle: updates the lower bound, may probe upward; returns the rate.
  double on_success(SteadyTime now);

  double rate() const { return rate_; }
  double ceiling() const { return params_.ceiling; }
  double floor() const { return params_.floor; }
  // The current bracket of the leftover rate, when fresh evidence gives one (for tests and the status page).
  std::optional<double> upper_bound(SteadyTime now) const;
  std::optional<double> lower_bound(SteadyTime now) const;
  // Moving the ceiling (config reload) clamps the current rate into the new range.
  void set_ceiling(double ceiling, double floor);

 private:
  struct Bound {
    double rate = 0;
    SteadyTime at{};
  };
  bool fresh(const std::optional<Bound>& b, SteadyTime now) const;
  bool upper_fresh(SteadyTime now) const;
  bool hold_done(SteadyTime now) const;
  double clamp(double r) const;
  void changed(SteadyTime now);

  Params params_;
  double rate_;
  std::optional<Bound> upper_;  // the leftover rate is below this
  std::optional<Bound> lower_;  // ... and at least about this
  std::optional<SteadyTime> first_send_;
  std::optional<SteadyTime> last_success_;
  SteadyTime last_change_;
  int successes_since_change_ = 0;
  int successes_since_upper_ = 0;
  std::optional<double> probe_from_;  // while a probe is on: the rate it raised from (which held)
  // After a throttle of a pace that kept working: that pace, restored after probe_successes quiet successes.
  std::optional<double> surprise_from_;
  double step_;  // the next probe's step, requests per second
};

}  // namespace pcs::gov
