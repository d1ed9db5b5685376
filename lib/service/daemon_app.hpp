#pragma once
// pcsyncd as a library call: config -> logging -> client stack, store, governor -> sync service on one
// io_context, with signals (TERM/INT stop, HUP reload, USR1 sync now), sd_notify and the watchdog.
// daemon/main.cpp only parses arguments and calls run_daemon().

#include <optional>
#include <string>

namespace pcs::service {

struct DaemonArgs {
  std::string config_path = "/etc/pcsyncd/pcsyncd.yaml";
  bool once = false;        // one reconcile cycle, then exit
  bool until_idle = false;  // cycles until no decision or task is unfinished, then exit
  std::optional<bool> dry_run;           // --dry-run overrides the config key
  std::optional<std::string> log_level;  // --log-level overrides the config key
};

// Exit statuses follow sysexits(3) where systemd and operators care: 0 ok, 1 the last cycle failed,
// 78 (EX_CONFIG) the configuration or credentials setup is unusable, 74 (EX_IOERR) the database is unusable.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCycleFailed = 1;
inline constexpr int kExitConfig = 78;
inline constexpr int kExitDatabase = 74;

int run_daemon(const DaemonArgs& args);

}  // namespace pcs::service
