#include <gtest/gtest.h>

#include <cstring>
#include <limits>

#include "core/time_format.hpp"

namespace pcs {
using namespace std::chrono;

TEST(TimeFormat, Iso8601RoundTrip) {
  auto t = parse_iso8601("2015-08-30T12:36:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2015-08-30T12:36:00Z");
  EXPECT_EQ(format_amz_date(*t), "20150830T123600Z");
  EXPECT_EQ(format_date_stamp(*t), "20150830");
}

// The buffer form the store binds: the same text, NUL-terminated, with and without milliseconds, up to the
// earliest time WallTime holds.
TEST(TimeFormat, Iso8601TextIsTheFormattedTextNulTerminated) {
  for (const char* text : {"2024-05-01T12:34:56.789Z", "1970-01-01T00:00:00.000Z", "1678-01-03T00:00:00.000Z"}) {
    const WallTime t = *parse_iso8601(text);
    for (bool millis : {false, true}) {
      const Iso8601Text buffer = iso8601_text(t, millis);
      EXPECT_EQ(buffer.view(), format_iso8601(t, millis));
      EXPECT_EQ(std::strlen(buffer.text), buffer.size);
    }
  }
  EXPECT_EQ(iso8601_text(*parse_iso8601("2024-05-01T12:34:56.789Z")).view(), "2024-05-01T12:34:56Z");
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

// Found by fuzzing (tests/fuzz/regressions/json_credentials, .../config_loader): a year past 2261 or before 1678
// overflowed WallTime's 64-bit nanoseconds (undefined behaviour). Such times now saturate a little inside its
// range: they still compare as far away, and still format.
TEST(TimeFormat, YearsWallTimeCannotHoldSaturate) {
  const auto latest = parse_iso8601("9999-12-31T23:59:59Z");
  const auto earliest = parse_iso8601("1015-01-01T00:00:00.123+02:00");
  ASSERT_TRUE(latest && earliest);
  EXPECT_GT(*latest, *parse_iso8601("2261-01-01T00:00:00Z"));
  EXPECT_LT(*earliest, *parse_iso8601("1679-01-01T00:00:00Z"));
  EXPECT_EQ(parse_iso8601("4053-01-01T00:00:00.999-23:59"), latest);  // fractions and offsets stay saturated
  EXPECT_EQ(parse_date("9999-12-31"), latest);
  EXPECT_EQ(parse_date("0000-01-01"), earliest);
  EXPECT_EQ(parse_amz_date("99991231T235959Z"), latest);
  EXPECT_EQ(parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"), latest);
  EXPECT_EQ(format_iso8601(*latest).substr(0, 5), "2262-");
  EXPECT_EQ(format_iso8601(*earliest).substr(0, 5), "1677-");
  EXPECT_EQ(format_amz_date(*latest).size(), 16u);
}

// Found by fuzzing (tests/fuzz/regressions/decode_list_engagement_invitations): awsJson's epoch seconds as a
// double were cast to nanoseconds unchecked; 1e300 is undefined behaviour.
TEST(TimeFormat, EpochSecondsSaturateToo) {
  EXPECT_EQ(format_iso8601(from_epoch_seconds(1740823200.5), true), "2025-03-01T10:00:00.500Z");
  EXPECT_EQ(from_epoch_seconds(1e300), *parse_iso8601("9999-12-31T23:59:59Z"));
  EXPECT_EQ(from_epoch_seconds(-1e300), *parse_iso8601("0000-01-01T00:00:00Z"));
  EXPECT_EQ(from_epoch_seconds(9.3e9), from_epoch_seconds(1e300));
  EXPECT_EQ(from_epoch_seconds(std::numeric_limits<double>::quiet_NaN()), WallTime{});
}

}  // namespace pcs
