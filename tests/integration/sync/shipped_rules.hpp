#pragma once
// config/pcsyncd.yaml's rules, as the long runs use them: their YAML text to put in a generated config, an oracle
// restating what they decide (not lib/rules: the oracle must not share the code it checks), and scenario
// profiles that meet all three outcomes. Header-only.

#include <cctype>
#include <fstream>
#include <string>

#include "sim/sim_state.hpp"

namespace pcs::sync::test {

// The `rules:` and `default_action:` part of config/pcsyncd.yaml, to append to a generated config.
inline std::string shipped_rules_yaml() {
  std::ifstream in(std::string(PCSYNC_SOURCE_DIR) + "/config/pcsyncd.yaml");
  std::string rules, line;
  for (bool in_rules = false; std::getline(in, line);) {
    in_rules = in_rules || line.rfind("rules:", 0) == 0;
    if (in_rules) rules += line + "\n";
  }
  return rules;
}

enum class Expected { accept, reject, ignore };

// What those rules decide for an invitation the simulator generated.
inline Expected expected_action(const sim::InvitationFacts& f) {
  const bool country = f.country == "US" || f.country == "CA";
  const bool industry = f.industry == "Healthcare" || f.industry == "Life Sciences";
  if (country && industry && f.monthly_spend >= 5000) return Expected::accept;
  std::string lower;
  for (char c : f.sender_company) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower.rfind("example", 0) == 0 ? Expected::reject : Expected::ignore;
}

// Scenario YAML (the `invitations:` keys sender_companies and profiles) for invitations those rules accept,
// reject and ignore, about 40/25/35 %: a long run meets all three outcomes often.
inline constexpr const char* kShippedRulesProfiles =
    R"(  sender_companies: [Example Corp, Example Analytics, AnyCompany, Octank]
  profiles:
    - {name: us-healthcare, weight: 40, industries: [Healthcare, Life Sciences], countries: [US, CA], spend: [5000, 90000]}
    - {name: small-healthcare, weight: 15, industries: [Healthcare], countries: [US], spend: [100, 4999]}
    - {name: other, weight: 45, industries: [Retail, Education], countries: [US, DE, GB], spend: [100, 90000]}
)";

}  // namespace pcs::sync::test
