#include <gtest/gtest.h>

#include "rule_test_util.hpp"

namespace pcs::rules {
namespace {

using namespace pcs::rules::test;

// Evaluates one single-rule set `when:` block against `facts`: does the rule match?
bool matches(const std::string& when_yaml, const InvitationFacts& facts) {
  RuleSet set = must_parse("rules:\n  - name: r\n    action: accept\n    when:\n" + when_yaml);
  return set.evaluate(facts, now()).rule == "r";
}

TEST(RuleSet, ExampleAcceptsUsHealthcareWithExplanationAndTags) {
  RuleSet set = must_parse(kExampleRules);
  Decision d = set.evaluate(healthcare_invitation(), now());
  EXPECT_EQ(d.action, Action::accept);
  EXPECT_EQ(d.rule, "us-healthcare");
  // customer_country is @sensitive in the model: the explanation shows the rule's list, not the value.
  EXPECT_EQ(d.reason,
            "matched rule us-healthcare: customer_country in [US, CA], customer_industry=Healthcare, "
            "expected_monthly_spend_usd=12000>=5000");
  ASSERT_EQ(d.tags.size(), 1u);
  EXPECT_EQ(d.tags[0], (Tag{"source", "pcsyncd"}));
  EXPECT_FALSE(d.rejection_reason.has_value());
}

TEST(RuleSet, ExampleRejectsExampleSenderWithReason) {
  RuleSet set = must_parse(kExampleRules);
  InvitationFacts f = healthcare_invitation();
  f.customer_country = "DE";
  f.sender_company = "EXAMPLE Corp";
  Decision d = set.evaluate(f, now());
  EXPECT_EQ(d.action, Action::reject);
  EXPECT_EQ(d.rule, "not-our-market");
  EXPECT_EQ(d.rejection_reason, "Outside our focus area");
  EXPECT_EQ(d.reason, "matched rule not-our-market: sender_company=EXAMPLE Corp ~ /(?i)^example/");
  EXPECT_TRUE(d.tags.empty());
}

TEST(RuleSet, ExampleFallsBackToDefault) {
  RuleSet set = must_parse(kExampleRules);
  InvitationFacts f = healthcare_invitation();
  f.expected_customer_spend = std::vector<SpendEntry>{{"4999.99", "USD", "Monthly"}};
  Decision d = set.evaluate(f, now());
  EXPECT_EQ(d.action, Action::ignore);
  EXPECT_EQ(d.rule, "default");
  EXPECT_EQ(d.reason, "no rule matched");

  RuleSet rejecting = must_parse(kExampleRules, Action::reject);
  EXPECT_EQ(rejecting.evaluate(f, now()).action, Action::reject);
  // default_action: review hands what no rule decides to a person, with the rule and reason kept.
  const Decision reviewed = must_parse(kExampleRules, Action::review).evaluate(f, now());
  EXPECT_EQ(reviewed.action, Action::review);
  EXPECT_EQ(reviewed.rule, "default");
  EXPECT_EQ(reviewed.reason, "no rule matched");
  EXPECT_FALSE(reviewed.rejection_reason);
  EXPECT_TRUE(reviewed.tags.empty());
  EXPECT_EQ(rejecting.evaluate(f, now()).rule, "default");
}

// Nothing can come of evaluating a set that only ignores: the sync skips reading its backlog.
TEST(RuleSet, CanActUnlessEveryRuleAndTheDefaultIgnore) {
  EXPECT_FALSE(RuleSet{}.can_act());
  EXPECT_FALSE(must_parse("rules: []").can_act());
  EXPECT_TRUE(must_parse("rules: []", Action::accept).can_act());
  EXPECT_TRUE(must_parse("rules: []", Action::reject).can_act());
  EXPECT_FALSE(must_parse("rules:\n  - name: quiet\n    action: ignore\n").can_act());
  EXPECT_TRUE(must_parse("rules:\n  - name: quiet\n    action: ignore\n  - name: take\n    action: accept\n").can_act());
  EXPECT_TRUE(must_parse(kExampleRules).can_act());
}

TEST(RuleSet, FirstMatchWins) {
  RuleSet set = must_parse(R"(
rules:
  - name: first
    when: {customer_industry: Healthcare}
    action: ignore
  - name: second
    when: {customer_country: [US]}
    action: accept
)");
  EXPECT_EQ(set.evaluate(healthcare_invitation(), now()).rule, "first");
  InvitationFacts f = healthcare_invitation();
  f.customer_industry = "Retail";
  EXPECT_EQ(set.evaluate(f, now()).rule, "second");
  EXPECT_EQ(set.evaluate(f, now()).action, Action::accept);
}

TEST(RuleSet, RuleWithoutWhenMatchesEverything) {
  RuleSet set = must_parse("rules:\n  - name: all\n    action: reject\n");
  Decision d = set.evaluate(healthcare_invitation(), now());
  EXPECT_EQ(d.action, Action::reject);
  EXPECT_EQ(d.reason, "matched rule all: (no conditions)");
  EXPECT_FALSE(d.rejection_reason.has_value());
}

TEST(RuleSet, NeverActsOnExpiredOrNotPending) {
  RuleSet set = must_parse("rules:\n  - name: all\n    action: accept\n", Action::accept);
  InvitationFacts f = healthcare_invitation();

  f.status = "EXPIRED";
  Decision d = set.evaluate(f, now());
  EXPECT_EQ(d.action, Action::ignore);
  EXPECT_EQ(d.reason, "expired");
  EXPECT_EQ(d.rule, "");

  f.status = "PENDING";
  f.expiration_date = now();  // expiring this instant is expired
  EXPECT_EQ(set.evaluate(f, now()).reason, "expired");
  EXPECT_EQ(set.evaluate(f, now()).action, Action::ignore);

  f.expiration_date = now() + std::chrono::seconds{1};
  EXPECT_EQ(set.evaluate(f, now()).action, Action::accept);

  for (const char* status : {"ACCEPTED", "REJECTED", "", "pending"}) {
    f.status = status;
    d = set.evaluate(f, now());
    EXPECT_EQ(d.action, Action::ignore) << status;
    EXPECT_EQ(d.reason, "not pending") << status;
  }
}

TEST(Matchers, TextEqualsIsCaseInsensitiveAndListIsAnyOf) {
  InvitationFacts f = healthcare_invitation();
  EXPECT_TRUE(matches("      customer_industry: healthcare\n", f));
  EXPECT_TRUE(matches("      customer_industry: [Retail, HEALTHCARE]\n", f));
  EXPECT_FALSE(matches("      customer_industry: [Retail, Education]\n", f));
  EXPECT_TRUE(matches("      title: cloud MIGRATION\n", f));
  EXPECT_TRUE(matches("      sender_company: aws\n", f));
  EXPECT_TRUE(matches("      customer_company: Acme Health\n", f));
  EXPECT_TRUE(matches("      project_title: EHR modernisation\n", f));
  EXPECT_TRUE(matches("      payload_type: OpportunityInvitation\n", f));
  EXPECT_TRUE(matches("      customer_website: HTTPS://ACME.EXAMPLE\n", f));
}

TEST(Matchers, CodesAreExact) {
  InvitationFacts f = healthcare_invitation();
  EXPECT_TRUE(matches("      customer_country: US\n", f));
  EXPECT_FALSE(matches("      customer_country: CA\n", f));
  EXPECT_TRUE(matches("      sender_account: \"123456789012\"\n", f));
  EXPECT_FALSE(matches("      sender_account: \"123456789013\"\n", f));
}

TEST(Matchers, RegexSearchesAndHonoursLeadingIcase) {
  InvitationFacts f = healthcare_invitation();
  EXPECT_TRUE(matches("      title: {regex: \"migr\"}\n", f));
  EXPECT_FALSE(matches("      title: {regex: \"^migr\"}\n", f));
  EXPECT_FALSE(matches("      title: {regex: \"^cloud\"}\n", f));
  EXPECT_TRUE(matches("      title: {regex: \"(?i)^cloud\"}\n", f));
  EXPECT_TRUE(matches("      business_problem: {regex: \"cannot (scale|grow)\"}\n", f));
}

TEST(Matchers, RegexIsRe2WithInlineFlagsAndUnicode) {
  InvitationFacts f = healthcare_invitation();
  f.sender_company = "Émile Corp";
  EXPECT_TRUE(matches("      sender_company: {regex: \"(?i)^émile\"}\n", f));
  EXPECT_TRUE(matches("      sender_company: {regex: \"(?i)^ÉMILE CORP$\"}\n", f));
  EXPECT_FALSE(matches("      sender_company: {regex: \"^émile\"}\n", f));
  EXPECT_TRUE(matches("      sender_company: {regex: \"^\\\\p{Lu}\\\\p{Ll}+ (?i:corp)$\"}\n", f));
  f.title = "first line\nsecond line";
  EXPECT_FALSE(matches("      title: {regex: \"^second\"}\n", f));
  EXPECT_TRUE(matches("      title: {regex: \"(?m)^second\"}\n", f));
}

// The hostile inputs of issue 13: std::regex backtracked for minutes or overflowed the stack on these.
TEST(Matchers, HostileValuesMeetRegexesInLinearTime) {
  InvitationFacts f = healthcare_invitation();
  f.sender_company = std::string(36, 'a') + "!";
  EXPECT_FALSE(matches("      sender_company: {regex: \"(a+)+$\"}\n", f));
  f.sender_company = std::string(100'000, 'a') + "!";
  EXPECT_FALSE(matches("      sender_company: {regex: \"(a+)+$\"}\n", f));
  EXPECT_TRUE(matches("      sender_company: {not: {regex: \"(a+)+$\"}}\n", f));
  std::string ab;
  for (int i = 0; i < 50'000; ++i) ab += "ab";
  f.title = ab;
  EXPECT_FALSE(matches("      title: {regex: \"(a|b)*c\"}\n", f));
  f.title = ab + "c";
  EXPECT_TRUE(matches("      title: {regex: \"(a|b)*c\"}\n", f));
  EXPECT_TRUE(matches("      title: {contains: BABC}\n", f));
  EXPECT_FALSE(matches("      title: {contains: abba}\n", f));
}

TEST(Matchers, TextEqualityAndContainsFoldUnicode) {
  InvitationFacts f = healthcare_invitation();
  f.sender_company = "Émile";
  f.customer_company = "Société Générale";
  f.project_title = "chez émile";
  EXPECT_TRUE(matches("      sender_company: émile\n", f));
  EXPECT_TRUE(matches("      sender_company: [Acme, ÉMILE]\n", f));
  EXPECT_FALSE(matches("      sender_company: emile\n", f));  // folding keeps the accent
  EXPECT_FALSE(matches("      sender_company: émile corp\n", f));
  EXPECT_TRUE(matches("      customer_company: SOCIÉTÉ GÉNÉRALE\n", f));
  EXPECT_TRUE(matches("      project_title: {contains: ÉMILE}\n", f));
  EXPECT_TRUE(matches("      customer_company: {contains: \"té gé\"}\n", f));
  EXPECT_FALSE(matches("      customer_company: {contains: \"te ge\"}\n", f));
  // Metacharacters in an equality or contains value are plain characters.
  f.title = "C++ (v2.0)";
  EXPECT_TRUE(matches("      title: \"c++ (V2.0)\"\n", f));
  EXPECT_TRUE(matches("      title: {contains: \"+ (v2.\"}\n", f));
  EXPECT_FALSE(matches("      title: \"c++ (v2x0)\"\n", f));
  // Codes stay exact, for contains too.
  f.sender_account = "123456789012";
  EXPECT_TRUE(matches("      sender_account: {contains: \"5678\"}\n", f));
  f.customer_country = "US";
  EXPECT_FALSE(matches("      customer_country: {contains: u}\n", f));
  EXPECT_TRUE(matches("      customer_country: {contains: U}\n", f));
}

TEST(Matchers, InvalidUtf8ValuesDoNotMatchWildly) {
  InvitationFacts f = healthcare_invitation();
  f.sender_company = "\xC3mile";  // a truncated é
  EXPECT_FALSE(matches("      sender_company: émile\n", f));
  EXPECT_FALSE(matches("      sender_company: {contains: é}\n", f));
  EXPECT_FALSE(matches("      sender_company: {regex: \"(?i)^émile\"}\n", f));
  EXPECT_FALSE(matches("      sender_company: {regex: \"^.*$\"}\n", f));
  EXPECT_TRUE(matches("      sender_company: {contains: MILE}\n", f));
  f.sender_company = std::string("\xFF\xFE\x00\xC0\xAF", 5);
  EXPECT_FALSE(matches("      sender_company: {regex: \"/\"}\n", f));  // an overlong '/' is not '/'
  EXPECT_TRUE(matches("      sender_company: {not: {contains: \"/\"}}\n", f));
}

TEST(Matchers, ContainsIsCaseInsensitiveForText) {
  InvitationFacts f = healthcare_invitation();
  EXPECT_TRUE(matches("      project_title: {contains: MODERN}\n", f));
  EXPECT_FALSE(matches("      project_title: {contains: legacy}\n", f));
  EXPECT_TRUE(matches("      customer_website: {contains: .example}\n", f));
}

TEST(Matchers, ListFieldMatchesWhenAnyElementMatches) {
  InvitationFacts f = healthcare_invitation();
  EXPECT_TRUE(matches("      receiver_responsibilities: Reseller\n", f));
  EXPECT_TRUE(matches("      receiver_responsibilities: [Distributor, services partner]\n", f));
  EXPECT_FALSE(matches("      receiver_responsibilities: [Distributor]\n", f));
  EXPECT_TRUE(matches("      receiver_responsibilities: {regex: \"^Serv\"}\n", f));
  // not over a list: none of the elements may match.
  EXPECT_FALSE(matches("      receiver_responsibilities: {not: [Reseller]}\n", f));
  EXPECT_TRUE(matches("      receiver_responsibilities: {not: [Distributor]}\n", f));
}

TEST(Matchers, SpendIsTheSumOfUsdMonthlyEntries) {
  InvitationFacts f = healthcare_invitation();
  f.expected_customer_spend = std::vector<SpendEntry>{
      {"3000", "USD", "Monthly"}, {"2500.50", "USD", "Monthly"}, {"99999", "EUR", "Monthly"}};
  EXPECT_TRUE(matches("      expected_monthly_spend_usd: {min: 5500.5}\n", f));
  EXPECT_FALSE(matches("      expected_monthly_spend_usd: {min: 5501}\n", f));
  EXPECT_TRUE(matches("      expected_monthly_spend_usd: {min: 5000, max: 6000}\n", f));
  EXPECT_FALSE(matches("      expected_monthly_spend_usd: {max: 5000}\n", f));
  EXPECT_TRUE(matches("      expected_monthly_spend_usd: 5500.5\n", f));
  EXPECT_TRUE(matches("      expected_monthly_spend_usd: {not: {max: 5000}}\n", f));
  // An unreadable amount makes the figure unknown: neither min nor not-min may act on it.
  f.expected_customer_spend = std::vector<SpendEntry>{{"12,000", "USD", "Monthly"}};
  EXPECT_FALSE(matches("      expected_monthly_spend_usd: {min: 1}\n", f));
  EXPECT_FALSE(matches("      expected_monthly_spend_usd: {not: {min: 1}}\n", f));
}

TEST(Matchers, MonthlyUsdSpend) {
  EXPECT_EQ(monthly_usd_spend({{"10", "USD", "Monthly"}, {"5.5", "USD", "Monthly"}}), 15.5);
  EXPECT_FALSE(monthly_usd_spend({}).has_value());
  EXPECT_FALSE(monthly_usd_spend({{"10", "EUR", "Monthly"}}).has_value());
  EXPECT_FALSE(monthly_usd_spend({{"10", "USD", "Annually"}}).has_value());
  EXPECT_FALSE(monthly_usd_spend({{"inf", "USD", "Monthly"}}).has_value());
  EXPECT_FALSE(monthly_usd_spend({{"1e3", "USD", "Monthly"}}).has_value());
  EXPECT_FALSE(monthly_usd_spend({{"", "USD", "Monthly"}}).has_value());
}

TEST(Matchers, TargetCompletionDate) {
  InvitationFacts f = healthcare_invitation();  // 2024-12-31, now is 2024-06-01
  EXPECT_TRUE(matches("      target_completion_date: {before: 2025-01-01}\n", f));
  EXPECT_FALSE(matches("      target_completion_date: {before: 2024-12-31}\n", f));  // strictly before
  EXPECT_TRUE(matches("      target_completion_date: {after: 2024-12-30}\n", f));
  EXPECT_TRUE(matches("      target_completion_date: {after: 2024-07-01, before: 2025-01-01}\n", f));
  EXPECT_FALSE(matches("      target_completion_date: {within: 90d}\n", f));
  EXPECT_TRUE(matches("      target_completion_date: {within: 214d}\n", f));
  f.target_completion_date = "2024-06-01";  // today counts as within
  EXPECT_TRUE(matches("      target_completion_date: {within: 1d}\n", f));
  f.target_completion_date = "2024-05-31";  // the past does not
  EXPECT_FALSE(matches("      target_completion_date: {within: 1d}\n", f));
  f.target_completion_date = "not a date";
  EXPECT_FALSE(matches("      target_completion_date: {after: 2000-01-01}\n", f));
}

TEST(Matchers, ExpiresWithinAndInvitedWithin) {
  InvitationFacts f = healthcare_invitation();  // expires in 10 days, invited 2 days ago
  EXPECT_TRUE(matches("      expires_within: 10d\n", f));
  EXPECT_FALSE(matches("      expires_within: 9d23h\n", f));
  EXPECT_TRUE(matches("      expires_within: {not: 7d}\n", f));
  EXPECT_TRUE(matches("      invited_within: 2d\n", f));
  EXPECT_FALSE(matches("      invited_within: 1d\n", f));
  EXPECT_TRUE(matches("      invited_within: {within: 48h}\n", f));
  f.expiration_date.reset();
  EXPECT_FALSE(matches("      expires_within: 365d\n", f));
  EXPECT_FALSE(matches("      expires_within: {not: 1d}\n", f));
}

TEST(Matchers, FieldLevelNot) {
  InvitationFacts f = healthcare_invitation();
  EXPECT_FALSE(matches("      customer_country: {not: [US]}\n", f));
  EXPECT_TRUE(matches("      customer_country: {not: [CA, MX]}\n", f));
  EXPECT_TRUE(matches("      sender_company: {not: {regex: \"(?i)^example\"}}\n", f));
  EXPECT_TRUE(matches("      title: {contains: cloud, not: {contains: legacy}}\n", f));
  EXPECT_FALSE(matches("      title: {contains: cloud, not: {contains: migration}}\n", f));
}

TEST(Matchers, RuleLevelNotBlock) {
  InvitationFacts f = healthcare_invitation();
  EXPECT_TRUE(matches("      customer_industry: Healthcare\n      not: {customer_country: [CA]}\n", f));
  EXPECT_FALSE(matches("      customer_industry: Healthcare\n      not: {customer_country: [US]}\n", f));
  // The block negates the AND of its matchers.
  EXPECT_TRUE(matches("      not: {customer_country: [US], customer_industry: Retail}\n", f));
  EXPECT_FALSE(matches("      not: {customer_country: [US], customer_industry: Healthcare}\n", f));
  // Unknown inside the block: not known to be false, so the rule does not match.
  EXPECT_FALSE(matches("      not: {customer_country: [CA]}\n", summary_only(f)));

  RuleSet set = must_parse(
      "rules:\n  - name: r\n    action: accept\n    when:\n      customer_industry: Healthcare\n"
      "      not: {customer_country: [CA]}\n");
  EXPECT_EQ(set.evaluate(f, now()).reason, "matched rule r: customer_industry=Healthcare, not (customer_country in [CA])");
}

TEST(Matchers, MissingDetailsNeverMatch) {
  InvitationFacts f = summary_only(healthcare_invitation());
  EXPECT_FALSE(matches("      customer_country: [US]\n", f));
  EXPECT_FALSE(matches("      customer_country: {not: [US]}\n", f));
  EXPECT_FALSE(matches("      expected_monthly_spend_usd: {max: 1000000000}\n", f));
  EXPECT_FALSE(matches("      receiver_responsibilities: {not: [Reseller]}\n", f));
  EXPECT_TRUE(matches("      sender_company: AWS\n", f));
}

TEST(Explanations, NeverShowSensitiveValues) {
  InvitationFacts f = healthcare_invitation();
  RuleSet set = must_parse(R"(
rules:
  - name: r
    action: accept
    when:
      sender_account: {regex: "^1234"}
      customer_website: {contains: acme}
      business_problem: {contains: legacy}
      customer_country: {not: [CA]}
      title: {contains: cloud}
      expected_monthly_spend_usd: {min: 1000, max: 20000}
      expires_within: 30d
      target_completion_date: {before: 2025-01-01}
      receiver_responsibilities: Reseller
)");
  Decision d = set.evaluate(f, now());
  ASSERT_EQ(d.rule, "r");
  for (const std::string& secret : {*f.sender_account, *f.customer_website, *f.business_problem}) {
    EXPECT_EQ(d.reason.find(secret), std::string::npos) << d.reason;
  }
  EXPECT_EQ(d.reason,
            "matched rule r: sender_account ~ /^1234/, customer_website contains 'acme', business_problem contains "
            "'legacy', customer_country not in [CA], title=Cloud migration contains 'cloud', "
            "expected_monthly_spend_usd=12000>=1000 and <=20000, expires_within 30d (expires 2024-06-11T00:00:00Z), "
            "target_completion_date=2024-12-31 before 2025-01-01, receiver_responsibilities=[Services Partner, "
            "Reseller] in [Reseller]");
}

TEST(Explanations, ValuesAreCappedAndEscaped) {
  InvitationFacts f = healthcare_invitation();
  f.title = "Cloud\nmigration\r\x1b[2J" + std::string(200, 'x');
  RuleSet set = must_parse("rules:\n  - name: r\n    action: accept\n    when: {title: {contains: cloud}}\n");
  Decision d = set.evaluate(f, now());
  ASSERT_EQ(d.rule, "r");
  // 80 characters of the escaped value ("Cloud\\nmigration\\r\\x1b[2J" is 25), then the ellipsis.
  EXPECT_EQ(d.reason, "matched rule r: title=Cloud\\nmigration\\r\\x1b[2J" + std::string(55, 'x') + "… contains 'cloud'");
  EXPECT_EQ(d.reason.find_first_of("\n\r\x1b"), std::string::npos) << d.reason;

  // A huge value costs a bounded reason; a cut never splits a character.
  std::string accents;
  for (int i = 0; i < 100'000; ++i) accents += "é";
  f.title = accents;
  d = set.evaluate(f, now());
  EXPECT_EQ(d.rule, "default");
  d = must_parse("rules:\n  - name: r\n    action: accept\n    when: {title: {contains: É}}\n").evaluate(f, now());
  std::string eighty;
  for (int i = 0; i < 80; ++i) eighty += "é";
  EXPECT_EQ(d.reason, "matched rule r: title=" + eighty + "… contains 'É'");

  // Invalid UTF-8 and C1 controls from the service are shown as escapes.
  f.title = "bad\xC3 c1\xC2\x9b end";
  d = must_parse("rules:\n  - name: r\n    action: accept\n    when: {title: {regex: end$}}\n").evaluate(f, now());
  EXPECT_EQ(d.reason, "matched rule r: title=bad\\xc3 c1\\u009b end ~ /end$/");

  // The rule's own strings are escaped too (a YAML "\t" is a real tab).
  f.title = "a\tb";
  d = must_parse("rules:\n  - name: r\n    action: accept\n    when: {title: {contains: \"a\\tb\"}}\n").evaluate(f, now());
  EXPECT_EQ(d.reason, "matched rule r: title=a\\tb contains 'a\\tb'");
}

TEST(RequiresDetails, WholeSetAndPerInvitation) {
  EXPECT_TRUE(must_parse(kExampleRules).requires_details());
  RuleSet summary_rules = must_parse(R"(
rules:
  - name: a
    when: {sender_company: Example, expires_within: 2d}
    action: reject
  - name: b
    when: {title: {contains: x}, invited_within: 1d, payload_type: OpportunityInvitation, sender_account: "1"}
    action: ignore
)");
  EXPECT_FALSE(summary_rules.requires_details());
  EXPECT_FALSE(summary_rules.rules()[0].requires_details());
  EXPECT_FALSE(RuleSet{}.requires_details());

  RuleSet example = must_parse(kExampleRules);
  EXPECT_TRUE(example.rules()[0].requires_details());
  EXPECT_FALSE(example.rules()[1].requires_details());
  InvitationFacts f = summary_only(healthcare_invitation());
  EXPECT_TRUE(example.requires_details(f, now()));  // us-healthcare could still match
  f.status = "ACCEPTED";
  EXPECT_FALSE(example.requires_details(f, now()));  // the guard ignores it anyway

  // A summary-only rule that already matches before the detail rule makes the details moot...
  RuleSet reject_first = must_parse(R"(
rules:
  - name: not-our-market
    when: {sender_company: {regex: "(?i)^example"}}
    action: reject
  - name: us
    when: {customer_country: US}
    action: accept
)");
  InvitationFacts g = summary_only(healthcare_invitation());
  g.sender_company = "Example Inc";
  EXPECT_FALSE(reject_first.requires_details(g, now()));
  g.sender_company = "AWS";
  EXPECT_TRUE(reject_first.requires_details(g, now()));
  // ...and a detail rule ruled out by its summary fields needs nothing fetched.
  RuleSet narrowed = must_parse(R"(
rules:
  - name: us-from-example
    when: {sender_company: Example, customer_country: US}
    action: accept
)");
  EXPECT_FALSE(narrowed.requires_details(g, now()));
}

// One pass gives what requires_details() and evaluate() give together, explanation included.
TEST(EvaluateWithoutDetails, AgreesWithRequiresDetailsThenEvaluate) {
  RuleSet reject_first = must_parse(R"(
rules:
  - name: not-our-market
    when: {sender_company: {regex: "(?i)^example"}}
    action: reject
    reason: Outside our focus area
  - name: us
    when: {customer_country: US}
    action: accept
  - name: titled
    when: {title: {contains: Pilot}}
    action: accept
)");
  const struct {
    const char* what;
    const char* sender;
    const char* status;
  } cases[] = {{"a summary rule matches first", "Example Inc", "PENDING"},
               {"a detail rule could match", "AWS", "PENDING"},
               {"refused by the guard", "AWS", "ACCEPTED"}};
  for (const auto& c : cases) {
    InvitationFacts f = summary_only(healthcare_invitation());
    f.sender_company = c.sender;
    f.status = c.status;
    auto one_pass = reject_first.evaluate_without_details(f, now());
    EXPECT_EQ(!one_pass, reject_first.requires_details(f, now())) << c.what;
    if (!one_pass) continue;
    const Decision two_calls = reject_first.evaluate(f, now());
    EXPECT_EQ(one_pass->action, two_calls.action) << c.what;
    EXPECT_EQ(one_pass->rule, two_calls.rule) << c.what;
    EXPECT_EQ(one_pass->reason, two_calls.reason) << c.what;
    EXPECT_EQ(one_pass->rejection_reason, two_calls.rejection_reason) << c.what;
  }
  EXPECT_FALSE(reject_first.evaluate_without_details(summary_only(healthcare_invitation()), now()).has_value());
}

}  // namespace
}  // namespace pcs::rules
