// Target: pcsyncd.yaml. The input is the YAML text, optionally followed by a line "%%facts" and one invitation
// fact per line (see kFactLines). parse_daemon_config() loads it: keys, ranges, durations, the rules with their
// RE2 patterns; the loaded rules then decide the invitation the facts describe.
// Properties: a refusal is kind config and names the file; a loaded config keeps every setting in its range;
// an invitation that is not PENDING, or expired, is never acted on; a decision's explanation never shows a
// @sensitive fact (unless the config itself spells that text).
#include <chrono>

#include "config/config_loader.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace pcs;
using std::chrono::seconds;

constexpr std::string_view kFactsMarker = "%%facts\n";

struct FactLines {
  std::vector<std::string> lines;
};

FactLines split_lines(std::string_view text) {
  FactLines out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    out.lines.emplace_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return out;
}

// One fact per line, in this order; lines past the end leave the fact unknown.
rules::InvitationFacts facts_from(const FactLines& f, WallTime now) {
  rules::InvitationFacts facts;
  facts.id = "engi-0000000000000";
  facts.status = "PENDING";
  facts.invitation_date = now - std::chrono::hours(24);
  facts.expiration_date = now + std::chrono::hours(24 * 10);
  facts.payload_type = "OpportunityInvitation";
  auto optional_line = [&f](std::size_t i) -> std::optional<std::string> {
    if (i >= f.lines.size()) return std::nullopt;
    return f.lines[i];
  };
  facts.title = optional_line(0);
  facts.sender_company = optional_line(1);
  facts.customer_industry = optional_line(2);
  facts.customer_company = optional_line(3);
  facts.project_title = optional_line(4);
  facts.target_completion_date = optional_line(5);
  if (auto r = optional_line(6)) facts.receiver_responsibilities = std::vector<std::string>{*r, "Co-Sell Facilitator"};
  if (auto amount = optional_line(7))
    facts.expected_customer_spend = std::vector<rules::SpendEntry>{{*amount, "USD", "Monthly"}};
  // @sensitive in the model: never shown in an explanation.
  facts.sender_account = optional_line(8);
  facts.customer_country = optional_line(9);
  facts.customer_website = optional_line(10);
  facts.business_problem = optional_line(11);
  return facts;
}

void check_loaded(const config::DaemonConfig& c) {
  FUZZ_CHECK(c.catalog == "AWS" || c.catalog == "Sandbox");
  FUZZ_CHECK(!c.region.empty());
  FUZZ_CHECK(c.poll_interval >= seconds{10} && c.poll_interval <= seconds{86400});
  FUZZ_CHECK(c.reconcile_interval >= seconds{60} && c.reconcile_interval <= seconds{7 * 86400});
  FUZZ_CHECK(c.task_poll_interval >= seconds{5} && c.task_poll_interval <= seconds{3600});
  FUZZ_CHECK(c.request_timeout >= seconds{1} && c.request_timeout <= seconds{600});
  FUZZ_CHECK(c.call_timeout >= c.request_timeout && c.call_timeout <= seconds{1800});
  FUZZ_CHECK(c.max_accept_attempts >= 1 && c.max_accept_attempts <= 10);
  FUZZ_CHECK(c.quota_share > 0 && c.quota_share <= 1);
  FUZZ_CHECK(c.read_quota_per_second > 0 && c.write_quota_per_second > 0);
  FUZZ_CHECK(c.read_quota_daily >= 1 && c.write_quota_daily >= 1);
  if (c.max_attempts) FUZZ_CHECK(*c.max_attempts >= 1 && *c.max_attempts <= 10);
  for (std::size_t i = 0; i < c.rules.rules().size(); ++i)
    for (std::size_t j = i + 1; j < c.rules.rules().size(); ++j)
      FUZZ_CHECK(c.rules.rules()[i].name != c.rules.rules()[j].name);
}

bool occurs(std::string_view text, const std::optional<std::string>& part) {
  return part && text.find(*part) != std::string_view::npos;
}

void check_decision(const rules::RuleSet& rule_set, const rules::InvitationFacts& facts, std::string_view yaml,
                    WallTime now) {
  const rules::Decision d = rule_set.evaluate(facts, now);
  const rules::Decision again = rule_set.evaluate(facts, now);
  FUZZ_CHECK(d.action == again.action && d.rule == again.rule && d.reason == again.reason);
  bool named = d.rule == "default";
  for (const auto& rule : rule_set.rules()) named = named || rule.name == d.rule;
  FUZZ_CHECK(named);

  // The text of a sensitive fact may also be other text the explanation shows: a plain fact, or pcsyncd's own
  // words (the fuzzer found " rule mat" in "no rule matched"). So the fact is checked only when the explanation
  // of the same invitation with that fact replaced by a marker does not show the text too.
  using Fact = std::optional<std::string> rules::InvitationFacts::*;
  for (Fact sensitive : {&rules::InvitationFacts::sender_account, &rules::InvitationFacts::customer_country,
                         &rules::InvitationFacts::customer_website, &rules::InvitationFacts::business_problem}) {
    const std::optional<std::string>& value = facts.*sensitive;
    if (!value || value->size() < 6 || occurs(yaml, value)) continue;
    rules::InvitationFacts replaced = facts;
    replaced.*sensitive = std::string("\x01sensitive\x01");
    if (rule_set.evaluate(replaced, now).reason.find(*value) != std::string::npos) continue;
    FUZZ_CHECK(d.reason.find(*value) == std::string::npos);
  }

  // The guard: whatever the rules say, an invitation that is not PENDING or has expired is left alone.
  rules::InvitationFacts expired = facts;
  expired.expiration_date = now - seconds{1};
  FUZZ_CHECK(rule_set.evaluate(expired, now).action == rules::Action::ignore);
  rules::InvitationFacts accepted = facts;
  accepted.status = "ACCEPTED";
  FUZZ_CHECK(rule_set.evaluate(accepted, now).action == rules::Action::ignore);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const auto split = text.find(kFactsMarker);
  const std::string_view yaml = text.substr(0, split);
  const FactLines fact_lines =
      split == std::string_view::npos ? FactLines{} : split_lines(text.substr(split + kFactsMarker.size()));

  auto loaded = config::parse_daemon_config(yaml, "pcsyncd.yaml");
  if (!loaded) {
    const Error& e = loaded.error();
    FUZZ_CHECK(e.kind == ErrorKind::config);
    FUZZ_CHECK(!e.code.empty());
    FUZZ_CHECK(e.message.starts_with("pcsyncd.yaml"));
    return 0;
  }
  check_loaded(*loaded);
  const WallTime now{std::chrono::seconds{1'750'000'000}};
  check_decision(loaded->rules, facts_from(fact_lines, now), yaml, now);
  return 0;
}
