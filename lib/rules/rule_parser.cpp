#include "rules/rule_parser.hpp"

#include <array>
#include <set>

#include <yaml-cpp/yaml.h>

#include "core/ascii.hpp"
#include "core/time_format.hpp"
#include "partnercentral/enum_values.hpp"
#include "rules/duration.hpp"
#include "rules/text_checks.hpp"
#include "rules/text_pattern.hpp"
#include "rules/yaml_diagnostics.hpp"

namespace pcs::rules {
namespace {

constexpr std::string_view kRe2SyntaxUrl = "https://github.com/google/re2/wiki/Syntax";

constexpr std::array<std::string_view, 5> kRuleKeys{"name", "when", "action", "reason", "tags"};
constexpr std::array<std::string_view, 7> kOperators{"regex", "contains", "min", "max", "before", "after", "within"};

std::string one_of(std::span<const std::string_view> values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "");
    out += values[i];
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view file) : file_(file) {}

  Result<RuleSet> parse(const YAML::Node& rules, Action default_action) {
    if (!rules || rules.IsNull()) return RuleSet({}, default_action);
    if (!rules.IsSequence()) return error(rules, "rules", "must be a list of rules (each item starts with '- name:')");
    std::vector<Rule> parsed;
    std::set<std::string> names;
    for (size_t i = 0; i < rules.size(); ++i) {
      auto rule = parse_rule(rules[i], "rules[" + std::to_string(i) + "]");
      if (!rule) return rule.error();
      if (!names.insert(rule->name).second) {
        return error(rules[i]["name"], "rules[" + std::to_string(i) + "].name",
                     "duplicate rule name '" + rule->name + "'; rule names must be unique (they label the audit trail)");
      }
      parsed.push_back(std::move(rule.value()));
    }
    return RuleSet(std::move(parsed), default_action);
  }

 private:
  Error error(const YAML::Node& at, const std::string& key, const std::string& message) const {
    return yaml_error(file_, at ? at.Mark() : YAML::Mark::null_mark(), key, message);
  }

  Result<Rule> parse_rule(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) return error(node, path, "each rule must be a map with name, when and action");
    Rule rule;
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.Scalar();
      if (std::find(kRuleKeys.begin(), kRuleKeys.end(), key) == kRuleKeys.end()) {
        return error(it->first, path, unknown_key_message("rule key", key, kRuleKeys));
      }
      if (!seen.insert(key).second) return error(it->first, path + "." + key, "duplicate key");
    }
    YAML::Node name = node["name"];
    if (!name || !name.IsScalar() || name.Scalar().empty()) {
      return error(name ? name : node, path + ".name", "every rule needs a non-empty name");
    }
    rule.name = name.Scalar();
    if (rule.name == "default") return error(name, path + ".name", "'default' is reserved for default_action; pick another name");
    if (auto why = check_tag_value(rule.name); !why.empty() || rule.name.size() > 64) {
      return error(name, path + ".name", "use up to 64 letters, digits, spaces and _ . : / = + - @");
    }

    YAML::Node action = node["action"];
    if (!action) return error(node, path + ".action", "every rule needs an action: accept, reject, review or ignore");
    auto parsed_action = action.IsScalar() ? parse_action(action.Scalar()) : std::nullopt;
    if (!parsed_action) {
      return error(action, path + ".action",
                   "unknown action '" + (action.IsScalar() ? action.Scalar() : std::string("?")) +
                       "'; use accept, reject, review or ignore");
    }
    rule.action = *parsed_action;

    if (YAML::Node reason = node["reason"]) {
      if (rule.action != Action::reject) {
        return error(reason, path + ".reason", "reason is sent only when rejecting; remove it or use action: reject");
      }
      if (!reason.IsScalar()) return error(reason, path + ".reason", "must be a string");
      if (auto why = check_rejection_reason(reason.Scalar()); !why.empty()) return error(reason, path + ".reason", why);
      rule.reason = reason.Scalar();
    }

    if (YAML::Node tags = node["tags"]) {
      if (rule.action != Action::accept) {
        return error(tags, path + ".tags", "tags are sent only when accepting; remove them or use action: accept");
      }
      auto parsed_tags = parse_tags(tags, path + ".tags");
      if (!parsed_tags) return parsed_tags.error();
      rule.tags = std::move(parsed_tags.value());
    }

    if (YAML::Node when = node["when"]) {
      auto status = parse_when(when, path + ".when", rule.when, &rule.unless);
      if (!status) return status.error();
    }
    return rule;
  }

  Result<std::vector<Tag>> parse_tags(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) return error(node, path, "must be a map of tag key to value, e.g. {source: pcsyncd}");
    std::vector<Tag> tags;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.Scalar();
      if (auto why = check_tag_key(key); !why.empty()) return error(it->first, path, "tag key " + why);
      for (const Tag& t : tags) {
        if (t.key == key) return error(it->first, path + "." + key, "duplicate tag key");
      }
      if (!it->second.IsScalar()) {
        return error(it->second.IsDefined() && !it->second.IsNull() ? it->second : it->first, path + "." + key,
                     "tag value must be a string (write '' for an empty value)");
      }
      if (auto why = check_tag_value(it->second.Scalar()); !why.empty()) {
        return error(it->second, path + "." + key, "tag value " + why);
      }
      tags.push_back({key, it->second.Scalar()});
    }
    if (tags.empty()) return error(node, path, "empty tags; remove the key to send no tags");
    if (tags.size() > kMaxTags) return error(node, path, "at most 200 tags per rule");
    return tags;
  }

  Status parse_when(const YAML::Node& node, const std::string& path, std::vector<FieldMatcher>& out,
                    std::vector<FieldMatcher>* unless) {
    if (node.IsNull()) return Ok{};
    if (!node.IsMap()) return error(node, path, "must be a map of field: matcher");
    std::set<std::string> seen;
    std::vector<std::string_view> known;
    for (const FieldInfo& f : all_fields()) known.push_back(f.name);
    if (unless) known.push_back("not");
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.Scalar();
      if (!seen.insert(key).second) return error(it->first, path + "." + key, "duplicate key");
      if (key == "not" && unless) {
        auto status = parse_when(it->second, path + ".not", *unless, nullptr);
        if (!status) return status;
        if (unless->empty()) return error(it->second, path + ".not", "empty not block; remove it");
        continue;
      }
      const FieldInfo* field = find_field(key);
      if (!field) {
        return error(it->first, path,
                     unknown_key_message(unless ? "matcher" : "matcher (not blocks cannot nest)", key, known));
      }
      auto condition = parse_condition(it->second, *field, path + "." + key);
      if (!condition) return condition.error();
      out.push_back({field, std::move(condition.value())});
    }
    return Ok{};
  }

  // Scalar shorthand, list shorthand, or a map of operators (ANDed).
  Result<Condition> parse_condition(const YAML::Node& node, const FieldInfo& field, const std::string& path) {
    if (node.IsMap()) return parse_operators(node, field, path);
    if (field.kind == FieldKind::expires || field.kind == FieldKind::invited) {
      return parse_within(node, path, "write a duration such as 7d or 12h");
    }
    if (field.kind == FieldKind::date) {
      return error(node, path, "use {before: YYYY-MM-DD}, {after: YYYY-MM-DD} or {within: 90d}");
    }
    return parse_any_of(node, field, path);
  }

  Result<Condition> parse_any_of(const YAML::Node& node, const FieldInfo& field, const std::string& path) {
    std::vector<YAML::Node> items;
    if (node.IsScalar()) {
      items.push_back(node);
    } else if (node.IsSequence()) {
      if (node.size() == 0) return error(node, path, "an empty list never matches; list at least one value");
      for (const auto& item : node) items.push_back(item);
    } else {
      return error(node, path, "expected a value, a list of values, or a map of operators");
    }
    Condition c;
    c.op = Condition::Op::any_of;
    for (const YAML::Node& item : items) {
      if (!item.IsScalar()) return error(item, path, "list items must be plain values");
      const std::string& v = item.Scalar();
      if (field.kind == FieldKind::number) {
        double n = 0;
        if (!YAML::convert<double>::decode(item, n)) return error(item, path, "'" + v + "' is not a number");
        c.numbers.push_back(n);
        continue;
      }
      if (auto why = check_enum_value(field, v); !why.empty()) return error(item, path, why);
      c.strings.push_back(v);
      if (field.kind != FieldKind::code) {
        auto pattern = parse_literal(item, path, field, TextPattern::Extent::whole);
        if (!pattern) return pattern.error();
        c.patterns.push_back(std::move(pattern.value()));
      }
    }
    return c;
  }

  std::string check_enum_value(const FieldInfo& field, const std::string& v) const {
    auto check = [&](std::span<const std::string_view> allowed, const char* what) -> std::string {
      for (std::string_view a : allowed) {
        if (ascii_iequals(a, v)) return {};
      }
      return "'" + v + "' is not " + what + "; use one of: " + one_of(allowed) + " (or a regex)";
    };
    // The model's enum values (lib/partnercentral's header-only table): a misspelt value would never match.
    if (field.name == "customer_industry") return check(pc::kIndustryValues, "an Industry");
    if (field.name == "receiver_responsibilities")
      return check(pc::kReceiverResponsibilityValues, "a ReceiverResponsibility");
    if (field.name == "payload_type") return check(pc::kPayloadTypeValues, "a PayloadType");
    if (field.name == "customer_country") {
      bool ok = v.size() == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z';
      if (!ok) return "'" + v + "' is not a country code; write ISO 3166 alpha-2 in capitals, e.g. US";
    }
    if (v.empty()) return "an empty value never matches";
    return {};
  }

  Result<Condition> parse_within(const YAML::Node& node, const std::string& path, const char* hint) {
    if (!node.IsScalar()) return error(node, path, hint);
    auto d = parse_duration(node.Scalar());
    if (!d || d->count() <= 0) return error(node, path, "'" + node.Scalar() + "' is not a duration; " + hint);
    Condition c;
    c.op = Condition::Op::within;
    c.span = *d;
    return c;
  }

  Result<Condition> parse_operators(const YAML::Node& node, const FieldInfo& field, const std::string& path) {
    if (node.size() == 0) return error(node, path, "empty matcher; give a value or an operator");
    bool is_text = field.kind == FieldKind::text || field.kind == FieldKind::code || field.kind == FieldKind::text_list;
    bool is_time = field.kind == FieldKind::date || field.kind == FieldKind::expires || field.kind == FieldKind::invited;
    // Built with push_back: GCC 12 warns falsely (-Warray-bounds) on insert of an initializer list here.
    std::vector<std::string_view> allowed;
    allowed.push_back("not");
    if (is_text) {
      allowed.push_back("regex");
      allowed.push_back("contains");
    }
    if (field.kind == FieldKind::number) {
      allowed.push_back("min");
      allowed.push_back("max");
    }
    if (field.kind == FieldKind::date) {
      allowed.push_back("before");
      allowed.push_back("after");
    }
    if (is_time) allowed.push_back("within");

    Condition all;
    all.op = Condition::Op::all;
    Condition range;
    range.op = Condition::Op::range;
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string op = it->first.Scalar();
      std::string op_path = path + "." + op;
      // A copy: the iterator hands out a temporary proxy, a reference into it would dangle.
      const YAML::Node arg = it->second;
      if (std::find(allowed.begin(), allowed.end(), op) == allowed.end()) {
        bool known_elsewhere = op == "not" || std::find(kOperators.begin(), kOperators.end(), op) != kOperators.end();
        std::string msg = known_elsewhere ? "operator '" + op + "' does not apply to " + std::string(field.name)
                                          : unknown_key_message("operator", op, allowed);
        return error(it->first, path, msg + "; use " + one_of(allowed));
      }
      if (!seen.insert(op).second) return error(it->first, op_path, "duplicate operator");
      if (op == "not") {
        auto inner = parse_condition(arg, field, op_path);
        if (!inner) return inner.error();
        Condition c;
        c.op = Condition::Op::negate;
        c.children.push_back(std::move(inner.value()));
        all.children.push_back(std::move(c));
      } else if (op == "regex") {
        auto c = parse_regex(arg, op_path);
        if (!c) return c.error();
        all.children.push_back(std::move(c.value()));
      } else if (op == "contains") {
        if (!arg.IsScalar() || arg.Scalar().empty()) return error(arg, op_path, "needs a non-empty string");
        auto pattern = parse_literal(arg, op_path, field, TextPattern::Extent::anywhere);
        if (!pattern) return pattern.error();
        Condition c;
        c.op = Condition::Op::contains;
        c.text = arg.Scalar();
        c.patterns.push_back(std::move(pattern.value()));
        all.children.push_back(std::move(c));
      } else if (op == "min" || op == "max") {
        double n = 0;
        if (!arg.IsScalar() || !YAML::convert<double>::decode(arg, n)) {
          return error(arg, op_path, "needs a number, e.g. 5000");
        }
        (op == "min" ? range.min : range.max) = n;
      } else if (op == "before" || op == "after") {
        auto t = arg.IsScalar() ? parse_date(arg.Scalar()) : std::nullopt;
        if (!t) return error(arg, op_path, "needs a date written YYYY-MM-DD, e.g. 2026-12-31");
        Condition c;
        c.op = op == "before" ? Condition::Op::before : Condition::Op::after;
        c.instant = *t;
        c.text = arg.Scalar();
        all.children.push_back(std::move(c));
      } else if (op == "within") {
        auto c = parse_within(arg, op_path, "write a duration such as 90d");
        if (!c) return c.error();
        all.children.push_back(std::move(c.value()));
      }
    }
    if (range.min || range.max) {
      if (range.min && range.max && *range.min > *range.max) {
        return error(node, path, "min is greater than max; nothing can match");
      }
      all.children.insert(all.children.begin(), std::move(range));
    }
    if (all.children.size() == 1) return std::move(all.children.front());
    return all;
  }

  Result<Condition> parse_regex(const YAML::Node& arg, const std::string& path) {
    if (!arg.IsScalar() || arg.Scalar().empty()) return error(arg, path, "needs a non-empty pattern string");
    auto pattern = TextPattern::regex(arg.Scalar());
    if (!pattern) {
      const Error& e = pattern.error();
      if (e.code == "PatternTooLong") return error(arg, path, "the pattern " + e.message);
      return error(arg, path,
                   "invalid regular expression: " + e.message + "; write RE2 syntax (" + std::string(kRe2SyntaxUrl) +
                       "): it has no lookaround such as (?=...) and no backreferences such as \\1");
    }
    Condition c;
    c.op = Condition::Op::regex;
    c.text = arg.Scalar();
    c.patterns.push_back(std::move(pattern.value()));
    return c;
  }

  // Equality and contains as RE2 literals: Unicode case folding for text fields, exact for codes, and
  // linear time either way (no quadratic substring search over a value the service chose).
  Result<TextPattern> parse_literal(const YAML::Node& at, const std::string& path, const FieldInfo& field,
                                    TextPattern::Extent extent) {
    auto letter_case = field.kind == FieldKind::code ? TextPattern::Case::exact : TextPattern::Case::fold;
    auto pattern = TextPattern::literal(at.Scalar(), extent, letter_case);
    if (!pattern) return error(at, path, "the value " + pattern.error().message);
    return pattern;
  }

  std::string_view file_;
};

}  // namespace

Result<RuleSet> parse_rule_set(const YAML::Node& rules, Action default_action, std::string_view file) {
  try {
    return Parser(file).parse(rules, default_action);
  } catch (const YAML::Exception& e) {
    // Only reached on a malformed node (e.g. a non-scalar map key); still report where.
    return yaml_error(file, e.mark, "rules", e.msg);
  }
}

}  // namespace pcs::rules
