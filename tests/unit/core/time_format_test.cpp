#include <gtest/gtest.h>

#include "core/time_format.hpp"

#include <limits>

namespace pcs {
using namespace std::chrono;

TEST(TimeFormat, Iso8601RoundTrip) {
  auto t = parse_iso8601("2015-08-30T12:36:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2015-08-30T12:36:00Z");
  EXPECT_EQ(format_amz_date(*t), "20150830T123600Z");
  EXPECT_EQ(format_date_stamp(*t), "20150830");
}

TEST(TimeFormat, Iso8601FractionsAndOffsets) {
  auto a = parse_iso8601("2024-02-29T23:59:59.123456Z");
  ASSERT_TRUE(a);
  EXPECT_EQ(format_iso8601(*a, true), "2024-02-29T23:59:59.123Z");
  auto b = parse_iso8601("2024-03-01T01:00:00+02:00");
  ASSERT_TRUE(b);
  EXPECT_EQ(format_iso8601(*b), "2024-02-29T23:00:00Z");
}

TEST(TimeFormat, Iso8601RejectsMalformed) {
  for (const char* bad : {"", "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01 00:00", "2024-01-01T00:00:00",
                          "2024-01-01T00:00:00.Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00Zjunk", "yesterday"})
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
}

TEST(TimeFormat, DateAndHttpDate) {
  auto d = parse_date("2025-12-31");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_iso8601(*d), "2025-12-31T00:00:00Z");
  EXPECT_FALSE(parse_date("2025-12-32"));
  auto h = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  ASSERT_TRUE(h);
  EXPECT_EQ(format_http_date(*h), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_EQ(parse_amz_date("20150830T123600Z"), parse_iso8601("2015-08-30T12:36:00Z"));
}

TEST(TimeFormat, DatesWallTimeCannotHoldAreRefusedNotWrapped) {
  // 64-bit nanoseconds hold 1677..2262: a year 9999 or 0001 from outside used to overflow (undefined behaviour)
  // into an arbitrary time; now every parser refuses it.
  for (const char* bad : {"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2201-01-01T00:00:00Z", "1699-12-31T23:59:59Z"})
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  EXPECT_FALSE(parse_date("9999-12-31"));
  EXPECT_FALSE(parse_amz_date("99991231T000000Z"));
  EXPECT_FALSE(parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"));
  auto last = parse_iso8601("2200-12-31T23:59:59Z");
  ASSERT_TRUE(last);
  EXPECT_EQ(format_iso8601(*last), "2200-12-31T23:59:59Z");
  auto first = parse_iso8601("1700-01-01T00:00:00Z");
  ASSERT_TRUE(first);
  EXPECT_EQ(format_iso8601(*first), "1700-01-01T00:00:00Z");
}

TEST(TimeFormat, EpochSecondsWithinTheSameYears) {
  auto t = from_epoch_seconds(1'700'000'000.5);
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t, true), "2023-11-14T22:13:20.500Z");
  EXPECT_EQ(from_epoch_seconds(-1e9), parse_iso8601("1938-04-24T22:13:20Z"));
  for (double bad : {1e300, -1e300, 7.3e9, -8.6e9, std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()})
    EXPECT_FALSE(from_epoch_seconds(bad)) << bad;
}

}  // namespace pcs
