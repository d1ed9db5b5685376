#include <gtest/gtest.h>

#include "rule_test_util.hpp"

namespace pcs::rules {
namespace {

using namespace pcs::rules::test;

// Parses `yaml` expecting failure; returns the message.
std::string error_of(const std::string& yaml) {
  auto r = parse(yaml);
  EXPECT_FALSE(r.ok()) << "parsed although it should not have:\n" << yaml;
  if (r.ok()) return {};
  EXPECT_EQ(r.error().kind, ErrorKind::config);
  return r.error().message;
}

void expect_error(const std::string& yaml, const std::string& prefix, const std::string& fragment) {
  std::string m = error_of(yaml);
  EXPECT_EQ(m.rfind(prefix, 0), 0u) << m;
  EXPECT_NE(m.find(fragment), std::string::npos) << m;
}

TEST(RuleParser, ExampleParses) {
  auto r = parse(kExampleRules);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->rules().size(), 2u);
  EXPECT_EQ(r->rules()[0].name, "us-healthcare");
  EXPECT_EQ(r->rules()[0].when.size(), 3u);
  EXPECT_EQ(r->rules()[1].reason, "Outside our focus area");
  EXPECT_EQ(r->default_action(), Action::ignore);
}

TEST(RuleParser, AbsentRulesMeanNone) {
  auto r = parse("other: 1\n", Action::reject);
  ASSERT_OK(r);
  EXPECT_TRUE(r->rules().empty());
  EXPECT_EQ(r->default_action(), Action::reject);
}

TEST(RuleParser, ErrorsNameFileLineColumnAndKey) {
  expect_error("rules:\n  - name: a\n    action: acept\n", "test.yaml:3:13: rules[0].action:", "unknown action 'acept'");
  expect_error("rules:\n  - name: a\n    action: accept\n  - name: a\n    action: reject\n", "test.yaml:4:11: rules[1].name:",
               "duplicate rule name 'a'");
  expect_error("rules:\n  - name: a\n    action: accept\n    when:\n      customer_contry: US\n",
               "test.yaml:5:7: rules[0].when:", "unknown matcher 'customer_contry' (did you mean 'customer_country'?)");
  expect_error("rules:\n  - name: a\n    action: accept\n    when:\n      title: {regex: \"(unclosed\"}\n",
               "test.yaml:5:22: rules[0].when.title.regex:", "invalid regular expression");
  expect_error("rules:\n  - name: a\n    action: reject\n    reason: " + std::string(81, 'x') + "\n",
               "test.yaml:4:13: rules[0].reason:", "81 characters");
  expect_error("rules:\n  - name: a\n    action: accept\n    tags: {\"bad,key\": v}\n", "test.yaml:4:12: rules[0].tags:",
               "tag key may contain only");
  expect_error("rules:\n  - name: a\n    action: accept\n    tags: {k: \"bad;value\"}\n",
               "test.yaml:4:15: rules[0].tags.k:", "tag value may contain only");
  expect_error("rules:\n  - name: a\n    action: accept\n    colour: red\n", "test.yaml:4:5: rules[0]:",
               "unknown rule key 'colour'");
}

// `review` leaves the invitation to a person, who gives the reason or tags; a review rule carries neither.
TEST(RuleParser, ReviewIsAnActionWithoutRequestMembers) {
  auto r = parse("rules:\n  - name: big\n    when: {title: {contains: big}}\n    action: review\n", Action::review);
  ASSERT_OK(r);
  EXPECT_EQ(r->rules()[0].action, Action::review);
  EXPECT_EQ(r->default_action(), Action::review);
  EXPECT_EQ(parse_action("review"), Action::review);
  EXPECT_EQ(to_string(Action::review), "review");
  expect_error("rules:\n  - name: a\n    action: review\n    reason: nope\n", "test.yaml:4:13: rules[0].reason:",
               "only when rejecting");
  expect_error("rules:\n  - name: a\n    action: review\n    tags: {a: b}\n", "test.yaml:4:11: rules[0].tags:",
               "only when accepting");
  expect_error("rules:\n  - name: a\n    action: reveiw\n", "test.yaml:3:13: rules[0].action:",
               "use accept, reject, review or ignore");
}

TEST(RuleParser, RuleShapeErrors) {
  expect_error("rules: {a: 1}\n", "test.yaml:1:8: rules:", "must be a list");
  expect_error("rules:\n  - action: accept\n", "test.yaml:2:5: rules[0].name:", "needs a non-empty name");
  expect_error("rules:\n  - name: a\n", "test.yaml:2:5: rules[0].action:", "needs an action");
  expect_error("rules:\n  - name: default\n    action: accept\n", "test.yaml:2:11: rules[0].name:", "reserved");
  expect_error("rules:\n  - name: a\n    action: accept\n    reason: nope\n", "test.yaml:4:13: rules[0].reason:",
               "only when rejecting");
  expect_error("rules:\n  - name: a\n    action: ignore\n    tags: {a: b}\n", "test.yaml:4:11: rules[0].tags:",
               "only when accepting");
  expect_error("rules:\n  - name: a\n    action: reject\n    reason: \"tab\\there\"\n", "test.yaml:4:13: rules[0].reason:",
               "printable");
  expect_error("rules:\n  - name: a\n    action: accept\n    tags: {k: [1, 2]}\n", "test.yaml:4:15: rules[0].tags.k:",
               "must be a string");
}

TEST(RuleParser, MatcherValueErrors) {
  auto when = [](const std::string& body) { return "rules:\n  - name: a\n    action: accept\n    when:\n      " + body + "\n"; };
  expect_error(when("customer_country: [us]"), "test.yaml:5:26: rules[0].when.customer_country:", "country code");
  expect_error(when("customer_industry: Heathcare"), "test.yaml:5:26: rules[0].when.customer_industry:",
               "not an Industry");
  expect_error(when("receiver_responsibilities: [Resellers]"), "test.yaml:5:35:", "not a ReceiverResponsibility");
  expect_error(when("expected_monthly_spend_usd: {min: lots}"), "test.yaml:5:41: rules[0].when.expected_monthly_spend_usd.min:",
               "needs a number");
  expect_error(when("expected_monthly_spend_usd: {min: 10, max: 5}"), "test.yaml:5:35:", "min is greater than max");
  expect_error(when("expected_monthly_spend_usd: {regex: x}"), "test.yaml:5:36: rules[0].when.expected_monthly_spend_usd:",
               "operator 'regex' does not apply");
  expect_error(when("title: {regexp: x}"), "test.yaml:5:15: rules[0].when.title:",
               "unknown operator 'regexp' (did you mean 'regex'?)");
  expect_error(when("title: []"), "test.yaml:5:14:", "empty list never matches");
  expect_error(when("title: {}"), "test.yaml:5:14:", "empty matcher");
  expect_error(when("title: {contains: \"\"}"), "test.yaml:5:25:", "non-empty string");
  expect_error(when("target_completion_date: 2026-12-31"), "test.yaml:5:31:", "{before: YYYY-MM-DD}");
  expect_error(when("target_completion_date: {before: 31/12/2026}"), "test.yaml:5:40:", "YYYY-MM-DD");
  expect_error(when("target_completion_date: {within: 3 months}"), "test.yaml:5:40:", "not a duration");
  expect_error(when("expires_within: 5x"), "test.yaml:5:23: rules[0].when.expires_within:", "not a duration");
  expect_error(when("invited_within: [1d]"), "test.yaml:5:23:", "duration");
  expect_error(when("not: {not: {title: x}}"), "test.yaml:5:13: rules[0].when.not:", "cannot nest");
  expect_error(when("title: {regex: \"(?z)x\"}"), "test.yaml:5:22:", "invalid regular expression");
}

// RE2 syntax: what ECMAScript had and RE2 lacks (lookaround, backreferences) is refused at load, with
// where, RE2's own words and where the syntax is written down.
TEST(RuleParser, RegexIsRe2AndRefusesLookaroundAndBackreferences) {
  auto when = [](const std::string& body) { return "rules:\n  - name: a\n    action: accept\n    when:\n      " + body + "\n"; };
  const std::string hint = "write RE2 syntax (https://github.com/google/re2/wiki/Syntax)";
  struct Row {
    std::string body, prefix, re2_words;
  };
  for (const Row& row : {
           Row{"title: {regex: \"(a)\\\\1\"}", "test.yaml:5:22: rules[0].when.title.regex: invalid regular expression: ",
               "invalid escape sequence: \\1"},
           Row{"sender_company: {regex: \"(?=x)\"}", "test.yaml:5:31: rules[0].when.sender_company.regex: ", "(?="},
           Row{"project_title: {regex: \"(?<!x)y\"}", "test.yaml:5:30: rules[0].when.project_title.regex: ", "(?<"},
           Row{"title: {not: {regex: \"(a\"}}", "test.yaml:5:28: rules[0].when.title.not.regex: ", "missing )"},
       }) {
    SCOPED_TRACE(row.body);
    std::string m = error_of(when(row.body));
    EXPECT_EQ(m.rfind(row.prefix, 0), 0u) << m;
    EXPECT_NE(m.find(row.re2_words), std::string::npos) << m;
    EXPECT_NE(m.find(hint), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
  // RE2's inline flags are accepted where ECMAScript had none but a leading (?i).
  for (const char* ok : {"(?s)a.b", "(?m)^x$", "(?U)a+", "x(?i)y", "(?i:abc)d", "\\pL+", "(?P<name>x)"}) {
    auto r = parse(when(std::string("title: {regex: '") + ok + "'}"));
    EXPECT_TRUE(r.ok()) << ok << ": " << (r.ok() ? "" : r.error().message);
  }
}

TEST(RuleParser, RefusesOverlongPatternsAndLiterals) {
  auto when = [](const std::string& body) { return "rules:\n  - name: a\n    action: accept\n    when:\n      " + body + "\n"; };
  expect_error(when("title: {regex: \"" + std::string(20'000, '(') + "a" + std::string(20'000, ')') + "\"}"),
               "test.yaml:5:22: rules[0].when.title.regex: ", "the pattern is 40001 bytes long; the limit is 1000");
  expect_error(when("title: {regex: " + std::string(200'000, 'a') + "}"), "test.yaml:5:22: rules[0].when.title.regex: ",
               "the pattern is 200000 bytes long");
  expect_error(when("title: {contains: " + std::string(1001, 'a') + "}"), "test.yaml:5:25: rules[0].when.title.contains: ",
               "the value is 1001 bytes long");
  expect_error(when("title: [x, " + std::string(1001, 'a') + "]"), "test.yaml:5:18: rules[0].when.title: ",
               "the value is 1001 bytes long");
  expect_error(when("title: {regex: \"\\\\pL{1000}\"}"), "test.yaml:5:22: rules[0].when.title.regex: ",
               "pattern too large");
  EXPECT_TRUE(parse(when("title: {regex: " + std::string(1000, 'a') + "}")).ok());
}

}  // namespace
}  // namespace pcs::rules
