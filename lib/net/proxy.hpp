#pragma once
// HTTPS_PROXY / NO_PROXY: which proxy (if any) a target host goes through. Pure except
// proxy_from_environment(), which only reads the process environment.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pcs::net {

// An http:// proxy reached with CONNECT. username/password are secrets: they go into a
// Proxy-Authorization header and nowhere else (describe() leaves them out).
struct ProxySettings {
  std::string host;
  std::uint16_t port = 80;
  std::string username;
  std::string password;

  // "proxy.corp:3128 (with credentials)" — safe to log.
  std::string describe() const;
};

// Parses "http://[user:pass@]host[:port]" (a bare "host:port" is read as http). https:// proxies, other
// schemes and paths are config errors; the message never repeats the credentials.
Result<ProxySettings> parse_proxy_url(std::string_view url);

// NO_PROXY semantics as curl has them: a comma (or space) separated list, "*" matches every host, an
// entry matches the host itself and any subdomain (a leading "." is ignored), ports in entries are
// ignored, IPv6 may be bracketed. Case-insensitive. CIDR ranges are not supported.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

// Reads one environment variable; returns nullopt when unset. Tests pass a map lookup.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// The proxy for a target: https_proxy/HTTPS_PROXY for https (http_proxy/HTTP_PROXY for http), unless
// no_proxy/NO_PROXY matches. Loopback and AWS metadata (link-local) targets never use a proxy: the
// proxy's loopback is not ours, and link-local addresses are not reachable through it.
// nullopt = connect directly; an error = the proxy variable is malformed.
Result<std::optional<ProxySettings>> proxy_for(std::string_view target_host, bool https, const EnvLookup& env);

// proxy_for() over the process environment.
Result<std::optional<ProxySettings>> proxy_from_environment(std::string_view target_host, bool https = true);

}  // namespace pcs::net
