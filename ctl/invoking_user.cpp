#include "invoking_user.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace pcs::ctl {

std::string person_name(const std::string& user, const std::optional<std::string>& sudo_user) {
  if (sudo_user && !sudo_user->empty() && *sudo_user != user) return *sudo_user + " via sudo";
  return user;
}

std::string invoking_person() {
  const uid_t uid = ::getuid();
  const passwd* pw = ::getpwuid(uid);
  const std::string user = pw && pw->pw_name ? std::string(pw->pw_name) : "uid " + std::to_string(uid);
  const char* sudo = std::getenv("SUDO_USER");
  return person_name(user, sudo ? std::optional<std::string>(sudo) : std::nullopt);
}

Status become_database_owner(const std::string& database) {
  if (::geteuid() != 0) return Ok{};
  struct stat st {};
  if (::stat(database.c_str(), &st) != 0)
    return make_error(ErrorKind::config, "StoreMissing",
                      "database " + database + ": " + std::strerror(errno) + "; check database: in the configuration");
  if (st.st_uid == 0) return Ok{};
  auto refuse = [&](const char* step) {
    return make_error(ErrorKind::config, "CannotBecomeOwner",
                      "running as root, pcsyncctl switches to the owner of " + database + " (uid " +
                          std::to_string(st.st_uid) + ") so that no root-owned -wal/-shm is left behind, and " + step +
                          " failed: " + std::strerror(errno) + "; run it as that user: sudo -u pcsyncd pcsyncctl ...");
  };
  const passwd* pw = ::getpwuid(st.st_uid);
  if (pw ? ::initgroups(pw->pw_name, st.st_gid) != 0 : ::setgroups(1, &st.st_gid) != 0) return refuse("setgroups");
  if (::setgid(st.st_gid) != 0) return refuse("setgid");
  if (::setuid(st.st_uid) != 0) return refuse("setuid");
  return Ok{};
}

}  // namespace pcs::ctl
