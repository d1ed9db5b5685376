#pragma once
// An environment for the proxy and client-options tests: exactly these variables, nothing of the process's.

#include <map>
#include <optional>
#include <string>

#include "net/proxy.hpp"

namespace pcs::net::testing {

inline EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace pcs::net::testing
