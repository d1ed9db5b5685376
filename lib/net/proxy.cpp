#include "net/proxy.hpp"

#include <boost/url/parse.hpp>

#include <cstdlib>
#include <vector>

#include "core/ascii.hpp"
#include "net/endpoint.hpp"

namespace pcs::net {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "[::1]:80" -> "::1", "host:80" -> "host", "::1" stays (more than one colon and no brackets = bare IPv6).
std::string strip_port_and_brackets(std::string_view entry) {
  if (!entry.empty() && entry.front() == '[') {
    auto close = entry.find(']');
    if (close != std::string_view::npos) return std::string(entry.substr(1, close - 1));
  }
  auto first = entry.find(':');
  if (first != std::string_view::npos && entry.find(':', first + 1) == std::string_view::npos)
    return std::string(entry.substr(0, first));
  return std::string(entry);
}

Error proxy_error(std::string message) { return make_error(ErrorKind::config, "InvalidProxy", std::move(message)); }

}  // namespace

std::string ProxySettings::describe() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::string out = h + ":" + std::to_string(port);
  if (!username.empty()) out += " (with credentials)";
  return out;
}

Result<ProxySettings> parse_proxy_url(std::string_view url_in) {
  std::string url(trim(url_in));
  if (url.find("://") == std::string::npos) url = "http://" + url;
  auto parsed = boost::urls::parse_absolute_uri(url);
  // The input may contain a password: messages name the variable, never its value.
  if (!parsed) return proxy_error("the proxy URL is not a valid URL; write it as http://[user:pass@]host:port");
  const auto& u = *parsed;
  if (ascii_lower(u.scheme()) != "http")
    return proxy_error("proxy scheme '" + ascii_lower(u.scheme()) +
                       "' is not supported; only http:// proxies (reached with CONNECT) are");
  ProxySettings p;
  p.host = ascii_lower(u.encoded_host_address());
  if (p.host.empty()) return proxy_error("the proxy URL has no host; write it as http://host:port");
  if (u.has_port()) {
    auto port = parse_port(u.port());
    if (!port) return proxy_error("the proxy URL port is not a number 1-65535");
    p.port = *port;
  }
  std::string path(u.encoded_path());
  if (!path.empty() && path != "/") return proxy_error("the proxy URL must not have a path");
  if (u.has_userinfo()) {
    p.username = std::string(u.user());
    p.password = std::string(u.password());
  }
  return p;
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host_in) {
  std::string host = ascii_lower(strip_port_and_brackets(trim(host_in)));
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) return false;
  std::size_t i = 0;
  while (i <= no_proxy.size()) {
    std::size_t end = no_proxy.find_first_of(", ", i);
    if (end == std::string_view::npos) end = no_proxy.size();
    std::string_view raw = trim(no_proxy.substr(i, end - i));
    i = end + 1;
    if (raw.empty()) continue;
    if (raw == "*") return true;
    std::string entry = ascii_lower(strip_port_and_brackets(raw));
    while (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    while (!entry.empty() && entry.back() == '.') entry.pop_back();
    if (entry.empty()) continue;
    if (host == entry) return true;
    if (host.size() > entry.size() && host.ends_with(entry) && host[host.size() - entry.size() - 1] == '.')
      return true;
  }
  return false;
}

Result<std::optional<ProxySettings>> proxy_for(std::string_view target_host, bool https, const EnvLookup& env) {
  if (is_loopback_host(target_host) || is_aws_metadata_host(target_host)) return std::optional<ProxySettings>{};
  auto first_set = [&](std::initializer_list<const char*> names) -> std::pair<const char*, std::string> {
    for (const char* name : names) {
      auto v = env(name);
      if (v && !trim(*v).empty()) return {name, *v};
    }
    return {nullptr, {}};
  };
  auto [np_name, no_proxy] = first_set({"no_proxy", "NO_PROXY"});
  if (np_name && no_proxy_matches(no_proxy, target_host)) return std::optional<ProxySettings>{};
  auto [name, value] = https ? first_set({"https_proxy", "HTTPS_PROXY"}) : first_set({"http_proxy", "HTTP_PROXY"});
  if (!name) return std::optional<ProxySettings>{};
  auto parsed = parse_proxy_url(value);
  if (!parsed) {
    Error e = parsed.error();
    e.message = std::string(name) + ": " + e.message;
    return e;
  }
  return std::optional<ProxySettings>(std::move(parsed).value());
}

Result<std::optional<ProxySettings>> proxy_from_environment(std::string_view target_host, bool https) {
  return proxy_for(target_host, https, [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
  });
}

}  // namespace pcs::net
