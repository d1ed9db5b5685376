#pragma once
// Builds a RuleSet from the `rules:` node of pcsyncd.yaml. Every mistake is an Error of kind config
// naming file, line, column and key (see yaml_diagnostics.hpp); nothing is guessed or skipped.

#include <string_view>

#include <yaml-cpp/node/node.h>

#include "core/result.hpp"
#include "rules/action.hpp"
#include "rules/rule_set.hpp"

namespace pcs::rules {

// `rules` is the sequence under `rules:` (a null/absent node means no rules); `file` only labels errors.
Result<RuleSet> parse_rule_set(const YAML::Node& rules, Action default_action, std::string_view file);

}  // namespace pcs::rules
