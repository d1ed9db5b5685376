#pragma once
// The simulator's clock: sim time runs clock_speed times faster than the real (steady) clock, from a start
// instant, plus whatever /__sim/advance added. Expiries, task durations and quotas all run on it, so a day of
// quotas fits in seconds. Pure over an injected real Clock.

#include <chrono>
#include <optional>

#include "core/clock.hpp"

namespace pcs::sim {

class SimClock {
 public:
  SimClock(const Clock& real, double speed, std::optional<WallTime> start)
      : real_(real), speed_(speed), start_(start ? *start : real.wall_now()), steady0_(real.steady_now()) {}

  WallTime now() const {
    auto elapsed = std::chrono::duration<double>(real_.steady_now() - steady0_).count() * speed_;
    return start_ + offset_ +
           std::chrono::duration_cast<WallTime::duration>(std::chrono::duration<double>(elapsed));
  }
  // Real time, for what a client compares with its own clock (signature expiry, the Date header).
  WallTime real_now() const { return real_.wall_now(); }
  SteadyTime real_steady() const { return real_.steady_now(); }
  void advance(std::chrono::milliseconds d) { offset_ += d; }
  double speed() const { return speed_; }
  WallTime start() const { return start_; }

 private:
  const Clock& real_;
  double speed_;
  WallTime start_;
  SteadyTime steady0_;
  WallTime::duration offset_{};
};

}  // namespace pcs::sim
