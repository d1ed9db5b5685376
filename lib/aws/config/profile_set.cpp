#include "aws/config/profile_set.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pcs::aws {
namespace {

// Reads a whole file; a missing file is "no profiles", anything else is worth reporting.
Result<std::optional<std::string>> read_optional_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && !ec) return std::optional<std::string>{};
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path, ec)) {
    if (errno == 0) errno = EISDIR;
    return make_error(ErrorKind::config, "UnreadableConfigFile",
                      path + ": cannot be read (" + std::strerror(errno) +
                          "); fix its permissions or point AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE elsewhere");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::optional<std::string>{ss.str()};
}

void merge_into(Profile& profile, const IniSection& section) {
  for (const auto& [key, prop] : section.properties) profile.properties[key] = prop;
}

}  // namespace

std::optional<std::string> Profile::get(std::string_view key) const {
  auto it = properties.find(std::string(key));
  if (it == properties.end() || it->second.value.empty()) return std::nullopt;
  return it->second.value;
}

const Profile* ProfileSet::find(std::string_view name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

const IniSection* ProfileSet::find_services(std::string_view name) const {
  auto it = services.find(name);
  return it == services.end() ? nullptr : &it->second;
}

const Profile* ProfileSet::find_sso_session(std::string_view name) const {
  auto it = sso_sessions.find(name);
  return it == sso_sessions.end() ? nullptr : &it->second;
}

ProfileSet merge_profile_files(const IniFile& config, const IniFile& credentials) {
  ProfileSet set;
  set.config_file = config.file_name;
  set.credentials_file = credentials.file_name;

  auto split_prefix = [](std::string_view name, std::string_view prefix) -> std::optional<std::string> {
    if (!name.starts_with(prefix)) return std::nullopt;
    name.remove_prefix(prefix.size());
    // "[profile   dev]": blanks between the keyword and the name are not part of the name.
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    if (name.empty()) return std::nullopt;
    return std::string(name);
  };

  // "[default]" first so that "[profile default]" (merged after) wins, as the SDKs specify.
  if (const IniSection* d = config.find("default")) {
    Profile& p = set.profiles["default"];
    p.name = "default";
    merge_into(p, *d);
  }
  for (const IniSection& s : config.sections) {
    if (auto name = split_prefix(s.name, "profile ")) {
      Profile& p = set.profiles[*name];
      p.name = *name;
      merge_into(p, s);
    } else if (auto svc = split_prefix(s.name, "services ")) {
      IniSection copy = s;
      copy.name = *svc;
      set.services[*svc] = std::move(copy);
    } else if (auto session = split_prefix(s.name, "sso-session ")) {
      Profile& p = set.sso_sessions[*session];
      p.name = *session;
      merge_into(p, s);
    }
  }
  for (const IniSection& s : credentials.sections) {
    Profile& p = set.profiles[s.name];
    p.name = s.name;
    merge_into(p, s);
  }
  return set;
}

std::string config_file_path(const Environment& env) {
  if (auto p = env.get_nonempty("AWS_CONFIG_FILE")) return expand_home(env, *p);
  return expand_home(env, "~/.aws/config");
}

std::string credentials_file_path(const Environment& env) {
  if (auto p = env.get_nonempty("AWS_SHARED_CREDENTIALS_FILE")) return expand_home(env, *p);
  return expand_home(env, "~/.aws/credentials");
}

Result<ProfileSet> load_profile_set(const Environment& env) {
  IniFile files[2];
  const std::string paths[2] = {config_file_path(env), credentials_file_path(env)};
  for (int i = 0; i < 2; ++i) {
    files[i].file_name = paths[i];
    // "~/..." left unexpanded means HOME is unset: there is no default file to read.
    if (paths[i].starts_with("~")) continue;
    auto text = read_optional_file(paths[i]);
    if (!text) return text.error();
    if (!text->has_value()) continue;
    auto parsed = parse_ini(**text, paths[i]);
    if (!parsed) return parsed.error();
    files[i] = std::move(parsed).value();
  }
  return merge_profile_files(files[0], files[1]);
}

std::string selected_profile_name(const Environment& env, const std::optional<std::string>& explicit_profile) {
  if (explicit_profile && !explicit_profile->empty()) return *explicit_profile;
  if (auto p = env.get_nonempty("AWS_PROFILE")) return *p;
  if (auto p = env.get_nonempty("AWS_DEFAULT_PROFILE")) return *p;
  return "default";
}

}  // namespace pcs::aws
