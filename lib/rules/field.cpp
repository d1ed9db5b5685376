#include "rules/field.hpp"

#include <array>
#include <charconv>

#include "core/time_format.hpp"

namespace pcs::rules {
namespace {

constexpr std::array<FieldInfo, 15> kFields{{
    {"payload_type", FieldKind::text, false, false},
    {"title", FieldKind::text, false, false},
    {"sender_company", FieldKind::text, false, false},
    {"sender_account", FieldKind::code, true, false},
    {"customer_country", FieldKind::code, true, true},
    {"customer_industry", FieldKind::text, false, true},
    {"customer_company", FieldKind::text, false, true},
    {"customer_website", FieldKind::text, true, true},
    {"project_title", FieldKind::text, false, true},
    {"business_problem", FieldKind::text, true, true},
    {"receiver_responsibilities", FieldKind::text_list, false, true},
    {"expected_monthly_spend_usd", FieldKind::number, false, true},
    {"target_completion_date", FieldKind::date, false, true},
    {"expires_within", FieldKind::expires, false, false},
    {"invited_within", FieldKind::invited, false, false},
}};

std::optional<FieldValue> text(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  FieldValue out;
  out.texts = std::span<const std::string>(&*v, 1);
  return out;
}

std::optional<FieldValue> instant(const std::optional<WallTime>& v) {
  if (!v) return std::nullopt;
  FieldValue out;
  out.time = *v;
  return out;
}

std::optional<FieldValue> text_list(const std::optional<std::vector<std::string>>& v) {
  if (!v) return std::nullopt;
  FieldValue out;
  out.texts = *v;
  return out;
}

std::optional<FieldValue> number(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  FieldValue out;
  out.number = *v;
  return out;
}

// The model's Date ("YYYY-MM-DD"), shown as sent; unknown when it does not parse.
std::optional<FieldValue> date(const std::optional<std::string>& text) {
  const auto t = text ? parse_date(*text) : std::nullopt;
  if (!t) return std::nullopt;
  FieldValue out;
  out.texts = std::span<const std::string>(&*text, 1);
  out.time = *t;
  return out;
}

}  // namespace

std::string format_number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

std::string display_value(FieldKind kind, const FieldValue& value) {
  switch (kind) {
    case FieldKind::text:
    case FieldKind::code:
    case FieldKind::date:
      return value.texts.empty() ? std::string() : value.texts.front();
    case FieldKind::text_list: {
      // push_back, not += "[": GCC 12 reports a false -Wrestrict on the string literal form.
      std::string out;
      out.push_back('[');
      for (size_t i = 0; i < value.texts.size(); ++i) {
        if (i) out += ", ";
        out += value.texts[i];
      }
      out.push_back(']');
      return out;
    }
    case FieldKind::number:
      return format_number(value.number);
    case FieldKind::expires:
    case FieldKind::invited:
      return format_iso8601(value.time);
  }
  return {};
}

std::span<const FieldInfo> all_fields() { return kFields; }

const FieldInfo* find_field(std::string_view name) {
  for (const FieldInfo& f : kFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::optional<FieldValue> extract_field(const FieldInfo& field, const InvitationFacts& facts) {
  std::string_view n = field.name;
  if (n == "payload_type") return text(facts.payload_type);
  if (n == "title") return text(facts.title);
  if (n == "sender_company") return text(facts.sender_company);
  if (n == "sender_account") return text(facts.sender_account);
  if (n == "customer_country") return text(facts.customer_country);
  if (n == "customer_industry") return text(facts.customer_industry);
  if (n == "customer_company") return text(facts.customer_company);
  if (n == "customer_website") return text(facts.customer_website);
  if (n == "project_title") return text(facts.project_title);
  if (n == "business_problem") return text(facts.business_problem);
  if (n == "receiver_responsibilities") return text_list(facts.receiver_responsibilities);
  if (n == "expected_monthly_spend_usd")
    return number(facts.expected_customer_spend ? monthly_usd_spend(*facts.expected_customer_spend) : std::nullopt);
  if (n == "target_completion_date") return date(facts.target_completion_date);
  if (n == "expires_within") return instant(facts.expiration_date);
  if (n == "invited_within") return instant(facts.invitation_date);
  return std::nullopt;
}

}  // namespace pcs::rules
