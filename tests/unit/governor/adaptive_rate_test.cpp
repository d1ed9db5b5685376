#include <gtest/gtest.h>

#include <cmath>

#include "governor/adaptive_rate.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;

AdaptiveRate::Params params(double ceiling, double floor) {
  AdaptiveRate::Params p;
  p.ceiling = ceiling;
  p.floor = floor;
  return p;
}

TEST(AdaptiveRate, StartsAtTheCeilingAndStaysThereWithoutThrottles) {
  FakeClock clock;
  AdaptiveRate r(params(5, 0.5), clock.steady_now());
  EXPECT_DOUBLE_EQ(r.rate(), 5);
  clock.advance(100ms);
  EXPECT_DOUBLE_EQ(r.on_success(clock.steady_now()), 5);
}

TEST(AdaptiveRate, ThrottleMultipliesByBeta) {
  FakeClock clock;
  AdaptiveRate r(params(5, 0.5), clock.steady_now());
  EXPECT_DOUBLE_EQ(r.on_throttle(clock.steady_now()), 3.5);
  EXPECT_DOUBLE_EQ(r.on_throttle(clock.steady_now()), 3.5 * 0.7);
}

TEST(AdaptiveRate, RecoveryFollowsTheCubicCurveToTheCeiling) {
  FakeClock clock;
  AdaptiveRate r(params(5, 0.5), clock.steady_now());
  r.on_throttle(clock.steady_now());
  const double k = std::cbrt(5 * 0.3 / 0.4);  // seconds back to the rate at the throttle
  EXPECT_NEAR(r.curve_at(0), 3.5, 1e-12);
  EXPECT_NEAR(r.curve_at(k), 5, 1e-12);
  EXPECT_NEAR(r.curve_at(k / 2), 5 - 0.4 * std::pow(k / 2, 3), 1e-12);

  double previous = r.rate();
  for (int i = 1; i <= 40; ++i) {
    clock.advance(100ms);
    const double now_rate = r.on_success(clock.steady_now());
    EXPECT_GE(now_rate, previous - 1e-12) << "recovery must not go down, step " << i;
    EXPECT_LE(now_rate, 5.0);
    const double t = 0.1 * i;
    EXPECT_NEAR(now_rate, std::min(5.0, r.curve_at(t)), 1e-9) << "t=" << t;
    previous = now_rate;
  }
  EXPECT_DOUBLE_EQ(r.rate(), 5);  // 4 s > k: back at the ceiling, and not above it
}

TEST(AdaptiveRate, NeverBelowTheFloor) {
  FakeClock clock;
  AdaptiveRate r(params(5, 0.5), clock.steady_now());
  for (int i = 0; i < 50; ++i) r.on_throttle(clock.steady_now());
  EXPECT_DOUBLE_EQ(r.rate(), 0.5);
}

TEST(AdaptiveRate, DecreasesFromTheMeasuredRateWhenLower) {
  FakeClock clock;
  AdaptiveRate r(params(5, 0.1), clock.steady_now());
  for (int i = 0; i < 40; ++i) {  // 10 s at 2/s
    r.record_send(clock.steady_now());
    clock.advance(500ms);
  }
  EXPECT_NEAR(r.measured_rate(), 2.0, 0.05);
  EXPECT_NEAR(r.on_throttle(clock.steady_now()), 0.7 * r.measured_rate(), 1e-12);
}

TEST(AdaptiveRate, SdkModeCapsRecoveryAtTwiceTheMeasuredRate) {
  FakeClock clock;
  auto p = params(10, 0.1);
  p.cap_to_measured = true;
  AdaptiveRate r(p, clock.steady_now());
  for (int i = 0; i < 40; ++i) {  // 1/s
    r.record_send(clock.steady_now());
    clock.advance(1s);
  }
  ASSERT_NEAR(r.measured_rate(), 1.0, 0.05);
  r.on_throttle(clock.steady_now());
  clock.advance(60s);
  EXPECT_NEAR(r.on_success(clock.steady_now()), 2 * r.measured_rate(), 1e-9);
}

TEST(AdaptiveRate, LowerCeilingClampsTheCurrentRate) {
  FakeClock clock;
  AdaptiveRate r(params(5, 0.5), clock.steady_now());
  r.set_ceiling(2, 0.2);
  EXPECT_DOUBLE_EQ(r.rate(), 2);
  EXPECT_DOUBLE_EQ(r.ceiling(), 2);
  EXPECT_DOUBLE_EQ(r.floor(), 0.2);
}

}  // namespace
}  // namespace pcs::gov
