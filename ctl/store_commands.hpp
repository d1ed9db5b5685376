#pragma once
// The local, read-only commands of pcsyncctl: status, invitations, tasks, show, rules test. They open the
// mirror read-only (safe while pcsyncd writes) and never call AWS.

#include <string>
#include <vector>

namespace pcs::ctl {

int run_status(const std::vector<std::string>& args);
int run_invitations(const std::vector<std::string>& args);
int run_tasks(const std::vector<std::string>& args);
int run_show(const std::vector<std::string>& args);
int run_rules(const std::vector<std::string>& args);

}  // namespace pcs::ctl
