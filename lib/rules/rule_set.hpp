#pragma once
// The ordered rules and the decision they reach for one invitation. Pure: `now` is a parameter.
//
// Evaluation: an invitation that is expired or not PENDING is never acted on (action ignore, reason
// "expired" / "not pending", rule ""), whatever the rules say. Otherwise rules are tried in order and the
// first that matches wins; when none does, default_action applies (rule "default").
// A rule matches when every `when:` matcher matches and its `when.not:` block (if any) is known NOT to
// match. A matcher whose field is unknown (detail not fetched, absent, unreadable) is "unknown", and an
// unknown rule does not match: missing facts never trigger an action, negated or not.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "rules/action.hpp"
#include "rules/condition.hpp"
#include "rules/field.hpp"
#include "rules/invitation_facts.hpp"

namespace pcs::rules {

struct FieldMatcher {
  const FieldInfo* field = nullptr;  // points into the static field table
  Condition condition;
};

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

struct Rule {
  std::string name;
  std::vector<FieldMatcher> when;    // all must match
  std::vector<FieldMatcher> unless;  // `when: {not: {...}}`: must be known not to all match
  Action action = Action::ignore;
  std::optional<std::string> reason;  // reject rules: sent as RejectionReason (validated, <= 80 chars)
  std::vector<Tag> tags;              // accept rules: sent as the task's Tags (validated)

  // True when a matcher names a field only GetEngagementInvitation returns.
  bool requires_details() const;
};

struct Decision {
  Action action = Action::ignore;
  std::string rule;  // the matching rule's name, "default", or "" when the guard refused to act
  // For the audit trail: "matched rule us-healthcare: customer_country in [US, CA],
  // customer_industry=Healthcare, expected_monthly_spend_usd=12000>=5000", "expired", "not pending",
  // "no rule matched". Never holds a @sensitive value.
  std::string reason;
  std::optional<std::string> rejection_reason;  // reject: the rule's `reason` for RejectEngagementInvitation
  std::vector<Tag> tags;                        // accept: the rule's tags (empty: send no Tags member)
};

class RuleSet {
 public:
  RuleSet() = default;  // no rules, default ignore: acts on nothing
  RuleSet(std::vector<Rule> rules, Action default_action);

  Decision evaluate(const InvitationFacts& facts, WallTime now) const;

  // False when nothing can come of evaluating: every rule and the default ignore (no rules at all, with
  // default_action ignore, is a mirror only).
  bool can_act() const;

  // True when any rule needs GetEngagementInvitation's details.
  bool requires_details() const;
  // Finer, per invitation: given only the summary facts, would fetching the details change the decision?
  // False when the guard refuses, or a rule that needs no details matches before any detail rule could.
  bool requires_details(const InvitationFacts& summary, WallTime now) const;
  // Both in one pass over the rules, for facts that may lack the details: the decision, or nullopt when the
  // details would change it (requires_details(summary, now) is true). The same answers as the two calls.
  std::optional<Decision> evaluate_without_details(const InvitationFacts& summary, WallTime now) const;

  const std::vector<Rule>& rules() const { return rules_; }
  Action default_action() const { return default_action_; }

 private:
  Decision by_default() const;

  std::vector<Rule> rules_;
  Action default_action_ = Action::ignore;
};

}  // namespace pcs::rules
