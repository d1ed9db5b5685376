#pragma once
// Reads pcsyncd.yaml into a DaemonConfig. Every problem is a pcs::Error of kind config whose message is
// "<file>:<line>:<column>: <key>: what is wrong and what to write instead"; YAML syntax errors carry
// yaml-cpp's position. Unknown keys are rejected (with a "did you mean" when one is close).

#include <span>
#include <string_view>

#include "config/daemon_config.hpp"
#include "core/result.hpp"

namespace pcs::config {

// Reads the file (the only I/O here) and parses it. `path` labels every error as given.
Result<DaemonConfig> load_daemon_config(const std::string& path);

// Every top-level key pcsyncd.yaml may hold.
std::span<const std::string_view> config_keys();

// Parses YAML text; `file_name` labels errors. For tests and for callers that already hold the text.
Result<DaemonConfig> parse_daemon_config(std::string_view yaml_text, std::string_view file_name);

}  // namespace pcs::config
