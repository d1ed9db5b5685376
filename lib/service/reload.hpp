#pragma once
// What a SIGHUP does with the file it re-read: the reload policy, pure. A reload is applied whole or refused
// whole: refused when the file does not load, when it changes a key that needs a restart
// (config::plan_reload), or when the governor cannot be configured from it; the running configuration then
// stays. The daemon (daemon_app.cpp) swaps in what this returns, records it and reports it.

#include <optional>
#include <string>

#include "aws/config/settings.hpp"
#include "config/daemon_config.hpp"
#include "core/result.hpp"
#include "governor/governor_config.hpp"

namespace pcs::service {

struct ReloadDecision {
  bool applied = false;
  std::string message;  // applied: which keys changed; refused: why, for the log, the status line and the record
  std::optional<config::DaemonConfig> config;        // when applied: the new snapshot
  std::optional<gov::GovernorConfig> governor;       // when applied: the governor's new configuration
};

// `loaded` is the re-read file (with the command line's overrides applied); `aws` the settings resolved at
// start (a reload never re-resolves them: their keys need a restart).
ReloadDecision decide_reload(const config::DaemonConfig& running, Result<config::DaemonConfig> loaded,
                             const aws::AwsSettings& aws);

}  // namespace pcs::service
