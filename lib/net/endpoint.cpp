#include "net/endpoint.hpp"

#include <boost/url/parse.hpp>

#include <charconv>

#include "core/ascii.hpp"

namespace pcs::net {
namespace {

std::string bracket(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

Error config_error(std::string message) { return make_error(ErrorKind::config, "InvalidEndpoint", std::move(message)); }

// Dotted quad with each part 0..255 and the first one 127.
bool is_ipv4_loopback(std::string_view host) {
  int parts = 0;
  int first = -1;
  std::size_t i = 0;
  while (i <= host.size()) {
    std::size_t dot = host.find('.', i);
    if (dot == std::string_view::npos) dot = host.size();
    std::string_view part = host.substr(i, dot - i);
    if (part.empty() || part.size() > 3) return false;
    int value = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc{} || ptr != part.data() + part.size() || value > 255) return false;
    if (parts == 0) first = value;
    ++parts;
    i = dot + 1;
  }
  return parts == 4 && first == 127;
}

}  // namespace

std::string Endpoint::host_header() const {
  const bool default_port = (tls && port == 443) || (!tls && port == 80);
  return default_port ? bracket(host) : authority();
}

std::string Endpoint::authority() const { return bracket(host) + ":" + std::to_string(port); }

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || value == 0 || value > 65535)
    return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

bool is_loopback_host(std::string_view host_in) {
  std::string host = ascii_lower(host_in);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "localhost.") return true;
  if (host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  return is_ipv4_loopback(host);
}

bool is_aws_metadata_host(std::string_view host_in) {
  std::string host = ascii_lower(host_in);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return host == "169.254.169.254" || host == "169.254.170.2" || host == "169.254.170.23" ||
         host == "fd00:ec2::254" || host == "fd00:ec2::23";
}

Result<Endpoint> parse_endpoint(std::string_view url, bool allow_metadata_http) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed)
    return config_error("endpoint URL '" + std::string(url) +
                        "' is not an absolute URL; write it as https://host[:port][/path]");
  const auto& u = *parsed;
  Endpoint ep;
  const std::string scheme = ascii_lower(u.scheme());
  if (scheme == "https") {
    ep.tls = true;
    ep.port = 443;
  } else if (scheme == "http") {
    ep.tls = false;
    ep.port = 80;
  } else {
    return config_error("endpoint URL scheme '" + scheme + "' is not supported; use https://");
  }
  if (u.has_userinfo()) return config_error("endpoint URL must not carry user:password; remove it");
  if (u.has_query() || u.has_fragment()) return config_error("endpoint URL must not have a query or fragment");
  ep.host = ascii_lower(u.encoded_host_address());  // IPv6 literal without brackets
  if (ep.host.empty()) return config_error("endpoint URL '" + std::string(url) + "' has no host");
  if (u.has_port()) {
    auto port = parse_port(u.port());
    if (!port) return config_error("endpoint URL port '" + std::string(u.port()) + "' is not a port number (1-65535)");
    ep.port = *port;
  }
  std::string path(u.encoded_path());
  // Boost.URL 1.81 reads "http://127.0.0.1.evil/" as host 127.0.0.1 and path ".evil/": a path must start
  // with '/' or the host was not what it seemed.
  if (!path.empty() && path.front() != '/')
    return config_error("endpoint URL '" + std::string(url) + "' has a malformed host; write it as https://host[:port][/path]");
  while (!path.empty() && path.back() == '/') path.pop_back();
  ep.base_path = path;
  if (!ep.tls && !is_loopback_host(ep.host) && !(allow_metadata_http && is_aws_metadata_host(ep.host)))
    return config_error("plain http:// is only allowed to a loopback host (127.0.0.1, ::1, localhost), not '" +
                        ep.host + "'; use https://");
  return ep;
}

}  // namespace pcs::net
