#pragma once
// pcsyncctl's subcommands: one entry in the dispatch table of main.cpp, one function in its own file.
// A command gets its arguments (after the command name) and the process streams, and returns the exit code.

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

namespace pcs::ctl {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the operation ran and failed (API, network, credentials)
inline constexpr int kExitUsage = 2;    // the command line was wrong; nothing was attempted

struct CommandContext {
  std::span<const std::string> args;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string_view name;
  std::string_view usage;    // "call OPERATION [JSON|-] [--catalog NAME] [--compact]"
  std::string_view summary;  // one line for `pcsyncctl help`
  int (*run)(const CommandContext&);
};

// call_command.cpp
int run_call(const CommandContext& ctx);

// doctor_command.cpp
int run_doctor(const CommandContext& ctx);

}  // namespace pcs::ctl
