#include <gtest/gtest.h>

#include "governor/daily_pacing.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;

PacingInput base() {
  PacingInput in;
  in.daily_limit = 50'000;  // half of 100,000 reads per 24 h
  in.remaining = 50'000;
  in.time_left = 24h;
  in.reads_per_cycle = 5;
  in.reserve_fraction = 0.1;  // 45,000 spendable
  return in;
}

TEST(DailyPacing, SustainedIntervalSpreadsTheBudgetOverTheWindow) {
  EXPECT_EQ(min_poll_interval(base()), 9600ms);  // 86,400 s x 5 / 45,000
}

TEST(DailyPacing, CatchUpWhenLittleIsLeft) {
  auto in = base();
  in.remaining = 10'000;  // 5,000 above the reserve
  in.time_left = 12h;
  EXPECT_EQ(min_poll_interval(in), 43200ms);  // 43,200 s x 5 / 5,000
}

TEST(DailyPacing, NothingSpendableWaitsForTheRefill) {
  auto in = base();
  in.remaining = 5'002;  // 2 above the reserve, less than one cycle
  in.time_left = 3h;
  EXPECT_EQ(min_poll_interval(in), 3h);
  in.time_left = 0ns;
  EXPECT_EQ(min_poll_interval(in), 24h);
}

TEST(DailyPacing, ConfiguredMinimumWins) {
  auto in = base();
  in.min_interval = 5min;
  EXPECT_EQ(min_poll_interval(in), 5min);
}

TEST(DailyPacing, NoReadsNoLimit) {
  auto in = base();
  in.reads_per_cycle = 0;
  EXPECT_EQ(min_poll_interval(in), 0ns);
}

TEST(DailyPacing, IntervalGrowsWithReadsPerCycle) {
  auto in = base();
  in.reads_per_cycle = 10;
  EXPECT_EQ(min_poll_interval(in), 19200ms);
}

}  // namespace
}  // namespace pcs::gov
