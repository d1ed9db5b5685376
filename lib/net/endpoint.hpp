#pragma once
// Where an HttpClient sends: the parsed endpoint URL. Pure (no I/O), so the loopback-only rule for plain
// http is unit-tested without a network.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pcs::net {

struct Endpoint {
  bool tls = true;          // https
  std::string host;         // without IPv6 brackets: "::1", "partnercentral-selling.us-east-1.api.aws"
  std::uint16_t port = 443;
  std::string base_path;    // "" or "/base" (never a trailing slash); prefixed to every request target

  // The Host header value: "host" on the scheme's default port, else "host:port" (IPv6 bracketed).
  std::string host_header() const;
  // "host:port" for CONNECT and for messages (IPv6 bracketed).
  std::string authority() const;
};

// True for "localhost", 127.0.0.0/8 and ::1: the only hosts plain http is allowed to reach, because
// nothing leaves the machine there.
bool is_loopback_host(std::string_view host);

// "1".."65535" only (Boost.URL's port_number() silently wraps larger numbers).
std::optional<std::uint16_t> parse_port(std::string_view text);

// The link-local addresses of AWS's own credential services, which only speak plain http:
// EC2 IMDS (169.254.169.254, fd00:ec2::254), ECS task roles (169.254.170.2) and the EKS Pod Identity agent
// (169.254.170.23, fd00:ec2::23). Never routed off the host, so plain http to them is allowed on request.
bool is_aws_metadata_host(std::string_view host);

// Parses "https://host[:port][/base]" or "http://<loopback>:port[/base]" (and, when allow_metadata_http,
// "http://<AWS metadata address>[:port]"). Anything else (another scheme, plain http to any other host,
// userinfo, a query or fragment) is a config error saying what to fix.
Result<Endpoint> parse_endpoint(std::string_view url, bool allow_metadata_http = false);

}  // namespace pcs::net
