#pragma once
// Config errors that point at the spot in the file: "pcsyncd.yaml:12:5: rules[1].action: ...".
// Shared by the rule parser and lib/config's loader so both speak the same way.

#include <span>
#include <string>
#include <string_view>

#include <yaml-cpp/mark.h>

#include "core/error.hpp"

namespace pcs::rules {

// An Error of kind config, code "InvalidConfig", message "<file>:<line>:<column>: <key>: <message>"
// (1-based line and column; the position is left out when the mark is null, the key when empty).
Error yaml_error(std::string_view file, const YAML::Mark& mark, std::string_view key, std::string_view message);

// "unknown key 'polll_interval' (did you mean 'poll_interval'?)", or without the hint when nothing is close.
std::string unknown_key_message(std::string_view what, std::string_view key, std::span<const std::string_view> known);

}  // namespace pcs::rules
