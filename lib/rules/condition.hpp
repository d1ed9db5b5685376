#pragma once
// One field's matcher as a small tree: leaves test the value, `negate` and `all` combine them.
// Built by the rule parser, evaluated against a FieldValue. Pure.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "rules/field.hpp"
#include "rules/text_pattern.hpp"

namespace pcs::rules {

struct Condition {
  enum class Op {
    any_of,    // scalar or list: equals one of `strings` (text/code) or `numbers` (number)
    regex,     // RE2 search (unanchored), RE2's own flags such as (?i)
    contains,  // substring; Unicode case-insensitive for text fields, exact for code fields
    range,     // number: min <= value <= max, either bound optional
    before,    // date: value < instant
    after,     // date: value > instant
    within,    // date: today <= value <= now+span; expires: now < value <= now+span;
               // invited: now-span <= value <= now
    negate,    // not children[0]
    all,       // every child (several operators in one map, e.g. {min: 1, max: 2})
  };
  Op op = Op::all;
  std::vector<std::string> strings;
  std::vector<double> numbers;
  // any_of on text fields: one case-folded equality per element of `strings` (code fields compare
  // `strings` exactly); regex and contains: the one compiled pattern.
  std::vector<TextPattern> patterns;
  std::string text;  // regex pattern, contains needle, or the date as written
  std::optional<double> min, max;
  WallTime instant{};
  std::chrono::seconds span{0};
  std::vector<Condition> children;
};

// Whether `value` of a field of `kind` satisfies `c` at time `now`.
bool test_condition(const Condition& c, FieldKind kind, const FieldValue& value, WallTime now);

// The condition as a short phrase from the rule's own text: "in [US, CA]", ">=5000", "~ /(?i)^example/",
// "contains 'migration'", "before 2026-12-31", "within 90d", "not in [US]". Never contains a fact.
// Control characters in the rule's strings are escaped (display_text), so the phrase is one line.
std::string describe_condition(const Condition& c);

// One "field..." part of a match explanation. Non-sensitive fields show the value
// ("customer_industry=Healthcare", "expected_monthly_spend_usd=12000>=5000"); sensitive ones only the
// condition ("customer_country in [US, CA]"). A shown value is capped and escaped by display_text: it comes
// from the service and may be huge or hold control characters.
std::string explain_match(const FieldInfo& field, const Condition& c, const FieldValue& value);

}  // namespace pcs::rules
