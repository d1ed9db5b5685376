// pcsyncctl: the operator's tool over the same libraries as the daemon. main only dispatches; each command
// lives in its own file (see command.hpp). Exit codes: 0 ok, 1 the operation failed, 2 usage.

#include <array>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "store_commands.hpp"

namespace {

using pcs::ctl::Command;

// Add a subcommand here (status, invitations, tasks, show, doctor, rules ...) and in its own .cpp file.
constexpr std::array kCommands{
    Command{"call", "call OPERATION [JSON|-] [--catalog NAME] [--compact]",
            "send one Partner Central request and print the response JSON", pcs::ctl::run_call},
    Command{"status", "status [--db FILE | --config FILE] [--json]",
            "last sync, invitations by status and decision, tasks in progress, failures (local, read-only)",
            pcs::ctl::run_status},
    Command{"invitations",
            "invitations [--db FILE | --config FILE] [--status S] [--decision accept|reject|undecided] [--limit N] [--json]",
            "the mirrored invitations with their decision and task", pcs::ctl::run_invitations},
    Command{"tasks", "tasks [--db FILE | --config FILE] [--status S] [--kind accept|opportunity] [--limit N] [--json]",
            "the mirrored tasks", pcs::ctl::run_tasks},
    Command{"show", "show ID [--db FILE | --config FILE] [--json]",
            "the whole history of one invitation: seen, decided by which rule, task, outcome", pcs::ctl::run_show},
    Command{"rules", "rules test --config FILE [--db FILE] [--status S] [--json]",
            "what the rules would do with the mirrored invitations; calls nothing", pcs::ctl::run_rules},
    Command{"doctor", "doctor --config FILE [--json]",
            "credentials source, endpoint, region, clock skew and one ListEngagementInvitations call, with hints",
            pcs::ctl::run_doctor},
};

void print_help(std::ostream& out) {
  out << "usage: pcsyncctl COMMAND [ARGS]\n\ncommands:\n";
  for (const auto& c : kCommands) out << "  " << c.usage << "\n      " << c.summary << "\n";
  out << "  help\n      this text\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (args.empty()) {
      print_help(std::cerr);
      return pcs::ctl::kExitUsage;
    }
    if (args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
      print_help(std::cout);
      return pcs::ctl::kExitOk;
    }
    for (const auto& c : kCommands) {
      if (c.name == args[0]) {
        std::vector<std::string> rest(args.begin() + 1, args.end());
        return c.run(pcs::ctl::CommandContext{rest, std::cin, std::cout, std::cerr});
      }
    }
    std::cerr << "pcsyncctl: unknown command " << args[0] << "\n";
    print_help(std::cerr);
    return pcs::ctl::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "pcsyncctl: " << e.what() << "\n";
    return pcs::ctl::kExitFailure;
  }
}
