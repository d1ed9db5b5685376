#pragma once
// Process environment as an injectable seam: providers and settings resolution read variables (and derive
// file paths such as ~/.aws/config) only through it, so tests use a map instead of setenv().

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pcs::aws {

class Environment {
 public:
  virtual ~Environment() = default;
  // The variable's value, or nullopt when unset. An empty value is returned as "" (callers decide whether
  // empty means unset; the SDKs treat an empty AWS_PROFILE or region as unset).
  virtual std::optional<std::string> get(std::string_view name) const = 0;

  // get(), with an empty value treated as unset.
  std::optional<std::string> get_nonempty(std::string_view name) const;
};

// The real environment of this process (getenv).
class SystemEnvironment final : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
};

// A fixed set of variables, for tests and for the daemon's reload (a snapshot taken at start).
class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  // MapEnvironment({{"AWS_REGION", "eu-west-1"}, {"HOME", "/home/op"}})
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> vars) : vars_(vars) {}
  std::optional<std::string> get(std::string_view name) const override;
  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  void unset(std::string_view name);

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

// Two variables that only work together (AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY, AWS_ROLE_ARN with
// AWS_WEB_IDENTITY_TOKEN_FILE): both values, nullopt when neither is set, or a config error
// (IncompleteCredentials) naming the one missing, "...; <set_both>", when only one is.
struct VariablePair {
  std::string first;
  std::string second;
};
Result<std::optional<VariablePair>> variable_pair(const Environment& env, const char* first, const char* second,
                                                  std::string_view set_both);

// "true"/"false" the way the SDKs read boolean settings: case-insensitive; anything else is nullopt.
std::optional<bool> parse_bool_setting(std::string_view text);

// The home directory from HOME (the SDKs' first choice); nullopt when unset.
std::optional<std::string> home_directory(const Environment& env);

// "~/..." expanded with home_directory(); other paths returned unchanged.
std::string expand_home(const Environment& env, std::string_view path);

}  // namespace pcs::aws
