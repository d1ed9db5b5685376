#pragma once
// Shared by the rules tests: build a RuleSet from YAML text, and a pending invitation to evaluate.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "core/time_format.hpp"
#include "rules/rule_parser.hpp"

namespace pcs::rules::test {

// Fixed "now" for every evaluation: 2024-06-01T00:00:00Z.
inline WallTime now() { return *parse_iso8601("2024-06-01T00:00:00Z"); }

inline Result<RuleSet> parse(const std::string& yaml, Action default_action = Action::ignore) {
  return parse_rule_set(YAML::Load(yaml)["rules"], default_action, "test.yaml");
}

inline RuleSet must_parse(const std::string& yaml, Action default_action = Action::ignore) {
  auto r = parse(yaml, default_action);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : RuleSet{};
}

// A PENDING invitation with summary and details filled, expiring in 10 days, invited 2 days ago.
inline InvitationFacts healthcare_invitation() {
  InvitationFacts f;
  f.id = "engi-0001";
  f.status = "PENDING";
  f.invitation_date = *parse_iso8601("2024-05-30T00:00:00Z");
  f.expiration_date = *parse_iso8601("2024-06-11T00:00:00Z");
  f.payload_type = "OpportunityInvitation";
  f.title = "Cloud migration";
  f.sender_company = "AWS";
  f.sender_account = "123456789012";
  f.customer_country = "US";
  f.customer_industry = "Healthcare";
  f.customer_company = "Acme Health";
  f.customer_website = "https://acme.example";
  f.project_title = "EHR modernisation";
  f.business_problem = "Legacy records system cannot scale to demand";
  f.target_completion_date = "2024-12-31";
  f.receiver_responsibilities = std::vector<std::string>{"Services Partner", "Reseller"};
  f.expected_customer_spend = std::vector<SpendEntry>{{"12000", "USD", "Monthly"}};
  return f;
}

// The same invitation as ListEngagementInvitations alone describes it (no details fetched).
inline InvitationFacts summary_only(InvitationFacts f) {
  f.customer_country.reset();
  f.customer_industry.reset();
  f.customer_company.reset();
  f.customer_website.reset();
  f.project_title.reset();
  f.business_problem.reset();
  f.target_completion_date.reset();
  f.receiver_responsibilities.reset();
  f.expected_customer_spend.reset();
  return f;
}

// config/pcsyncd.yaml (its `rules:` is what parse() reads): the rules the README documents and pcsyncd installs.
inline const std::string kExampleRules = pcs::test::shipped_config_text();

}  // namespace pcs::rules::test
