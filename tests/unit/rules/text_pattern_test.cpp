#include <gtest/gtest.h>

#include <string>

#include "rules/text_pattern.hpp"

namespace pcs::rules {
namespace {

TextPattern must_regex(const std::string& pattern) {
  auto p = TextPattern::regex(pattern);
  EXPECT_TRUE(p.ok()) << pattern << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? p.value() : TextPattern{};
}

TextPattern must_literal(const std::string& text, TextPattern::Extent extent, TextPattern::Case letter_case) {
  auto p = TextPattern::literal(text, extent, letter_case);
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? p.value() : TextPattern{};
}

// std::regex took minutes on these (exponential backtracking) or overflowed the stack (one recursion per
// character); RE2 answers in one linear pass. The test asserts the answers: a hang fails by ctest's timeout.
TEST(TextPattern, CatastrophicBacktrackingPatternsAnswerInLinearTime) {
  TextPattern nested = must_regex("(a+)+$");
  EXPECT_FALSE(nested.matches(std::string(36, 'a') + "!"));
  EXPECT_FALSE(nested.matches(std::string(100'000, 'a') + "!"));
  EXPECT_TRUE(nested.matches(std::string(100'000, 'a')));

  TextPattern alternation = must_regex("(a|b)*c");
  std::string ab;
  for (int i = 0; i < 50'000; ++i) ab += "ab";
  ASSERT_EQ(ab.size(), 100'000u);
  EXPECT_FALSE(alternation.matches(ab));
  EXPECT_TRUE(alternation.matches(ab + "c"));
  EXPECT_TRUE(must_regex("^(a|b)*c$").matches(ab + "c"));
  EXPECT_FALSE(must_regex("^(a|b)*c$").matches(ab + "xc"));
}

TEST(TextPattern, RegexIsAnUnanchoredSearchWithRe2Flags) {
  EXPECT_TRUE(must_regex("migr").matches("Cloud migration"));
  EXPECT_FALSE(must_regex("^migr").matches("Cloud migration"));
  EXPECT_TRUE(must_regex("(?i)^émile").matches("Émile Corp"));
  EXPECT_FALSE(must_regex("^émile").matches("Émile Corp"));
  EXPECT_TRUE(must_regex("(?i:CLOUD) migration").matches("cloud migration"));
  EXPECT_FALSE(must_regex("(?i:CLOUD) MIGRATION").matches("cloud migration"));
  EXPECT_TRUE(must_regex("(?s)a.b").matches("a\nb"));
  EXPECT_FALSE(must_regex("a.b").matches("a\nb"));
  EXPECT_TRUE(must_regex("(?m)^b$").matches("a\nb\nc"));
  EXPECT_TRUE(must_regex("^\\p{Lu}").matches("Émile"));
  EXPECT_FALSE(TextPattern{}.matches("anything"));
}

TEST(TextPattern, RefusesWhatRe2CannotCompileWithItsMessage) {
  struct Row {
    std::string pattern, fragment;
  };
  for (const Row& row : {Row{"(a)\\1", "invalid escape sequence: \\1"}, Row{"(?=x)", "(?="}, Row{"(?<=x)y", "(?<"},
                         Row{"(unclosed", "missing )"}, Row{"a{1001}", "repetition"}, Row{"\\pL{1000}", "too large"}}) {
    auto p = TextPattern::regex(row.pattern);
    ASSERT_FALSE(p.ok()) << row.pattern;
    EXPECT_EQ(p.error().code, "InvalidPattern") << row.pattern;
    EXPECT_NE(p.error().message.find(row.fragment), std::string::npos) << row.pattern << ": " << p.error().message;
  }
}

TEST(TextPattern, RefusesOverlongPatternsBeforeRe2SeesThem) {
  auto nested = TextPattern::regex(std::string(20'000, '(') + "a" + std::string(20'000, ')'));
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().code, "PatternTooLong");
  EXPECT_NE(nested.error().message.find("40001 bytes long; the limit is 1000"), std::string::npos) << nested.error().message;

  auto literal = TextPattern::literal(std::string(200'000, 'x'), TextPattern::Extent::anywhere, TextPattern::Case::fold);
  ASSERT_FALSE(literal.ok());
  EXPECT_EQ(literal.error().code, "PatternTooLong");

  // At the limit both still compile, including RE2's deepest nesting at this length.
  EXPECT_TRUE(TextPattern::regex(std::string(kMaxPatternBytes, 'a')).ok());
  EXPECT_TRUE(TextPattern::regex(std::string(499, '(') + "ab" + std::string(499, ')')).ok());
  EXPECT_FALSE(TextPattern::regex(std::string(kMaxPatternBytes + 1, 'a')).ok());
  EXPECT_TRUE(TextPattern::literal(std::string(kMaxPatternBytes, 'a'), TextPattern::Extent::whole, TextPattern::Case::fold).ok());
}

TEST(TextPattern, LiteralsFoldUnicodeCase) {
  using E = TextPattern::Extent;
  using C = TextPattern::Case;
  TextPattern equals = must_literal("émile", E::whole, C::fold);
  EXPECT_TRUE(equals.matches("Émile"));
  EXPECT_TRUE(equals.matches("ÉMILE"));
  EXPECT_FALSE(equals.matches("Émile Corp"));  // whole value only
  EXPECT_FALSE(equals.matches("emile"));       // folding is not accent stripping
  EXPECT_TRUE(must_literal("ΣΟΦΊΑ", E::whole, C::fold).matches("σοφία"));
  EXPECT_TRUE(must_literal("straße", E::whole, C::fold).matches("STRAẞE"));

  TextPattern contains = must_literal("ÉMILE", E::anywhere, C::fold);
  EXPECT_TRUE(contains.matches("chez émile et fils"));
  EXPECT_FALSE(contains.matches("chez emile"));
  // Metacharacters are literal.
  EXPECT_TRUE(must_literal("a.b (c)*", E::anywhere, C::fold).matches("x A.B (C)* y"));
  EXPECT_FALSE(must_literal("a.b", E::anywhere, C::fold).matches("axb"));

  TextPattern exact = must_literal("AbC", E::anywhere, C::exact);
  EXPECT_TRUE(exact.matches("xAbCx"));
  EXPECT_FALSE(exact.matches("xabcx"));
}

TEST(TextPattern, InvalidUtf8NeitherCrashesNorMatchesWildly) {
  using E = TextPattern::Extent;
  using C = TextPattern::Case;
  // A lone lead byte of é is not é, and an invalid byte matches no character, not even '.'.
  EXPECT_FALSE(must_literal("émile", E::whole, C::fold).matches("\xC3mile"));
  EXPECT_FALSE(must_literal("é", E::anywhere, C::fold).matches("caf\xC3"));
  EXPECT_FALSE(must_regex("^.*$").matches("a\xFF" "b"));
  EXPECT_FALSE(must_regex("(?i)^émile").matches("\xFF\xFE\xC3\xA9mile"));
  // The valid parts around the bad bytes still match as themselves.
  EXPECT_TRUE(must_literal("émile", E::anywhere, C::fold).matches("\xFF\xC3\x89MILE\xFE"));
  EXPECT_TRUE(must_regex("mile$").matches("\xC3mile"));
  // An overlong encoding is not the character it spells. (RE2 does read an encoded surrogate, which no
  // literal can contain, as one character.)
  EXPECT_FALSE(must_literal("/", E::whole, C::fold).matches("\xC0\xAF"));
  EXPECT_FALSE(must_regex("/").matches("\xC0\xAF"));

  auto bad = TextPattern::literal("caf\xC3", E::whole, C::fold);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidUtf8");
  EXPECT_EQ(bad.error().message, "is not valid UTF-8");
  EXPECT_FALSE(TextPattern::regex("caf\xC3").ok());
}

TEST(TextPattern, CopiesShareTheCompiledPattern) {
  TextPattern a = must_regex("x+y");
  TextPattern b = a;
  a = TextPattern{};
  EXPECT_TRUE(b.matches("xxy"));
  EXPECT_FALSE(a.matches("xxy"));
}

}  // namespace
}  // namespace pcs::rules
