#pragma once
// pcsyncctl's command line, parsed with CLI11: the global options (--db, --config, --json) before or after
// the command, one subcommand per command with its own --help, every value validated (a filter outside its
// allowed values is a usage error that lists them), --version; then the command's function (command.hpp).
// Usage errors exit 2 with one line and a hint to --help; --help and --version exit 0.

#include <span>
#include <string>
#include <string_view>

#include "command.hpp"

namespace pcs::ctl {

struct CommandUsage {
  std::string_view name;     // "tasks"
  std::string_view usage;    // "tasks [--db FILE | --config FILE] [--status S] ..."
  std::string_view summary;  // one line for `pcsyncctl help`
};

// The commands in the order `pcsyncctl help` lists them; pcsyncctl(1) and the bash completion follow these
// usage lines (tests/packaging/docs_test.sh checks both).
std::span<const CommandUsage> command_usages();

// `args` without the program name. Everything goes to io; nothing reads the process's own streams or clock.
int run_pcsyncctl(std::span<const std::string> args, const CommandIo& io);

}  // namespace pcs::ctl
