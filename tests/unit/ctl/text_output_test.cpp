// Ages, durations and the JSON writer of pcsyncctl (pure).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "json_output.hpp"
#include "text_output.hpp"

namespace pcs::ctl {
namespace {

using namespace std::chrono_literals;

TEST(FormatAge, OneUnitRoundedDown) {
  const WallTime now{std::chrono::seconds{1'700'000'000}};
  EXPECT_EQ(format_age(now, now), "just now");
  EXPECT_EQ(format_age(now - 45s, now), "45 s ago");
  EXPECT_EQ(format_age(now - 89s, now), "89 s ago");
  EXPECT_EQ(format_age(now - 3min - 59s, now), "3 min ago");
  EXPECT_EQ(format_age(now - 89min, now), "89 min ago");
  EXPECT_EQ(format_age(now - 90min, now), "1 h ago");
  EXPECT_EQ(format_age(now - 47h, now), "47 h ago");
  EXPECT_EQ(format_age(now - 48h, now), "2 d ago");
  EXPECT_EQ(format_age(now - 24h * 400, now), "400 d ago");
  EXPECT_EQ(format_age(now + 5s, now), "in 5 s");  // a clock ahead of this one
}

TEST(FormatDuration, AtMostTwoUnits) {
  EXPECT_EQ(format_duration(0s), "0 s");
  EXPECT_EQ(format_duration(45s), "45 s");
  EXPECT_EQ(format_duration(15min), "15 min");
  EXPECT_EQ(format_duration(4min + 30s), "4 min 30 s");
  EXPECT_EQ(format_duration(1h + 30min + 10s), "1 h 30 min");
  EXPECT_EQ(format_duration(1h + 5s), "1 h");
  EXPECT_EQ(format_duration(3 * 24h + 4h), "3 d 4 h");
}

TEST(JsonText, DoublesInPlainNotationIntegersAsIntegers) {
  boost::json::object o;
  o["Budget"] = std::int64_t{100000};
  o["Spend"] = 7500.5;
  o["Whole"] = 100000.0;
  o["Small"] = 0.125;
  o["Infinite"] = std::numeric_limits<double>::infinity();
  o["Text"] = "a\"b\n";
  const std::string compact = json_text(o, JsonStyle::compact);
  EXPECT_EQ(compact,
            R"({"Budget":100000,"Spend":7500.5,"Whole":100000,"Small":0.125,"Infinite":null,"Text":"a\"b\n"})" "\n");
  EXPECT_EQ(compact.find('E'), std::string::npos);
  const auto back = boost::json::parse(compact);
  EXPECT_EQ(back.at("Spend").as_double(), 7500.5);
}

TEST(JsonText, PrettyIndentsByTwoAndKeepsEmptyContainersShort) {
  const auto v = boost::json::parse(R"({"A":[1,{"B":null}],"C":{},"D":[]})");
  EXPECT_EQ(json_text(v, JsonStyle::pretty),
            "{\n  \"A\": [\n    1,\n    {\n      \"B\": null\n    }\n  ],\n  \"C\": {},\n  \"D\": []\n}\n");
}

}  // namespace
}  // namespace pcs::ctl
