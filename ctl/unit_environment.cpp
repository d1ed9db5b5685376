#include "unit_environment.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

extern char** environ;

namespace pcs::ctl {
namespace {

// systemd's default PATH for services (systemd.exec(5), "Environment variables in spawned processes").
constexpr const char* kServicePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// Variables whose value is a file the service reads: under ProtectHome= it cannot reach /home, /root or
// /run/user, even when the doctor (run by an operator) can.
constexpr const char* kFileVariables[]{"AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_CA_BUNDLE",
                                       "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                                       "HOME"};

bool under_protected_home(const std::string& path) {
  for (const char* dir : {"/home", "/root", "/run/user"}) {
    const std::string d(dir);
    if (path == d || path.rfind(d + "/", 0) == 0) return true;
  }
  return false;
}

// "AWS_PROFILE, HTTPS_PROXY": the names in first-assigned order, each once.
std::string names_of(const EnvironmentVariables& vars) {
  std::set<std::string> seen;
  std::string out;
  for (const auto& assignment : vars) {
    if (!seen.insert(assignment.first).second) continue;
    out += (out.empty() ? "" : ", ") + assignment.first;
  }
  return out.empty() ? "no variables" : out;
}

}  // namespace

UnitEnvironment unit_environment(const ServiceUnit& unit) {
  UnitEnvironment r;
  std::map<std::string, std::string> vars{{"PATH", kServicePath}};
  std::string summary = unit.name + " (" + unit.files.front() +
                        (unit.files.size() > 1 ? " and " + std::to_string(unit.files.size() - 1) + " drop-in(s)" : "") +
                        ")";
  if (unit.user) {
    const passwd* pw = ::getpwnam(unit.user->c_str());
    if (pw) {
      vars["USER"] = vars["LOGNAME"] = *unit.user;
      vars["HOME"] = pw->pw_dir;
      vars["SHELL"] = pw->pw_shell;
      summary += "; runs as " + *unit.user + " (HOME " + std::string(pw->pw_dir) + ")";
      if (::geteuid() != pw->pw_uid)
        r.warnings.push_back("the checks read files with this user's rights, the service with " + *unit.user +
                             "'s: `runuser -u " + *unit.user + " -- pcsyncctl doctor --unit " + unit.name +
                             "` checks them as the service reads them");
    } else {
      summary += "; runs as " + *unit.user;
      r.failures.push_back("the user " + *unit.user + " does not exist: systemd cannot start the service (the "
                           "package creates it with systemd-sysusers)");
    }
  } else {
    summary += "; runs as root, without HOME";
  }
  for (const auto& [name, value] : unit.environment) vars[name] = value;
  if (!unit.environment.empty()) summary += "; Environment=: " + names_of(unit.environment);

  for (const auto& ref : unit.environment_files) {
    std::ifstream in(ref.path, std::ios::binary);
    if (!in) {
      const std::string why = std::strerror(errno);
      if (ref.optional && errno == ENOENT) {
        summary += "; " + ref.path + ": absent (optional)";
      } else if (ref.optional) {
        summary += "; " + ref.path + ": unreadable here (" + why + ")";
        r.warnings.push_back("cannot read " + ref.path + " (" + why + "): run the doctor as root or as the service's user");
      } else {
        summary += "; " + ref.path + ": " + why;
        r.failures.push_back("EnvironmentFile=" + ref.path + " cannot be read (" + why +
                             "): systemd refuses to start the service; create it or write EnvironmentFile=-" + ref.path);
      }
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto content = parse_environment_file(text.str());
    summary += "; " + ref.path + ": " + names_of(content.variables);
    for (int line : content.ignored_lines)
      r.warnings.push_back(ref.path + ":" + std::to_string(line) +
                           ": not a NAME=value assignment; systemd ignores the line");
    for (auto& [name, value] : content.variables) vars[name] = std::move(value);
  }
  summary += "; your own environment is not used";

  if (unit.protect_home) {
    for (const char* name : kFileVariables) {
      auto it = vars.find(name);
      if (it != vars.end() && under_protected_home(it->second))
        r.warnings.push_back(std::string(name) + " is " + it->second +
                             ", which ProtectHome= hides from the service: move the file (e.g. to /etc/pcsyncd)");
    }
  }
  r.variables.assign(vars.begin(), vars.end());
  r.config_path = config_argument(unit.exec_start);
  r.summary = std::move(summary);
  return r;
}

ScopedProcessEnvironment::ScopedProcessEnvironment(const EnvironmentVariables& variables) {
  for (char** e = environ; e && *e; ++e) saved_.emplace_back(*e);
  ::clearenv();
  for (const auto& [name, value] : variables) ::setenv(name.c_str(), value.c_str(), 1);
}

ScopedProcessEnvironment::~ScopedProcessEnvironment() {
  ::clearenv();
  for (const auto& entry : saved_) {
    const auto eq = entry.find('=');
    if (eq != std::string::npos) ::setenv(entry.substr(0, eq).c_str(), entry.substr(eq + 1).c_str(), 1);
  }
}

}  // namespace pcs::ctl
