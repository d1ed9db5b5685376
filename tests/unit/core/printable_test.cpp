#include "core/printable.hpp"

#include <gtest/gtest.h>

namespace pcs {
namespace {

TEST(Printable, KeepsOrdinaryTextAndUnicode) {
  EXPECT_EQ(printable("Example Corp"), "Example Corp");
  EXPECT_EQ(printable("Émile Corp — 東京"), "Émile Corp — 東京");
  EXPECT_EQ(printable(""), "");
}

TEST(Printable, EscapesLineBreaksAndTerminalControls) {
  // A forged log line and an ANSI colour escape stay on one visible line.
  EXPECT_EQ(printable("ok\n2026-12-02 [info] accepted engi-x"), "ok\\n2026-12-02 [info] accepted engi-x");
  EXPECT_EQ(printable("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(printable("a\rb\tc\x7f"), "a\\rb\\tc\\x7f");
  EXPECT_EQ(printable("\xc2\x9b" "2J"), "\\xc2\\x9b2J");  // U+009B, the C1 control sequence introducer
}

TEST(Printable, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(printable("a\xff" "b"), "a\\xffb");
  EXPECT_EQ(printable("\xc3"), "\\xc3");                  // truncated sequence
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");          // overlong '/'
}

TEST(Printable, CutsLongTextAtACharacterBoundary) {
  EXPECT_EQ(printable(std::string(300, 'a'), 5), "aaaaa…");
  EXPECT_EQ(printable("ééééé", 3), "ééé…");
  EXPECT_EQ(printable("abc", 3), "abc");
  const std::string huge(2'000'000, 'x');
  EXPECT_EQ(printable(huge).size(), kPrintableDefaultLimit + std::string("…").size());
}

}  // namespace
}  // namespace pcs

namespace pcs {
namespace {

// is_printable(text) is printable(text) == text, without building the copy.
TEST(IsPrintable, AgreesWithPrintable) {
  for (std::string_view text : {std::string_view("engi-1b8x2ozobvks9"), std::string_view(""),
                                std::string_view("Émile Corp"), std::string_view("a\nb"), std::string_view("\x1b[31m"),
                                std::string_view("\xc3"), std::string_view("\xc2\x85"), std::string_view("tab\there"),
                                std::string_view("del\x7f"), std::string_view("\xe2\x80\xa8")}) {
    EXPECT_EQ(is_printable(text), printable(text, text.size() + 1) == text) << printable(text);
  }
}

}  // namespace
}  // namespace pcs
