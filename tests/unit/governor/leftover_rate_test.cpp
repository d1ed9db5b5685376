// Vectors: sequences of answers (success / throttle at given times) -> rates and bounds.
#include <gtest/gtest.h>

#include <cmath>

#include "governor/leftover_rate.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;

LeftoverRate::Params params(double ceiling) {
  LeftoverRate::Params p;
  p.ceiling = ceiling;
  p.floor = ceiling * 0.1;
  return p;
}

std::chrono::nanoseconds secs(double s) { return std::chrono::nanoseconds(std::llround(s * 1e9)); }

// One request at the current time, answered at once.
double answer(LeftoverRate& r, FakeClock& clock, bool throttled) {
  r.record_send(clock.steady_now());
  return throttled ? r.on_throttle(clock.steady_now()) : r.on_success(clock.steady_now());
}

TEST(LeftoverRate, ALoneClientIsNeverSlowed) {
  FakeClock clock;
  LeftoverRate r(params(0.97), clock.steady_now());
  for (int i = 0; i < 2000; ++i) {
    EXPECT_DOUBLE_EQ(answer(r, clock, false), 0.97);
    clock.advance(secs(1 / 0.97));
  }
  EXPECT_FALSE(r.upper_bound(clock.steady_now()));
}

TEST(LeftoverRate, TheFirstThrottleHalvesAndBoundsTheRateFromAbove) {
  FakeClock clock;
  LeftoverRate r(params(0.97), clock.steady_now());
  answer(r, clock, false);
  clock.advance(secs(1.03));
  EXPECT_DOUBLE_EQ(answer(r, clock, true), 0.485);
  ASSERT_TRUE(r.upper_bound(clock.steady_now()));
  EXPECT_NEAR(*r.upper_bound(clock.steady_now()), 1 / 1.03, 1e-9);
  EXPECT_FALSE(r.lower_bound(clock.steady_now())) << "one success says nothing about the rate";
}

TEST(LeftoverRate, ASecondThrottleBisectsTheBracketInsteadOfCuttingBlindly) {
  // The shared benchmark's start: 0.4/s left, burst 1. Success at 0, throttle at 1.03 s, the retry succeeds at
  // 3.09 s (leftover >= 1/3.09), the next request, 2.06 s later at 0.485/s, is throttled (leftover < 1/2.06).
  FakeClock clock;
  LeftoverRate r(params(0.97), clock.steady_now());
  answer(r, clock, false);
  clock.advance(secs(1.03));
  answer(r, clock, true);
  clock.advance(secs(2.06));
  EXPECT_DOUBLE_EQ(answer(r, clock, false), 0.485) << "a success before the hold ends changes nothing";
  clock.advance(secs(2.06));
  const double next = answer(r, clock, true);
  EXPECT_NEAR(*r.lower_bound(clock.steady_now()), 1 / 3.09, 1e-9);
  EXPECT_NEAR(*r.upper_bound(clock.steady_now()), 1 / 2.06, 1e-9);
  EXPECT_NEAR(next, std::sqrt(1 / 3.09 * 1 / 2.06), 1e-9);
  EXPECT_LT(next, 0.4) << "bisecting this bracket lands under the leftover rate";
  EXPECT_GT(next, 0.7 * 0.485) << "a blind cut would have gone lower";
}

TEST(LeftoverRate, ANarrowBracketSettlesAtTheRateThatWorked) {
  FakeClock clock;
  LeftoverRate r(params(0.5), clock.steady_now());
  answer(r, clock, false);
  clock.advance(2.5s);
  answer(r, clock, false);  // lower bound 0.4
  clock.advance(secs(1 / 0.44));
  EXPECT_NEAR(answer(r, clock, true), 0.4, 1e-9) << "0.4 worked, 0.44 did not: 10 % is not worth a bisection";
}

TEST(LeftoverRate, HoldsUntilProbeAfterAndEnoughSuccessesThenProbesUnderAFreshUpperBound) {
  FakeClock clock;
  auto p = params(1);
  LeftoverRate r(p, clock.steady_now());
  answer(r, clock, false);
  clock.advance(1s);
  ASSERT_DOUBLE_EQ(answer(r, clock, true), 0.5);  // upper bound 1/s
  for (int i = 1; i <= p.probe_successes; ++i) {
    clock.advance(2s);
    const double now_rate = answer(r, clock, false);
    if (i < p.probe_successes) {
      EXPECT_DOUBLE_EQ(now_rate, 0.5) << "success " << i;
    }
  }
  // 40 s and 20 successes: one probe of 5 % of the ceiling.
  EXPECT_NEAR(r.rate(), 0.55, 1e-9);
  // Probes double while they succeed and stop under 0.95 x the upper bound while it is fresh.
  for (int i = 0; i < 200; ++i) {
    clock.advance(secs(1 / r.rate()));
    answer(r, clock, false);
    EXPECT_LE(r.rate(), 0.95 + 1e-9);
  }
  EXPECT_NEAR(r.rate(), 0.95, 1e-9);
}

TEST(LeftoverRate, ACompetitorThatLeavesIsFoundOnceTheEvidenceIsOld) {
  // Settled at 0.4/s under an upper bound of 0.42/s; then the other tool leaves and nothing throttles.
  FakeClock clock;
  LeftoverRate r(params(0.5), clock.steady_now());
  answer(r, clock, false);
  clock.advance(2.5s);
  answer(r, clock, false);
  clock.advance(secs(1 / 0.42));
  ASSERT_NEAR(answer(r, clock, true), 0.4, 1e-9);
  const auto left = clock.steady_now();
  while (r.rate() < 0.5 && clock.steady_now() - left < 30min) {
    clock.advance(secs(1 / r.rate()));
    answer(r, clock, false);
    EXPECT_LE(r.rate(), 0.4 + 1e-9) << "no probe into a fresh upper bound of 0.42/s";
    if (clock.steady_now() - left > 5min + 1s) break;
  }
  while (r.rate() < 0.5 && clock.steady_now() - left < 30min) {
    clock.advance(secs(1 / r.rate()));
    answer(r, clock, false);
  }
  EXPECT_DOUBLE_EQ(r.rate(), 0.5);
  // The upper bound lives 5 min; from there doubling probes (each after 30 s and 20 successes) reach the ceiling.
  EXPECT_LT(clock.steady_now() - left, 9min);
  EXPECT_GT(clock.steady_now() - left, 5min);
}

TEST(LeftoverRate, ACompetitorThatArrivesOverridesWhatTheLoneClientLearned) {
  FakeClock clock;
  LeftoverRate r(params(0.97), clock.steady_now());
  for (int i = 0; i < 60; ++i) {
    answer(r, clock, false);
    clock.advance(secs(1 / 0.97));
  }
  ASSERT_NEAR(*r.lower_bound(clock.steady_now()), 0.97, 1e-6);
  // The other tool now takes 60 %: the next request is throttled. The old lower bound contradicts the new upper
  // bound and is forgotten, so the cut is a blind halving, not a "bisection" above the new upper bound.
  EXPECT_NEAR(answer(r, clock, true), 0.485, 1e-6);
  EXPECT_FALSE(r.lower_bound(clock.steady_now()));
}

TEST(LeftoverRate, ANoisySingleThrottleCostsAHalvingThatRecoversWithoutAnotherThrottle) {
  FakeClock clock;
  LeftoverRate r(params(1), clock.steady_now());
  for (int i = 0; i < 30; ++i) {
    answer(r, clock, false);
    clock.advance(1s);
  }
  const auto hiccup = clock.steady_now();
  ASSERT_DOUBLE_EQ(answer(r, clock, true), 0.5);
  int probes = 0;
  double last = r.rate();
  while (clock.steady_now() - hiccup < 10min) {
    clock.advance(secs(1 / r.rate()));
    if (answer(r, clock, false) != last) ++probes;
    last = r.rate();
  }
  // Under the upper bound (1/s, fresh for 5 min) it climbs back to 0.95/s in doubling steps, then to the ceiling.
  EXPECT_DOUBLE_EQ(r.rate(), 1);
  EXPECT_LE(probes, 6);
}

TEST(LeftoverRate, AThrottleAfterAnIdleSpellIsNotARate) {
  FakeClock clock;
  LeftoverRate r(params(1), clock.steady_now());
  answer(r, clock, false);
  clock.advance(5min);  // between two sync cycles
  EXPECT_DOUBLE_EQ(answer(r, clock, true), 0.5) << "1/300 s would have sent the daemon to its floor";
  EXPECT_FALSE(r.upper_bound(clock.steady_now()));
}

TEST(LeftoverRate, AThrottleTheEvidenceCannotExplainStillLowersTheRate) {
  // Two answers 10 ms apart (calls overlapping) "prove" 100/s; a throttle 20 ms later bounds it at 50/s: the
  // bracket lies above the rate, so it would not lower it. The cut is blind instead.
  FakeClock clock;
  LeftoverRate r(params(1), clock.steady_now());
  answer(r, clock, false);
  clock.advance(10ms);
  answer(r, clock, false);
  clock.advance(20ms);
  EXPECT_DOUBLE_EQ(answer(r, clock, true), 0.5);
  EXPECT_FALSE(r.lower_bound(clock.steady_now()));
}

TEST(LeftoverRate, NeverBelowTheFloorNorAboveTheCeiling) {
  FakeClock clock;
  LeftoverRate r(params(5), clock.steady_now());
  for (int i = 0; i < 50; ++i) {
    clock.advance(10ms);
    answer(r, clock, true);
  }
  EXPECT_DOUBLE_EQ(r.rate(), 0.5);
  r.set_ceiling(0.2, 0.02);
  EXPECT_DOUBLE_EQ(r.rate(), 0.2);
  EXPECT_DOUBLE_EQ(r.ceiling(), 0.2);
}

}  // namespace
}  // namespace pcs::gov
