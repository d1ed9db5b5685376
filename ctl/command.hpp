#pragma once
// pcsyncctl's commands as functions over parsed options (options.hpp): command_line.cpp parses the command
// line with CLI11 and calls one of them; tests call them (or run_pcsyncctl) in-process with a FakeClock.
// A command writes its result to io.out, notices and errors to io.err, and returns the exit status.

#include <iosfwd>

#include "core/clock.hpp"
#include "options.hpp"

namespace pcs::ctl {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the operation ran and failed (database, API, network, credentials)
inline constexpr int kExitUsage = 2;    // the command line was wrong; nothing was attempted

struct CommandIo {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  // "Now" for ages, staleness, the last 24 hours and the rules; and the clock requests are signed with.
  const Clock& clock;
};

// status_command.cpp, list_commands.cpp, show_command.cpp, rules_test_command.cpp: read the mirror only,
// never call AWS.
int run_status(const StatusOptions& options, const CommandIo& io);
int run_invitations(const InvitationsOptions& options, const CommandIo& io);
int run_tasks(const TasksOptions& options, const CommandIo& io);
int run_notifications(const NotificationsOptions& options, const CommandIo& io);
int run_show(const ShowOptions& options, const CommandIo& io);
int run_rules_test(const RulesTestOptions& options, const CommandIo& io);

// call_command.cpp
int run_call(const CallOptions& options, const CommandIo& io);

// decide_command.cpp: pcsyncctl accept|reject, the one command that writes the database.
int run_decide(const DecideOptions& options, const CommandIo& io);

// doctor_command.cpp
int run_doctor(const DoctorOptions& options, const CommandIo& io);

}  // namespace pcs::ctl
