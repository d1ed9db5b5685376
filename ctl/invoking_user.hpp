#pragma once
// Who runs `pcsyncctl accept|reject`, for the audit trail, and running as the database's owner.

#include <optional>
#include <string>

#include "core/result.hpp"

namespace pcs::ctl {

// "alice"; "alice via sudo" when sudo ran pcsyncctl for alice (SUDO_USER differs from the user it runs as).
// SUDO_USER is what sudo set: an audit hint, not an authentication (whoever can write the database can write
// anything in it). Pure.
std::string person_name(const std::string& user, const std::optional<std::string>& sudo_user);

// person_name() of this process: getpwuid(getuid()) (the uid number when it has no name) and SUDO_USER.
std::string invoking_person();

// Run as root on a database owned by another user (pcsyncd): switch this process to that owner (groups, gid,
// uid) before opening it, so no root-owned -wal or -shm is left beside it for the daemon to trip over.
// Nothing to do for another user, or a database root owns. Refuses when the switch fails.
Status become_database_owner(const std::string& database);

}  // namespace pcs::ctl
