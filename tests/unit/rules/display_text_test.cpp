#include <gtest/gtest.h>

#include <string>

#include "rules/display_text.hpp"

namespace pcs::rules {
namespace {

TEST(DisplayText, ShortPrintableTextIsUnchanged) {
  EXPECT_EQ(display_text("Cloud migration"), "Cloud migration");
  EXPECT_EQ(display_text("Émile Corp — 東京"), "Émile Corp — 東京");
  EXPECT_EQ(display_text(""), "");
  EXPECT_EQ(display_text(std::string(80, 'x')), std::string(80, 'x'));
}

TEST(DisplayText, EscapesControlCharactersSoAReasonStaysOneLine) {
  EXPECT_EQ(display_text("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(display_text("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(display_text(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(display_text("del\x7f"), "del\\x7f");
  EXPECT_EQ(display_text("c1\xC2\x85next\xC2\x9b"), "c1\\u0085next\\u009b");  // NEL, CSI
  EXPECT_EQ(display_text("line\xE2\x80\xA8sep"), "line\\u2028sep");
  EXPECT_EQ(display_text("\xC2\xA0nbsp"), "\xC2\xA0nbsp");  // U+00A0 is printable, not C1
}

TEST(DisplayText, EscapesInvalidUtf8ByteByByte) {
  EXPECT_EQ(display_text("caf\xC3"), "caf\\xc3");
  EXPECT_EQ(display_text("\xFF\xFE" "ok"), "\\xff\\xfeok");
  EXPECT_EQ(display_text("\xC0\xAF"), "\\xc0\\xaf");      // overlong '/'
  EXPECT_EQ(display_text("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // surrogate
}

TEST(DisplayText, CapsAtEightyCharactersOnCharacterBoundaries) {
  EXPECT_EQ(display_text(std::string(81, 'x')), std::string(80, 'x') + "…");
  EXPECT_EQ(display_text(std::string(1'000'000, 'x')), std::string(80, 'x') + "…");
  // 81 two-byte characters: cut after 80 characters (160 bytes), never inside one.
  std::string accents;
  for (int i = 0; i < 81; ++i) accents += "é";
  std::string expected;
  for (int i = 0; i < 80; ++i) expected += "é";
  EXPECT_EQ(display_text(accents), expected + "…");
  // An escape is never split: 79 characters then "\n" (2) would pass 80.
  EXPECT_EQ(display_text(std::string(79, 'x') + "\n"), std::string(79, 'x') + "…");
  EXPECT_EQ(display_text(std::string(78, 'x') + "\n"), std::string(78, 'x') + "\\n");
  EXPECT_EQ(display_text("abcdef", 3), "abc…");
  EXPECT_EQ(display_text("a\nb", std::string::npos), "a\\nb");
}

}  // namespace
}  // namespace pcs::rules
