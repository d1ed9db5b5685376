#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "governor/governor_core.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;
using Kind = GovernorCore::Admission::Kind;

// Exact arithmetic: no pacing margin (tested on its own below).
GovernorConfig small_config() {
  GovernorConfig c;
  c.backoff_base = 100ms;
  c.backoff_cap = 1s;
  c.pacing_margin = 0;
  return c;
}

Error throttle() { return make_error(ErrorKind::throttling, "ThrottlingException", "Rate exceeded"); }

TEST(GovernorCore, PacesReadsAtTheShareOfThePerSecondQuota) {
  FakeClock clock;
  GovernorCore core(small_config(), clock.steady_now(), 1);  // 10/s x 0.5 = one read every 200 ms
  EXPECT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
  auto a = core.admit(QuotaClass::read, clock.steady_now());
  EXPECT_EQ(a.kind, Kind::wait);
  EXPECT_EQ(a.wait, 200ms);
  clock.advance(a.wait);
  EXPECT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
  // Writes have their own bucket: 1/s x 0.5 = one every 2 s.
  EXPECT_EQ(core.admit(QuotaClass::write, clock.steady_now()).kind, Kind::go);
  EXPECT_EQ(core.admit(QuotaClass::write, clock.steady_now()).wait, 2s);
  const auto s = core.snapshot(clock.steady_now());
  EXPECT_DOUBLE_EQ(s.read.rate, 5);
  EXPECT_DOUBLE_EQ(s.read.ceiling, 5);
  EXPECT_DOUBLE_EQ(s.write.rate, 0.5);
  EXPECT_EQ(s.read.calls.attempts, 2u);
  EXPECT_EQ(s.read.daily_used, 2);
  EXPECT_EQ(s.read.daily_limit, 50'000);
  EXPECT_EQ(s.write.daily_limit, 5'000);
}

TEST(GovernorCore, ThrottleLowersTheRateAndRetriesWithinTheCap) {
  FakeClock clock;
  GovernorCore core(small_config(), clock.steady_now(), 1);
  GovernorCore::Call call;
  ASSERT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
  Error e = throttle();
  auto step = core.after_attempt(QuotaClass::read, clock.steady_now(), call, &e);
  EXPECT_EQ(step.kind, GovernorCore::Step::Kind::retry);
  EXPECT_LE(step.delay, 100ms);
  auto s = core.snapshot(clock.steady_now());
  EXPECT_DOUBLE_EQ(s.read.rate, 2.5);  // nothing known below: a blind halving
  EXPECT_EQ(s.read.calls.throttles, 1u);
  EXPECT_EQ(s.read.calls.retries, 1u);
  EXPECT_DOUBLE_EQ(s.retry_budget, 495);
  // The retried success refunds its retry; the rate holds (probe_after 30 s and 20 successes) before it probes.
  clock.advance(1s);
  ASSERT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
  step = core.after_attempt(QuotaClass::read, clock.steady_now(), call, nullptr);
  EXPECT_EQ(step.kind, GovernorCore::Step::Kind::done);
  s = core.snapshot(clock.steady_now());
  EXPECT_DOUBLE_EQ(s.read.rate, 2.5);
  EXPECT_DOUBLE_EQ(s.retry_budget, 500);
  EXPECT_EQ(s.read.calls.successes, 1u);
  for (int i = 0; i < 19; ++i) {
    clock.advance(2s);
    GovernorCore::Call other;
    ASSERT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
    (void)core.after_attempt(QuotaClass::read, clock.steady_now(), other, nullptr);
  }
  EXPECT_NEAR(core.snapshot(clock.steady_now()).read.rate, 2.75, 1e-9);  // + 5 % of the ceiling
}

TEST(GovernorCore, GivesUpAfterMaxAttemptsAndSaysSo) {
  FakeClock clock;
  GovernorCore core(small_config(), clock.steady_now(), 1);
  GovernorCore::Call call;
  Error e = throttle();
  EXPECT_EQ(core.after_attempt(QuotaClass::write, clock.steady_now(), call, &e).kind, GovernorCore::Step::Kind::retry);
  EXPECT_EQ(core.after_attempt(QuotaClass::write, clock.steady_now(), call, &e).kind, GovernorCore::Step::Kind::retry);
  EXPECT_EQ(core.after_attempt(QuotaClass::write, clock.steady_now(), call, &e).kind, GovernorCore::Step::Kind::done);
  EXPECT_NE(e.message.find("gave up after 3 attempts"), std::string::npos) << e.message;
  EXPECT_EQ(core.snapshot(clock.steady_now()).write.calls.failures, 1u);
}

TEST(GovernorCore, OnlyThrottlesAndSuccessesTeachThePcsyncdRate) {
  // A dropped connection is no evidence of a token granted (it may never have reached the service).
  FakeClock clock;
  GovernorCore core(small_config(), clock.steady_now(), 1);  // writes: 1/s x 0.5
  auto attempt = [&](Error* error) {
    GovernorCore::Call call;
    auto a = core.admit(QuotaClass::write, clock.steady_now());
    if (a.kind == Kind::wait) {
      clock.advance(a.wait);
      a = core.admit(QuotaClass::write, clock.steady_now());
    }
    EXPECT_EQ(a.kind, Kind::go);
    (void)core.after_attempt(QuotaClass::write, clock.steady_now(), call, error);
    return core.snapshot(clock.steady_now()).write.rate;
  };
  Error e = throttle();
  Error dropped = make_error(ErrorKind::transport, "ConnectionReset", "connection reset");
  attempt(nullptr);                        // t 0
  ASSERT_DOUBLE_EQ(attempt(&e), 0.25);     // t 2: the first throttle, a blind halving; below 1/2 s
  EXPECT_DOUBLE_EQ(attempt(&dropped), 0.25);  // t 6: no change
  attempt(nullptr);                        // t 10: 10 s since the last success (evidence: at least 0.1/s)
  // t 14: under 1/4 s. The bracket [0.1, 0.25) is wide: its middle. Had the dropped call counted as a success,
  // 0.25/s would have looked proven and this throttle would have been taken for noise (a 15 % step back).
  EXPECT_NEAR(attempt(&e), std::sqrt(0.1 * 0.25), 1e-9);
}

TEST(GovernorCore, PermanentErrorsEndTheCallAtOnce) {
  FakeClock clock;
  GovernorCore core(small_config(), clock.steady_now(), 1);
  GovernorCore::Call call;
  Error e = make_error(ErrorKind::access_denied, "AccessDeniedException", "no");
  EXPECT_EQ(core.after_attempt(QuotaClass::read, clock.steady_now(), call, &e).kind, GovernorCore::Step::Kind::done);
  EXPECT_EQ(e.message, "no");
  EXPECT_EQ(core.snapshot(clock.steady_now()).read.calls.retries, 0u);
  EXPECT_DOUBLE_EQ(core.snapshot(clock.steady_now()).read.rate, 5);  // not a throttle: rate unchanged
}

TEST(GovernorCore, DailyBudgetMakesWritesWaitAndReadsFailReportedOnce) {
  FakeClock clock;
  auto config = small_config();
  config.read.daily = 4;   // share 0.5: 2 reads per 24 h
  config.write.daily = 2;  // 1 write per 24 h
  config.read.per_second = 1000;
  config.write.per_second = 1000;
  GovernorCore core(config, clock.steady_now(), 1);
  std::vector<GovernorEvent> events;
  core.set_event_hook([&](const GovernorEvent& e) { events.push_back(e); });

  ASSERT_EQ(core.admit(QuotaClass::write, clock.steady_now()).kind, Kind::go);
  clock.advance(1s);
  auto w1 = core.admit(QuotaClass::write, clock.steady_now());
  EXPECT_EQ(w1.kind, Kind::wait);
  EXPECT_EQ(w1.wait, 24h + 1min - 1s);
  auto w2 = core.admit(QuotaClass::write, clock.steady_now());
  EXPECT_EQ(w2.kind, Kind::wait);
  ASSERT_EQ(events.size(), 1u) << "reported once, not per call";
  EXPECT_EQ(events[0].kind, GovernorEvent::Kind::daily_budget_exhausted);
  EXPECT_EQ(events[0].cls, QuotaClass::write);
  EXPECT_NE(events[0].message.find("calls wait"), std::string::npos) << events[0].message;
  EXPECT_NE(events[0].message.find("1 calls (50 % of the account's 24 h quota)"), std::string::npos) << events[0].message;

  ASSERT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
  ASSERT_EQ(core.admit(QuotaClass::read, clock.steady_now() + 10ms).kind, Kind::go);
  auto r = core.admit(QuotaClass::read, clock.steady_now() + 20ms);
  ASSERT_EQ(r.kind, Kind::refuse);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->kind, ErrorKind::quota_exceeded);
  EXPECT_FALSE(r.error->retryable);
  EXPECT_EQ(core.admit(QuotaClass::read, clock.steady_now() + 30ms).kind, Kind::refuse);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].cls, QuotaClass::read);
  EXPECT_TRUE(core.snapshot(clock.steady_now()).write.daily_exhausted);

  clock.advance(w1.wait);
  EXPECT_EQ(core.admit(QuotaClass::write, clock.steady_now()).kind, Kind::go);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].kind, GovernorEvent::Kind::daily_budget_available);
  EXPECT_EQ(events[2].cls, QuotaClass::write);
}

TEST(GovernorCore, RetryBudgetOpensAndClosesTheCircuit) {
  FakeClock clock;
  auto config = small_config();
  config.retry_budget = RetryBudget::Params{10, 5, 10, 1};
  GovernorCore core(config, clock.steady_now(), 1);
  std::vector<GovernorEvent> events;
  core.set_event_hook([&](const GovernorEvent& e) { events.push_back(e); });
  const Error server = make_error(ErrorKind::server, "InternalServerException", "boom");

  GovernorCore::Call c1;
  Error e1 = server;
  EXPECT_EQ(core.after_attempt(QuotaClass::read, clock.steady_now(), c1, &e1).kind, GovernorCore::Step::Kind::retry);
  EXPECT_EQ(core.after_attempt(QuotaClass::read, clock.steady_now(), c1, &e1).kind, GovernorCore::Step::Kind::retry);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, GovernorEvent::Kind::circuit_opened);
  EXPECT_TRUE(core.snapshot(clock.steady_now()).circuit_open);

  GovernorCore::Call c2;
  Error e2 = server;
  EXPECT_EQ(core.after_attempt(QuotaClass::read, clock.steady_now(), c2, &e2).kind, GovernorCore::Step::Kind::done);
  EXPECT_NE(e2.message.find("retry budget"), std::string::npos) << e2.message;
  EXPECT_EQ(events.size(), 1u);

  for (int i = 0; i < 5; ++i) {
    GovernorCore::Call ok;
    (void)core.after_attempt(QuotaClass::read, clock.steady_now(), ok, nullptr);
  }
  EXPECT_FALSE(core.snapshot(clock.steady_now()).circuit_open);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, GovernorEvent::Kind::circuit_closed);
}

TEST(GovernorCore, StandardModeNeverAdaptsTheRate) {
  FakeClock clock;
  auto config = small_config();
  config.retry_mode = RetryMode::standard;
  GovernorCore core(config, clock.steady_now(), 1);
  GovernorCore::Call call;
  Error e = throttle();
  (void)core.after_attempt(QuotaClass::read, clock.steady_now(), call, &e);
  EXPECT_DOUBLE_EQ(core.snapshot(clock.steady_now()).read.rate, 5);
  EXPECT_EQ(core.snapshot(clock.steady_now()).read.calls.throttles, 1u);
}

TEST(GovernorCore, AdaptiveModeIsUnpacedUntilTheFirstThrottle) {
  FakeClock clock;
  auto config = small_config();
  config.retry_mode = RetryMode::adaptive;
  GovernorCore core(config, clock.steady_now(), 1);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
  EXPECT_FALSE(core.snapshot(clock.steady_now()).read.paced);
  EXPECT_DOUBLE_EQ(core.snapshot(clock.steady_now()).read.ceiling, 10);  // the full quota, not the share
  GovernorCore::Call call;
  Error e = throttle();
  (void)core.after_attempt(QuotaClass::read, clock.steady_now(), call, &e);
  const auto s = core.snapshot(clock.steady_now());
  EXPECT_TRUE(s.read.paced);
  EXPECT_DOUBLE_EQ(s.read.rate, 7);
  EXPECT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::wait);
}

TEST(GovernorCore, ReconfigureMovesCeilingsAndKeepsUsage) {
  FakeClock clock;
  GovernorCore core(small_config(), clock.steady_now(), 1);
  ASSERT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
  auto config = small_config();
  config.share = 0.2;
  core.reconfigure(config, clock.steady_now());
  const auto s = core.snapshot(clock.steady_now());
  EXPECT_DOUBLE_EQ(s.read.ceiling, 2);
  EXPECT_DOUBLE_EQ(s.read.rate, 2);
  EXPECT_DOUBLE_EQ(s.read.daily_limit, 20'000);
  EXPECT_DOUBLE_EQ(s.read.daily_used, 1);
}

TEST(GovernorConfig, ValidatesAndParsesModes) {
  EXPECT_TRUE(validate(GovernorConfig{}).ok());
  GovernorConfig c;
  c.share = 0;
  auto st = validate(c);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::config);
  EXPECT_NE(st.error().message.find("share"), std::string::npos);
  c = GovernorConfig{};
  c.max_attempts = 0;
  EXPECT_FALSE(validate(c).ok());
  EXPECT_EQ(parse_retry_mode("adaptive"), RetryMode::adaptive);
  EXPECT_EQ(parse_retry_mode("legacy"), RetryMode::standard);
  EXPECT_EQ(parse_retry_mode("pcsyncd"), RetryMode::pcsyncd);
  EXPECT_EQ(parse_retry_mode("fast"), std::nullopt);
}

}  // namespace
}  // namespace pcs::gov

namespace pcs::gov {
namespace {

TEST(GovernorCore, RestoredUsageCountsAgainstTheDailyBudgetUntilItIsADayOld) {
  using Kind = GovernorCore::Admission::Kind;
  FakeClock clock;
  GovernorConfig config;
  config.read = {1000, 10};  // share 0.5: 5 reads per 24 h
  GovernorCore core(config, clock.steady_now(), 1);
  // A previous process spent 4 reads an hour ago.
  core.restore_usage(QuotaClass::read, clock.steady_now() - std::chrono::hours{1}, 4);
  EXPECT_DOUBLE_EQ(core.snapshot(clock.steady_now()).read.daily_used, 4);
  ASSERT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
  EXPECT_EQ(core.admit(QuotaClass::read, clock.steady_now() + std::chrono::seconds{1}).kind, Kind::refuse);
  // 23 h 2 min later the restored calls have left the window.
  clock.advance(std::chrono::hours{23} + std::chrono::minutes{2});
  EXPECT_EQ(core.admit(QuotaClass::read, clock.steady_now()).kind, Kind::go);
}

}  // namespace
}  // namespace pcs::gov

namespace pcs::gov {
namespace {

TEST(GovernorCore, PacedModesStayAMarginUnderTheShareAdaptiveDoesNot) {
  FakeClock clock;
  GovernorConfig config;  // default margin 3 %
  GovernorCore paced(config, clock.steady_now(), 1);
  EXPECT_DOUBLE_EQ(paced.snapshot(clock.steady_now()).write.ceiling, 1 * 0.5 * 0.97);
  EXPECT_DOUBLE_EQ(paced.snapshot(clock.steady_now()).read.ceiling, 10 * 0.5 * 0.97);
  config.retry_mode = RetryMode::adaptive;
  GovernorCore sdk_like(config, clock.steady_now(), 1);
  EXPECT_DOUBLE_EQ(sdk_like.snapshot(clock.steady_now()).read.ceiling, 10);  // the SDK knows no share
}

TEST(GovernorCore, TheCallDeadlineStartsAtTheFirstAttemptAndEndsRetriesThatWouldPassIt) {
  FakeClock clock;
  GovernorConfig config = small_config();
  config.max_attempts = 10;
  config.backoff_base = 1s;
  config.backoff_cap = 1s;
  config.call_timeout = 2500ms;
  GovernorCore core(config, clock.steady_now(), 3);
  GovernorCore::Call call;
  clock.advance(1h);  // waiting before the first attempt does not count
  const auto deadline = core.attempt_deadline(call, clock.steady_now());
  EXPECT_EQ(deadline, clock.steady_now() + 2500ms);
  EXPECT_EQ(core.attempt_deadline(call, clock.steady_now() + 1s), deadline) << "one deadline for the whole call";
  int attempts = 0;
  for (;;) {
    ++attempts;
    Error e = make_error(ErrorKind::server, "InternalServerException", "boom");
    auto step = core.after_attempt(QuotaClass::read, clock.steady_now(), call, &e);
    if (step.kind == GovernorCore::Step::Kind::done) {
      EXPECT_NE(e.message.find("call_timeout"), std::string::npos) << e.message;
      break;
    }
    EXPECT_LT(clock.steady_now() + step.delay, deadline);
    clock.advance(step.delay);
    ASSERT_LT(attempts, 10) << "the deadline never ended the call";
  }
  EXPECT_LE(clock.steady_now(), deadline);
}

TEST(GovernorCore, NoCallTimeoutMeansNoDeadline) {
  FakeClock clock;
  GovernorCore core(small_config(), clock.steady_now(), 1);
  GovernorCore::Call call;
  EXPECT_EQ(core.attempt_deadline(call, clock.steady_now()), SteadyTime::max());
}

TEST(GovernorCore, AClockOrTokenCorrectionIsRetriedOnceAtOnceWithoutRetryBudget) {
  FakeClock clock;
  GovernorConfig config = small_config();
  config.max_attempts = 1;  // a correction is not a retry: it happens even with one attempt allowed
  GovernorCore core(config, clock.steady_now(), 1);
  const double budget = core.snapshot(clock.steady_now()).retry_budget;
  for (auto kind : {ErrorKind::clock_skew, ErrorKind::expired_token}) {
    GovernorCore::Call call;
    Error first = make_error(kind, "InvalidSignatureException", "Signature expired");
    auto step = core.after_attempt(QuotaClass::read, clock.steady_now(), call, &first);
    EXPECT_EQ(step.kind, GovernorCore::Step::Kind::retry);
    EXPECT_EQ(step.delay, 0ns);
    Error second = first;
    EXPECT_EQ(core.after_attempt(QuotaClass::read, clock.steady_now(), call, &second).kind,
              GovernorCore::Step::Kind::done);
  }
  EXPECT_DOUBLE_EQ(core.snapshot(clock.steady_now()).retry_budget, budget);
}

}  // namespace
}  // namespace pcs::gov
