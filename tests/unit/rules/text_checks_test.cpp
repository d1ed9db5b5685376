#include <gtest/gtest.h>

#include <string>

#include "rules/text_checks.hpp"

namespace pcs::rules {
namespace {

TEST(RejectionReason, AcceptsPrintableUpTo80Characters) {
  EXPECT_EQ(check_rejection_reason("Outside our focus area"), "");
  EXPECT_EQ(check_rejection_reason(std::string(80, 'x')), "");
  // 80 characters of two-byte UTF-8 (160 bytes) still fit: the limit counts characters.
  std::string accented;
  for (int i = 0; i < 80; ++i) accented += "\xC3\xA9";  // é
  EXPECT_EQ(check_rejection_reason(accented), "");
}

TEST(RejectionReason, RejectsEmptyTooLongControlAndBadUtf8) {
  EXPECT_NE(check_rejection_reason(""), "");
  EXPECT_NE(check_rejection_reason(std::string(81, 'x')).find("81"), std::string::npos);
  EXPECT_NE(check_rejection_reason("tab\there"), "");
  EXPECT_NE(check_rejection_reason("line\nbreak"), "");
  EXPECT_NE(check_rejection_reason("\xC3"), "");              // truncated sequence
  EXPECT_NE(check_rejection_reason("\xC0\xAF"), "");          // overlong '/'
  EXPECT_NE(check_rejection_reason("\xF0\x9F\x98\x80"), "");  // U+1F600 is outside the allowed ranges
  EXPECT_NE(check_rejection_reason("\xC2\x85"), "");          // U+0085, a C1 control
}

TEST(Tags, KeyAndValueFollowTheModelPattern) {
  EXPECT_EQ(check_tag_key("source"), "");
  EXPECT_EQ(check_tag_key("team/area:sub_1 = x+y-z@w."), "");
  EXPECT_EQ(check_tag_key("caf\xC3\xA9"), "");  // Latin letter
  EXPECT_EQ(check_tag_value(""), "");          // values may be empty
  EXPECT_NE(check_tag_key(""), "");             // keys may not
  EXPECT_NE(check_tag_key("a,b"), "");
  EXPECT_NE(check_tag_key("semi;colon"), "");
  EXPECT_NE(check_tag_value("quote\""), "");
  EXPECT_NE(check_tag_value("\xC3\x97"), "");  // U+00D7 multiplication sign is a symbol
  EXPECT_EQ(check_tag_key(std::string(128, 'k')), "");
  EXPECT_NE(check_tag_key(std::string(129, 'k')), "");
  EXPECT_EQ(check_tag_value(std::string(256, 'v')), "");
  EXPECT_NE(check_tag_value(std::string(257, 'v')), "");
}

}  // namespace
}  // namespace pcs::rules
