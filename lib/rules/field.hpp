#pragma once
// The invitation fields a rule's `when:` block can name, what kind of value each holds, whether it is
// @sensitive in the API model (its value then never appears in an explanation), and whether it is only
// known after GetEngagementInvitation.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "rules/invitation_facts.hpp"

namespace pcs::rules {

enum class FieldKind {
  text,       // free text or an enum: equality is case-insensitive (Unicode simple case folding)
  code,       // identifiers (country code, account id): equality is exact
  text_list,  // a list of enum values: a matcher matches if ANY element matches
  number,     // expected_monthly_spend_usd
  date,       // a calendar date ("YYYY-MM-DD"), compared at midnight UTC
  expires,    // expires_within: the value is the invitation's ExpirationDate
  invited,    // invited_within: the value is the invitation's InvitationDate
};

struct FieldInfo {
  std::string_view name;  // as written in pcsyncd.yaml
  FieldKind kind;
  bool sensitive;      // @sensitive in the model: never echo the value
  bool needs_details;  // only GetEngagementInvitation returns it
};

std::span<const FieldInfo> all_fields();
const FieldInfo* find_field(std::string_view name);

// A field's value for one invitation; which member is set follows FieldKind. It views the facts it was
// extracted from (no copy: 100,000 invitations x 20 rules are evaluated each poll), so it lives no longer than them.
struct FieldValue {
  std::span<const std::string> texts;  // text and code: one element; text_list: every element; date: as sent
  double number = 0;
  WallTime time{};
};

// How an explanation shows the value (not used for sensitive fields).
std::string display_value(FieldKind kind, const FieldValue& value);

// Shortest decimal spelling of a number (12000, 12000.5), for explanations.
std::string format_number(double v);

// nullopt when the facts do not carry the field (details not fetched, field absent, unreadable).
std::optional<FieldValue> extract_field(const FieldInfo& field, const InvitationFacts& facts);

}  // namespace pcs::rules
