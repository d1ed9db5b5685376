// Vectors: sequences of answers (success / throttle at given times) -> rates and bounds.
#include <gtest/gtest.h>

#include <cmath>

#include "governor/leftover_rate.hpp"
#include "governor/token_bucket.hpp"

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

TEST(LeftoverRate, AfterABlindCutProbesSoonAndNeverIntoAFreshUpperBound) {
  FakeClock clock;
  auto p = params(1);
  p.evidence_lifetime = 10min;
  LeftoverRate r(p, clock.steady_now());
  answer(r, clock, false);
  clock.advance(1s);
  ASSERT_DOUBLE_EQ(answer(r, clock, true), 0.5);  // upper bound 1/s
  const auto throttled = clock.steady_now();
  // The bracket [0.5, 1] is wide: a quarter of probe_successes (5), no probe_after, then 5 % of the ceiling.
  for (int i = 1; i < p.probe_successes / 4; ++i) {
    clock.advance(2s);
    EXPECT_DOUBLE_EQ(answer(r, clock, false), 0.5) << "success " << i;
  }
  clock.advance(2s);
  EXPECT_NEAR(answer(r, clock, false), 0.55, 1e-9);
  // While the upper bound is fresh, each probe goes at most to the middle of the bracket [what held, 1/s]: the
  // rate closes in on the bound and never reaches it.
  while (clock.steady_now() - throttled < p.evidence_lifetime - 5s) {
    clock.advance(secs(1 / r.rate()));
    answer(r, clock, false);
    EXPECT_LT(r.rate(), 1.0);
  }
  EXPECT_GT(r.rate(), 0.85);
}

TEST(LeftoverRate, UnderANarrowBracketTheRateHoldsUntilTheEvidenceIsOld) {
  FakeClock clock;
  auto p = params(1);
  LeftoverRate r(p, clock.steady_now());
  answer(r, clock, false);
  clock.advance(secs(1 / 0.8));
  answer(r, clock, false);  // lower bound 0.8
  clock.advance(secs(1 / 0.85));
  ASSERT_NEAR(answer(r, clock, true), 0.8, 1e-9);  // upper bound 0.85: narrow, settle at 0.8
  const auto throttled = clock.steady_now();
  while (clock.steady_now() - throttled < p.evidence_lifetime) {
    clock.advance(secs(1 / r.rate()));
    EXPECT_NEAR(answer(r, clock, false), 0.8, 1e-9) << "a probe past 0.8 would be refused more often than not";
  }
  // 2 min and more than 50 successes: the bound is old, a probe comes within the next two holds.
  while (r.rate() <= 0.8 && clock.steady_now() - throttled < p.evidence_lifetime + 2 * (p.probe_after + 25s)) {
    clock.advance(secs(1 / r.rate()));
    answer(r, clock, false);
  }
  EXPECT_GT(r.rate(), 0.8);
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
    if (clock.steady_now() - left > LeftoverRate::Params{}.evidence_lifetime) break;
  }
  while (r.rate() < 0.5 && clock.steady_now() - left < 30min) {
    clock.advance(secs(1 / r.rate()));
    answer(r, clock, false);
  }
  EXPECT_DOUBLE_EQ(r.rate(), 0.5);
  // The upper bound lives 2 min; from there doubling probes (each after 30 s and 20 successes) reach the ceiling.
  EXPECT_LT(clock.steady_now() - left, 5min);
  EXPECT_GT(clock.steady_now() - left, 2min);
}

// A client that sends at its rate against a service bucket (burst 1); returns the throttles.
int drive(LeftoverRate& r, FakeClock& clock, TokenBucket& service, std::chrono::nanoseconds how_long) {
  int throttles = 0;
  const auto end = clock.steady_now() + how_long;
  while (clock.steady_now() < end) {
    clock.advance(secs(1 / r.rate()));
    const bool ok = service.try_take(clock.steady_now());
    if (!ok) ++throttles;
    answer(r, clock, !ok);
  }
  return throttles;
}

TEST(LeftoverRate, ACompetitorThatArrivesIsLearnedInAFewThrottles) {
  FakeClock clock;
  LeftoverRate r(params(0.97), clock.steady_now());
  TokenBucket service(1.0, 1);
  ASSERT_EQ(drive(r, clock, service, 60s), 0);
  ASSERT_NEAR(*r.lower_bound(clock.steady_now()), 0.97, 1e-6);
  service.set_rate(0.4, clock.steady_now());  // another tool now takes 60 %
  const int learning = drive(r, clock, service, 60s);
  EXPECT_GE(learning, 2);
  EXPECT_LE(learning, 4);
  EXPECT_LT(r.rate(), 0.4);
  EXPECT_GT(r.rate(), 0.25);
  // Steady state: the bracket's middle, then a probe past the rate each time the evidence is old (2 min and 50
  // successes), refused once and back to the rate that holds: about 0.39/s, 240 requests in 10 min, 4 refused.
  const int steady = drive(r, clock, service, 10min);
  EXPECT_LE(steady, 6);
  EXPECT_GT(r.rate(), 0.35);
}

TEST(LeftoverRate, ANoisySingleThrottleCostsLittleAndRecoversWithoutAnotherThrottle) {
  // At the pace that worked, and 50 ms early (jitter: the early request is the one refused, and its gap puts
  // the upper bound just above what held).
  for (const auto gap : {1000ms, 950ms}) {
    FakeClock clock;
    LeftoverRate r(params(1), clock.steady_now());
    for (int i = 0; i < 30; ++i) {
      clock.advance(1s);
      answer(r, clock, false);
    }
    clock.advance(gap);
    const auto hiccup = clock.steady_now();
    ASSERT_DOUBLE_EQ(answer(r, clock, true), 0.85) << "a pace that kept working is refused once: a small step back";
    EXPECT_FALSE(r.upper_bound(clock.steady_now())) << "unexplained evidence is no bound";
    while (r.rate() < 1 && clock.steady_now() - hiccup < 10min) {
      clock.advance(secs(1 / r.rate()));
      answer(r, clock, false);
    }
    EXPECT_DOUBLE_EQ(r.rate(), 1);
    // 20 successes at 0.85/s, then the pace that worked comes back.
    EXPECT_LT(clock.steady_now() - hiccup, 25s);
  }
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
  // Answers 600 ms apart "prove" 1.67/s; a throttle 700 ms later bounds the rate at 1.43/s: the bracket lies
  // above the rate (1/s), so it would not lower it. The lower bound is dropped and the cut is blind.
  FakeClock clock;
  LeftoverRate r(params(1), clock.steady_now());
  answer(r, clock, false);
  clock.advance(600ms);
  answer(r, clock, false);
  clock.advance(700ms);
  ASSERT_DOUBLE_EQ(answer(r, clock, true), 0.85) << "first: the pace kept working, a small step back";
  answer(r, clock, false);
  clock.advance(400ms);
  answer(r, clock, false);  // 2.5/s "proven"
  clock.advance(500ms);
  EXPECT_DOUBLE_EQ(answer(r, clock, true), 0.5 * 0.85) << "bisecting [2.5, 2] would raise the rate";
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
