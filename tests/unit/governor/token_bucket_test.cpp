#include <gtest/gtest.h>

#include "governor/token_bucket.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucket, StartsFullAndServesTheBurstAtOnce) {
  FakeClock clock;
  TokenBucket b(2.0, 3.0);
  EXPECT_TRUE(b.try_take(clock.steady_now()));
  EXPECT_TRUE(b.try_take(clock.steady_now()));
  EXPECT_TRUE(b.try_take(clock.steady_now()));
  EXPECT_FALSE(b.try_take(clock.steady_now()));
}

TEST(TokenBucket, RefillsAtTheRateAndNeverAboveTheBurst) {
  FakeClock clock;
  TokenBucket b(2.0, 3.0);
  ASSERT_TRUE(b.try_take(clock.steady_now(), 3));
  clock.advance(499ms);
  EXPECT_FALSE(b.try_take(clock.steady_now()));
  clock.advance(1ms);
  EXPECT_TRUE(b.try_take(clock.steady_now()));
  clock.advance(1h);
  EXPECT_DOUBLE_EQ(b.tokens(clock.steady_now()), 3.0);
  EXPECT_TRUE(b.try_take(clock.steady_now(), 3));
  EXPECT_FALSE(b.try_take(clock.steady_now(), 0.5));
}

TEST(TokenBucket, WaitTimeIsExactAndSufficient) {
  FakeClock clock;
  TokenBucket b(0.5, 1.0);  // the default write share: one call every 2 s
  ASSERT_TRUE(b.try_take(clock.steady_now()));
  EXPECT_EQ(b.wait_time(clock.steady_now()), 2s);
  clock.advance(500ms);
  EXPECT_EQ(b.wait_time(clock.steady_now()), 1500ms);
  clock.advance(b.wait_time(clock.steady_now()));
  EXPECT_EQ(b.wait_time(clock.steady_now()), 0ns);
  EXPECT_TRUE(b.try_take(clock.steady_now()));
}

TEST(TokenBucket, WaitTimeRoundsUpOddRates) {
  FakeClock clock;
  TokenBucket b(3.0, 1.0);
  ASSERT_TRUE(b.try_take(clock.steady_now()));
  const auto w = b.wait_time(clock.steady_now());
  EXPECT_EQ(w, 333'333'334ns);
  clock.advance(w);
  EXPECT_TRUE(b.try_take(clock.steady_now()));
}

TEST(TokenBucket, MoreThanTheBurstIsNeverAvailable) {
  FakeClock clock;
  TokenBucket b(10.0, 2.0);
  EXPECT_EQ(b.wait_time(clock.steady_now(), 3), std::chrono::nanoseconds::max());
  EXPECT_FALSE(b.try_take(clock.steady_now(), 3));
}

TEST(TokenBucket, SetRateWithTimeRefillsAtTheOldRateFirst) {
  FakeClock clock;
  TokenBucket b(1.0, 10.0);
  ASSERT_TRUE(b.try_take(clock.steady_now(), 10));
  clock.advance(2s);                         // 2 tokens at the old rate
  b.set_rate(0.1, clock.steady_now());
  EXPECT_DOUBLE_EQ(b.rate(), 0.1);
  EXPECT_NEAR(b.tokens(clock.steady_now()), 2.0, 1e-9);
  clock.advance(10s);                        // 1 more token at the new rate
  EXPECT_NEAR(b.tokens(clock.steady_now()), 3.0, 1e-9);
}

TEST(TokenBucket, TimeGoingBackwardsRefillsNothing) {
  FakeClock clock;
  TokenBucket b(1.0, 1.0);
  const auto t0 = clock.steady_now();
  ASSERT_TRUE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0 - 10s));
  EXPECT_EQ(b.wait_time(t0), 1s);
}

TEST(TokenBucket, NonPositiveRateIsClampedNotDividedBy) {
  FakeClock clock;
  TokenBucket b(0.0, 1.0);
  ASSERT_TRUE(b.try_take(clock.steady_now()));
  EXPECT_GT(b.rate(), 0.0);
  EXPECT_GT(b.wait_time(clock.steady_now()), 1h);
}

}  // namespace
}  // namespace pcs::gov
