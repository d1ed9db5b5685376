#pragma once
// What a systemd service unit gives pcsyncd's process, read the way systemd reads it, for
// `pcsyncctl doctor --unit`: the unit file and its drop-ins, and in their [Service] sections User=,
// Environment=, EnvironmentFile=, ExecStart= and ProtectHome=; then the environment files themselves.
//
// Supported: the search path below (the first unit file found wins; a link to /dev/null is a masked unit),
// templates (pcsyncd@acme.service from pcsyncd@.service), drop-ins NAME.d/*.conf and, for an instance, the
// template's drop-ins, applied in file-name order with a name in an earlier directory hiding the same name
// in a later one; line continuations, comments, an empty assignment resetting a list; the specifiers
// %i %I %n %N %p %P %E %S %C %L %t %%. Not supported (an error names them): other specifiers, unit
// types other than .service, the top-level "service.d" drop-ins and PassEnvironment=.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace pcs::ctl {

using EnvironmentVariables = std::vector<std::pair<std::string, std::string>>;

struct EnvironmentFileRef {
  std::string path;
  bool optional = false;  // written "-/path": a missing file is skipped
};

struct ServiceUnit {
  std::string name;                // "pcsyncd@acme.service"
  std::vector<std::string> files;  // the unit file, then the drop-ins in the order applied
  std::optional<std::string> user;
  EnvironmentVariables environment;  // Environment=, in order
  std::vector<EnvironmentFileRef> environment_files;
  std::vector<std::string> exec_start;  // the words of the last ExecStart=, its prefixes (-@:+!) removed
  bool protect_home = false;            // ProtectHome= yes, read-only or tmpfs: /home, /root, /run/user hidden
};

// Debian's systemd search path for system units, highest priority first.
std::vector<std::filesystem::path> default_unit_search_path();

// `name_or_path`: a unit name ("pcsyncd", "pcsyncd@acme", "pcsyncd.service") looked up in `search_path`, or
// a path with a slash (a unit file not installed yet), whose own directory is then the search path.
Result<ServiceUnit> read_service_unit(std::string_view name_or_path,
                                      const std::vector<std::filesystem::path>& search_path);

// The systemd.exec(5) EnvironmentFile= syntax: KEY=VALUE lines, # and ; comments, single and double quotes,
// backslash escapes and continuations. Lines that are not an assignment to a valid name are ignored (as
// systemd ignores them) and listed by number.
struct EnvironmentFileContent {
  EnvironmentVariables variables;
  std::vector<int> ignored_lines;
};
EnvironmentFileContent parse_environment_file(std::string_view text);

// The value of --config (or --config=) in ExecStart's words; none when absent.
std::optional<std::string> config_argument(const std::vector<std::string>& exec_start);

}  // namespace pcs::ctl
