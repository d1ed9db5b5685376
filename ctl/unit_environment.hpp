#pragma once
// The environment systemd would give a service unit's process, for `pcsyncctl doctor --unit`: the manager's
// PATH, USER/LOGNAME/HOME/SHELL of User= (from the user database), Environment=, then the EnvironmentFile=
// files in order (later assignments win). Not the operator's own environment: the service never sees it.
// Values are never shown (they may be keys); the summary names the variables only.

#include <optional>
#include <string>
#include <vector>

#include "service_unit.hpp"

namespace pcs::ctl {

struct UnitEnvironment {
  EnvironmentVariables variables;
  std::optional<std::string> config_path;  // ExecStart's --config
  std::string summary;                     // the unit, its files, its user and the variables' names
  std::vector<std::string> warnings;
  std::vector<std::string> failures;       // systemd would refuse to start it (a required file is missing)
};

UnitEnvironment unit_environment(const ServiceUnit& unit);

// Replaces the whole process environment while it lives and restores it afterwards: the checks read
// variables through getenv (the credential chain, the proxy, OpenSSL), so they see exactly this set.
class ScopedProcessEnvironment {
 public:
  explicit ScopedProcessEnvironment(const EnvironmentVariables& variables);
  ~ScopedProcessEnvironment();
  ScopedProcessEnvironment(const ScopedProcessEnvironment&) = delete;
  ScopedProcessEnvironment& operator=(const ScopedProcessEnvironment&) = delete;

 private:
  std::vector<std::string> saved_;  // "NAME=value"
};

}  // namespace pcs::ctl
