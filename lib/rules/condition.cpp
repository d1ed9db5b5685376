#include "rules/condition.hpp"

#include <algorithm>

#include "rules/display_text.hpp"
#include "rules/duration.hpp"

namespace pcs::rules {
namespace {

bool test_text(const Condition& c, bool exact, const std::string& v) {
  switch (c.op) {
    case Condition::Op::any_of:
      if (exact) return std::find(c.strings.begin(), c.strings.end(), v) != c.strings.end();
      [[fallthrough]];
    case Condition::Op::regex:
    case Condition::Op::contains:
      // RE2 throughout: linear in the value, whatever the service sends.
      return std::any_of(c.patterns.begin(), c.patterns.end(), [&](const TextPattern& p) { return p.matches(v); });
    default:
      return false;
  }
}

bool test_number(const Condition& c, double v) {
  switch (c.op) {
    case Condition::Op::any_of:
      return std::find(c.numbers.begin(), c.numbers.end(), v) != c.numbers.end();
    case Condition::Op::range:
      return (!c.min || v >= *c.min) && (!c.max || v <= *c.max);
    default:
      return false;
  }
}

bool test_time(const Condition& c, FieldKind kind, WallTime v, WallTime now) {
  switch (c.op) {
    case Condition::Op::before: return v < c.instant;
    case Condition::Op::after: return v > c.instant;
    case Condition::Op::within:
      if (kind == FieldKind::date) {
        // A date is a whole day: today's date still counts as within.
        auto today = std::chrono::floor<std::chrono::days>(now);
        return v >= today && v <= now + c.span;
      }
      if (kind == FieldKind::expires) return v > now && v <= now + c.span;
      if (kind == FieldKind::invited) return v <= now && v >= now - c.span;
      return false;
    default:
      return false;
  }
}

// The rule's own strings are bounded by the parser; they are escaped, not cut.
std::string shown(std::string_view rule_text) { return display_text(rule_text, std::string_view::npos); }

std::string join(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += shown(items[i]);
  }
  return out + "]";
}

}  // namespace

bool test_condition(const Condition& c, FieldKind kind, const FieldValue& value, WallTime now) {
  switch (c.op) {
    case Condition::Op::negate:
      return !c.children.empty() && !test_condition(c.children.front(), kind, value, now);
    case Condition::Op::all:
      return std::all_of(c.children.begin(), c.children.end(),
                         [&](const Condition& child) { return test_condition(child, kind, value, now); });
    default:
      break;
  }
  switch (kind) {
    case FieldKind::text:
    case FieldKind::code:
    case FieldKind::text_list: {
      bool exact = kind == FieldKind::code;
      return std::any_of(value.texts.begin(), value.texts.end(),
                         [&](const std::string& v) { return test_text(c, exact, v); });
    }
    case FieldKind::number:
      return test_number(c, value.number);
    case FieldKind::date:
    case FieldKind::expires:
    case FieldKind::invited:
      return test_time(c, kind, value.time, now);
  }
  return false;
}

std::string describe_condition(const Condition& c) {
  switch (c.op) {
    case Condition::Op::any_of: {
      if (!c.numbers.empty()) {
        std::vector<std::string> parts;
        for (double n : c.numbers) parts.push_back(format_number(n));
        return parts.size() == 1 ? "=" + parts.front() : "in " + join(parts);
      }
      return "in " + join(c.strings);
    }
    case Condition::Op::regex: return "~ /" + shown(c.text) + "/";
    case Condition::Op::contains: return "contains '" + shown(c.text) + "'";
    case Condition::Op::range: {
      std::string out;
      if (c.min) out += ">=" + format_number(*c.min);
      if (c.min && c.max) out += " and ";
      if (c.max) out += "<=" + format_number(*c.max);
      return out;
    }
    case Condition::Op::before: return "before " + c.text;
    case Condition::Op::after: return "after " + c.text;
    case Condition::Op::within: return "within " + format_duration(c.span);
    case Condition::Op::negate:
      return c.children.empty() ? "not ()" : "not " + describe_condition(c.children.front());
    case Condition::Op::all: {
      std::string out;
      for (size_t i = 0; i < c.children.size(); ++i) {
        if (i) out += " and ";
        out += describe_condition(c.children[i]);
      }
      return out;
    }
  }
  return {};
}

std::string explain_match(const FieldInfo& field, const Condition& c, const FieldValue& value) {
  std::string name(field.name);
  if (field.sensitive) return name + " " + describe_condition(c);
  const std::string value_shown = display_text(display_value(field.kind, value));
  // A matched equality says all there is to say with the value alone.
  if (c.op == Condition::Op::any_of && field.kind != FieldKind::text_list) return name + "=" + value_shown;
  if (c.op == Condition::Op::range) return name + "=" + value_shown + describe_condition(c);
  if (c.op == Condition::Op::within && (field.kind == FieldKind::expires || field.kind == FieldKind::invited)) {
    return name + " " + format_duration(c.span) + " (" +
           (field.kind == FieldKind::expires ? "expires " : "invited ") + value_shown + ")";
  }
  return name + "=" + value_shown + " " + describe_condition(c);
}

}  // namespace pcs::rules
