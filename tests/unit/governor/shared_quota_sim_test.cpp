// A deterministic, event-stepped simulation of the shared quota: the service's own token bucket serves
// pcsyncd (through GovernorCore) and another tool of the same partner. It checks the governor's promise:
// no throttling while the other tool keeps to its share, and few throttles (adaptive backoff) when it does not.
#include <gtest/gtest.h>

#include <cstdio>

#include "governor/governor_core.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;

struct SimResult {
  int sent = 0;
  int throttled = 0;
  int sent_late = 0;       // in the second half (steady state)
  int throttled_late = 0;
  double final_rate = 0;
};

// Service: 10 reads per one-second window. The other tool spends its `other_per_second` at the start of each
// window (it always gets there first: the worst case for pcsyncd).
SimResult simulate(RetryMode mode, int other_per_second, std::chrono::seconds duration) {
  FakeClock clock;
  GovernorConfig config;
  config.retry_mode = mode;
  config.max_attempts = 1;  // count throttles per request; retries are not the point here
  GovernorCore core(config, clock.steady_now(), 1);
  const auto start = clock.steady_now();
  const auto half = start + duration / 2;
  const auto end = start + duration;
  SimResult r;
  std::int64_t current_window = -1;
  int served = 0;  // requests the service has answered without throttling in the current window
  while (clock.steady_now() < end) {
    const auto a = core.admit(QuotaClass::read, clock.steady_now());
    if (a.kind != GovernorCore::Admission::Kind::go) {
      clock.advance(a.wait);
      continue;
    }
    const auto window = std::chrono::duration_cast<std::chrono::seconds>(clock.steady_now() - start).count();
    if (window != current_window) {
      current_window = window;
      served = other_per_second;
    }
    const bool ok = served < 10;
    if (ok) ++served;
    GovernorCore::Call call;
    Error e = make_error(ErrorKind::throttling, "ThrottlingException", "Rate exceeded");
    (void)core.after_attempt(QuotaClass::read, clock.steady_now(), call, ok ? nullptr : &e);
    ++r.sent;
    if (!ok) ++r.throttled;
    if (clock.steady_now() >= half) {
      ++r.sent_late;
      if (!ok) ++r.throttled_late;
    }
    clock.advance(1ns);  // the caller always has the next request ready
  }
  r.final_rate = core.snapshot(clock.steady_now()).read.rate;
  return r;
}

TEST(SharedQuotaSim, NoThrottlingWhileTheOtherToolKeepsItsShare) {
  const auto r = simulate(RetryMode::pcsyncd, 5, 120s);
  EXPECT_EQ(r.throttled, 0);
  EXPECT_NEAR(r.sent, 582, 2);  // 5/s less the 3 % pacing margin, for 120 s
}

TEST(SharedQuotaSim, AdaptsWhenTheOtherToolTakesMore) {
  const auto r = simulate(RetryMode::pcsyncd, 7, 300s);  // 3/s left for pcsyncd
  // Steady state: CUBIC probes now and then, but most requests go through at about what is left.
  EXPECT_LT(r.throttled_late * 10, r.sent_late) << r.throttled_late << " of " << r.sent_late;
  std::printf("pcsyncd vs other tool at 7/s: %d of %d throttled in steady state, rate now %.2f/s\n",
              r.throttled_late, r.sent_late, r.final_rate);
  EXPECT_GT(r.sent_late, 150 * 2);   // at least 2/s of the 3/s left
  EXPECT_LT(r.sent_late, 150 * 3.5);
}

TEST(SharedQuotaSim, FewerThrottlesThanStandardAndSdkAdaptive) {
  // Without adaptation a fixed 5/s against 3/s left is throttled for the whole excess; the SDK's adaptive
  // mode climbs back within seconds and probes into the other tool's share again and again.
  const auto fixed = simulate(RetryMode::standard, 7, 300s);
  const auto adaptive = simulate(RetryMode::pcsyncd, 7, 300s);
  const auto sdk = simulate(RetryMode::adaptive, 7, 300s);
  std::printf("steady state, throttled of sent: standard %d of %d; SDK adaptive %d of %d; pcsyncd %d of %d\n",
              fixed.throttled_late, fixed.sent_late, sdk.throttled_late, sdk.sent_late, adaptive.throttled_late,
              adaptive.sent_late);
  EXPECT_GT(fixed.throttled_late, 3 * adaptive.throttled_late);
  EXPECT_GT(sdk.throttled_late, 3 * adaptive.throttled_late) << "pcsyncd must beat the SDK's adaptive mode";
}

}  // namespace
}  // namespace pcs::gov
