#include <gtest/gtest.h>

#include "governor/rolling_budget.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;

TEST(RollingBudget, CountsUseAndRefusesBeyondTheLimit) {
  FakeClock clock;
  RollingBudget b(3);
  EXPECT_EQ(b.remaining(clock.steady_now()), 3);
  EXPECT_TRUE(b.try_take(clock.steady_now()));
  EXPECT_TRUE(b.try_take(clock.steady_now(), 2));
  EXPECT_FALSE(b.try_take(clock.steady_now()));
  EXPECT_EQ(b.used(clock.steady_now()), 3);
  EXPECT_EQ(b.remaining(clock.steady_now()), 0);
}

TEST(RollingBudget, UnitsExpireOneWindowAfterTheirBucketEnds) {
  FakeClock clock;  // steady time starts at exactly 1 h: a minute boundary
  RollingBudget b(10);
  clock.advance(30s);  // middle of a bucket
  ASSERT_TRUE(b.try_take(clock.steady_now(), 10));
  const auto bucket_end = clock.steady_now() + 30s;
  clock.advance(24h);  // 24 h after the call, but not yet after its bucket ended
  EXPECT_EQ(b.used(clock.steady_now()), 10);
  EXPECT_FALSE(b.try_take(clock.steady_now()));
  auto when = b.when_available(clock.steady_now());
  ASSERT_TRUE(when.has_value());
  EXPECT_EQ(*when, bucket_end + 24h);
  clock.advance(*when - clock.steady_now());
  EXPECT_EQ(b.used(clock.steady_now()), 0);
  EXPECT_TRUE(b.try_take(clock.steady_now(), 10));
}

TEST(RollingBudget, WhenAvailableWalksOldestBucketsFirst) {
  FakeClock clock;
  RollingBudget b(5);
  const auto t0 = clock.steady_now();
  ASSERT_TRUE(b.try_take(t0, 2));
  clock.advance(10min);
  ASSERT_TRUE(b.try_take(clock.steady_now(), 3));
  EXPECT_EQ(b.when_available(clock.steady_now(), 1), t0 + 1min + 24h);
  EXPECT_EQ(b.when_available(clock.steady_now(), 2), t0 + 1min + 24h);
  EXPECT_EQ(b.when_available(clock.steady_now(), 3), t0 + 11min + 24h);
  EXPECT_EQ(b.when_available(clock.steady_now(), 6), std::nullopt);  // more than the limit: never
  EXPECT_EQ(b.when_available(clock.steady_now(), 0), clock.steady_now());
}

TEST(RollingBudget, RecordsInThePastForRestoreAfterRestart) {
  FakeClock clock;
  clock.advance(48h);
  RollingBudget b(100);
  b.record(clock.steady_now() - 23h, 40);  // still inside the window
  b.record(clock.steady_now() - 25h, 50);  // already out of it
  EXPECT_EQ(b.used(clock.steady_now()), 40);
  clock.advance(1h + 1min);
  EXPECT_EQ(b.used(clock.steady_now()), 0);
}

TEST(RollingBudget, LimitChangesApplyToExistingUse) {
  FakeClock clock;
  RollingBudget b(10);
  ASSERT_TRUE(b.try_take(clock.steady_now(), 8));
  b.set_limit(5);
  EXPECT_EQ(b.remaining(clock.steady_now()), 0);
  EXPECT_FALSE(b.try_take(clock.steady_now()));
}

TEST(RollingBudget, ManyCallsStayInBoundedBuckets) {
  FakeClock clock;
  RollingBudget b(100'000);
  for (int i = 0; i < 50'000; ++i) {
    ASSERT_TRUE(b.try_take(clock.steady_now()));
    clock.advance(2s);  // ~27.8 h of steady use at 0.5/s
  }
  // After more than a day, only the last 24 h (+ at most one bucket) count.
  EXPECT_LE(b.used(clock.steady_now()), 24 * 1800 + 30);
  EXPECT_GE(b.used(clock.steady_now()), 24 * 1800 - 30);
}

}  // namespace
}  // namespace pcs::gov
