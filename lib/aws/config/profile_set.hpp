#pragma once
// The profiles of the shared config and credentials files, merged as the AWS CLI/SDKs merge them:
// - config file: "[default]", "[profile NAME]" ("[profile default]" wins over "[default]"); other sections
//   such as "[NAME]" without the prefix are ignored there (the SDKs ignore them too), "[services NAME]"
//   sections are kept apart for endpoint configuration, "[sso-session NAME]" sections for SSO profiles;
// - credentials file: "[NAME]" sections; a property there wins over the same property in the config file.
// Where the files are: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and
// ~/.aws/credentials. Missing files are not an error (no profiles), unreadable or malformed ones are.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/config/environment.hpp"
#include "aws/config/ini_file.hpp"
#include "core/result.hpp"

namespace pcs::aws {

struct Profile {
  std::string name;
  std::map<std::string, IniProperty> properties;

  // The property's value, nullopt when absent or empty (the SDKs treat "region =" as unset).
  std::optional<std::string> get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }
};

struct ProfileSet {
  std::map<std::string, Profile, std::less<>> profiles;
  std::map<std::string, IniSection, std::less<>> services;  // "[services NAME]" of the config file
  std::map<std::string, Profile, std::less<>> sso_sessions;  // "[sso-session NAME]" of the config file
  std::string config_file;       // the paths read (for messages and pcsyncctl doctor)
  std::string credentials_file;

  const Profile* find(std::string_view name) const;
  const IniSection* find_services(std::string_view name) const;
  const Profile* find_sso_session(std::string_view name) const;
};

// Merges already-parsed files (either may be empty). Pure.
ProfileSet merge_profile_files(const IniFile& config, const IniFile& credentials);

// The files' paths as the environment says.
std::string config_file_path(const Environment& env);
std::string credentials_file_path(const Environment& env);

// Reads and merges both files. Errors: kind config, code "MalformedConfigFile" (with file:line) or
// "UnreadableConfigFile".
Result<ProfileSet> load_profile_set(const Environment& env);

// The profile to use: explicit (a pcsyncd setting) > AWS_PROFILE > AWS_DEFAULT_PROFILE > "default".
std::string selected_profile_name(const Environment& env, const std::optional<std::string>& explicit_profile = {});

}  // namespace pcs::aws
