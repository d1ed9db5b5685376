#include <gtest/gtest.h>

#include "rules/duration.hpp"

namespace pcs::rules {
namespace {

using std::chrono::seconds;

TEST(Duration, Table) {
  struct Row {
    const char* text;
    long long seconds;
  };
  const Row rows[] = {
      {"30s", 30}, {"5m", 300}, {"1h", 3600}, {"1h30m", 5400}, {"90d", 90 * 86400},
      {"1d2h3m4s", 86400 + 7200 + 180 + 4}, {"0s", 0}, {"10s", 10}, {"120m", 7200}, {"2h0m", 7200},
  };
  for (const Row& r : rows) {
    auto d = parse_duration(r.text);
    ASSERT_TRUE(d.has_value()) << r.text;
    EXPECT_EQ(d->count(), r.seconds) << r.text;
  }
}

TEST(Duration, RejectsWhatItWouldHaveToGuess) {
  for (const char* bad : {"", "5", "5x", "1.5h", "-5m", "5 m", " 5m", "5m ", "30m1h", "1h1h", "m", "1H", "5min",
                          "99999999999999999999s", "4000d"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

TEST(Duration, FormatsShortestAndRoundTrips) {
  EXPECT_EQ(format_duration(seconds{5400}), "1h30m");
  EXPECT_EQ(format_duration(seconds{0}), "0s");
  EXPECT_EQ(format_duration(seconds{90 * 86400}), "90d");
  EXPECT_EQ(format_duration(seconds{86400 + 1}), "1d1s");
  for (long long s : {1LL, 59LL, 61LL, 3599LL, 3601LL, 86399LL, 200000LL}) {
    EXPECT_EQ(parse_duration(format_duration(seconds{s}))->count(), s);
  }
}

}  // namespace
}  // namespace pcs::rules
