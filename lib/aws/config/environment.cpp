#include "aws/config/environment.hpp"

#include <cstdlib>

#include "core/ascii.hpp"

namespace pcs::aws {

std::optional<std::string> Environment::get_nonempty(std::string_view name) const {
  auto v = get(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

std::optional<std::string> SystemEnvironment::get(std::string_view name) const {
  // getenv needs a NUL-terminated name.
  const std::string key(name);
  const char* v = std::getenv(key.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::optional<std::string> MapEnvironment::get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

void MapEnvironment::unset(std::string_view name) {
  auto it = vars_.find(name);
  if (it != vars_.end()) vars_.erase(it);
}

Result<std::optional<VariablePair>> variable_pair(const Environment& env, const char* first, const char* second,
                                                  std::string_view set_both) {
  auto a = env.get_nonempty(first);
  auto b = env.get_nonempty(second);
  if (!a && !b) return std::optional<VariablePair>{};
  if (!a || !b)
    return make_error(ErrorKind::config, "IncompleteCredentials",
                      std::string(a ? second : first) + " is not set while its pair is; " + std::string(set_both));
  return std::optional<VariablePair>{VariablePair{std::move(*a), std::move(*b)}};
}

std::optional<bool> parse_bool_setting(std::string_view text) {
  // Surrounding blanks come from hand-edited files; they are not meaningful.
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const std::string v = ascii_lower(text);
  if (v == "true") return true;
  if (v == "false") return false;
  return std::nullopt;
}

std::optional<std::string> home_directory(const Environment& env) { return env.get_nonempty("HOME"); }

std::string expand_home(const Environment& env, std::string_view path) {
  if (path == "~" || path.starts_with("~/")) {
    if (auto home = home_directory(env)) return *home + std::string(path.substr(1));
  }
  return std::string(path);
}

}  // namespace pcs::aws
