#include "notify/delivery_policy.hpp"

#include <gtest/gtest.h>

namespace pcs::notify {
namespace {

using namespace std::chrono_literals;

const WallTime kCreated = WallTime{} + std::chrono::hours{24 * 365 * 50};

TEST(DeliveryPolicy, BacksOffExponentiallyWithJitterUpToTheCap) {
  DeliveryPolicy p;
  // jitter 0 gives half the delay, jitter -> 1 the whole delay.
  EXPECT_EQ(*next_attempt_at(p, 1, kCreated, kCreated, 0.0) - kCreated, 5s);
  EXPECT_EQ(*next_attempt_at(p, 2, kCreated, kCreated, 0.0) - kCreated, 10s);
  EXPECT_EQ(*next_attempt_at(p, 3, kCreated, kCreated, 0.0) - kCreated, 20s);
  EXPECT_EQ(*next_attempt_at(p, 3, kCreated, kCreated, 0.5) - kCreated, 30s);
  EXPECT_EQ(*next_attempt_at(p, 11, kCreated, kCreated, 0.0) - kCreated, 15min) << "capped at max_retry (30 min)";
}

TEST(DeliveryPolicy, GivesUpAfterMaxAttemptsOrMaxAge) {
  DeliveryPolicy p;
  EXPECT_FALSE(next_attempt_at(p, p.max_attempts, kCreated, kCreated, 0.0).has_value());
  EXPECT_TRUE(next_attempt_at(p, p.max_attempts - 1, kCreated, kCreated, 0.0).has_value());
  EXPECT_FALSE(next_attempt_at(p, 1, kCreated, kCreated + 24h, 0.0).has_value()) << "too old";
  EXPECT_FALSE(next_attempt_at(p, 10, kCreated, kCreated + 23h + 50min, 0.99).has_value())
      << "the retry would fall past max_age";
}

}  // namespace
}  // namespace pcs::notify
