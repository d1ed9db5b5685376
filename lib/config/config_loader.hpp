#pragma once
// Reads pcsyncd.yaml into a DaemonConfig. Every problem is a pcs::Error of kind config whose message is
// "<file>:<line>:<column>: <key>: what is wrong and what to write instead"; YAML syntax errors carry
// yaml-cpp's position. Unknown keys are rejected (with a "did you mean" when one is close).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "config/daemon_config.hpp"
#include "core/result.hpp"

namespace pcs::config {

// The largest config file accepted, in bytes. pcsyncd.yaml is a few kilobytes; a file past this is the
// wrong file or a mistake, and yaml-cpp's node tree would cost many times its size.
inline constexpr std::size_t kMaxConfigBytes = 1 << 20;

// Reads the file (the only I/O here, at most kMaxConfigBytes + 1 bytes of it) and parses it. `path`
// labels every error as given.
Result<DaemonConfig> load_daemon_config(const std::string& path);

// Every top-level key pcsyncd.yaml may hold.
std::span<const std::string_view> config_keys();

// Parses YAML text; `file_name` labels errors. For tests and for callers that already hold the text.
// Text over kMaxConfigBytes is refused; so is nesting deeper than yaml-cpp's guard allows.
Result<DaemonConfig> parse_daemon_config(std::string_view yaml_text, std::string_view file_name);

}  // namespace pcs::config
