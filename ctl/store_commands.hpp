#pragma once
// The local, read-only commands of pcsyncctl: status, invitations, tasks, show, rules test. They open the
// mirror read-only (safe while pcsyncd writes) and never call AWS.

#include "command.hpp"

namespace pcs::ctl {

int run_status(const CommandContext& ctx);
int run_invitations(const CommandContext& ctx);
int run_tasks(const CommandContext& ctx);
int run_show(const CommandContext& ctx);
int run_rules(const CommandContext& ctx);

}  // namespace pcs::ctl
