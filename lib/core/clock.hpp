#pragma once
// Time as an input. Pure logic takes a Clock (or a time point) so tests drive it with FakeClock.

#include <chrono>

namespace pcs {

using WallTime = std::chrono::system_clock::time_point;
using SteadyTime = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual WallTime wall_now() const = 0;      // for signing dates, expiry, records
  virtual SteadyTime steady_now() const = 0;  // for rates, deadlines, backoff
};

class SystemClock final : public Clock {
 public:
  WallTime wall_now() const override { return std::chrono::system_clock::now(); }
  SteadyTime steady_now() const override { return std::chrono::steady_clock::now(); }
};

// Starts at a fixed instant and moves only when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(WallTime start = WallTime{std::chrono::seconds{1'700'000'000}})
      : wall_(start), steady_(SteadyTime{std::chrono::hours{1}}) {}
  WallTime wall_now() const override { return wall_; }
  SteadyTime steady_now() const override { return steady_; }
  template <class Rep, class Period>
  void advance(std::chrono::duration<Rep, Period> d) {
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
    steady_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(d);
  }
  void set_wall(WallTime t) { wall_ = t; }

 private:
  WallTime wall_;
  SteadyTime steady_;
};

}  // namespace pcs
