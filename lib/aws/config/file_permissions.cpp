#include "aws/config/file_permissions.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "aws/config/ini_file.hpp"
#include "aws/config/profile_set.hpp"

namespace pcs::aws {
namespace {

std::string octal(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

std::string who(bool group, bool others) {
  return group && others ? "group and others" : group ? "its group" : "others";
}

// Whether a config file holds keys of its own (then it is as secret as the credentials file).
bool holds_keys(const std::string& text, const std::string& path) {
  auto parsed = parse_ini(text, path);
  if (!parsed) return text.find("aws_secret_access_key") != std::string::npos;  // be safe on a malformed file
  for (const auto& section : parsed->sections)
    for (const char* key : {"aws_access_key_id", "aws_secret_access_key", "aws_session_token"})
      if (section.properties.count(key)) return true;
  return false;
}

}  // namespace

std::optional<std::string> shared_file_permission_warning(std::string_view path, unsigned mode, bool holds_secrets) {
  const bool group_reads = mode & S_IRGRP, others_read = mode & S_IROTH;
  const bool group_writes = mode & S_IWGRP, others_write = mode & S_IWOTH;
  const bool readable = holds_secrets && (group_reads || others_read);
  const bool writable = group_writes || others_write;
  if (!readable && !writable) return std::nullopt;
  std::string what, risk;
  if (readable) {
    what = "readable by " + who(group_reads, others_read);
    risk = "read the AWS keys in it";
  }
  if (writable) {
    what += (readable ? " and writable by " : "writable by ") + who(group_writes, others_write);
    risk += std::string(readable ? " and " : "") + "change the credentials or the credential_process command it runs";
  }
  const std::string p(path);
  return p + " is " + what + " (mode " + octal(mode) + "): they can " + risk + "; run chmod 600 " + p;
}

std::vector<std::string> shared_file_warnings(const Environment& env) {
  std::vector<std::string> out;
  const std::string files[2] = {credentials_file_path(env), config_file_path(env)};
  for (int i = 0; i < 2; ++i) {
    const std::string& path = files[i];
    if (path.starts_with("~")) continue;  // HOME unset: no default file
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    bool secret = i == 0;
    if (!secret && (st.st_mode & (S_IRGRP | S_IROTH))) {
      std::ifstream in(path, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      secret = holds_keys(text.str(), path);
    }
    if (auto w = shared_file_permission_warning(path, st.st_mode, secret)) out.push_back(std::move(*w));
  }
  return out;
}

}  // namespace pcs::aws
