#pragma once
// The pieces of an absolute http(s) URL the credential providers need: the base to build a transport for,
// the Host header, and the target (path and query) to send. Pure.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pcs::aws {

struct UrlParts {
  std::string scheme;  // "http" or "https"
  std::string host;    // without IPv6 brackets
  int port = 0;        // the effective port (80/443 when not written)
  std::string base;    // "scheme://host[:port]" as written (IPv6 bracketed)
  std::string host_header;
  std::string target;  // path (and query), "/" when empty
};

// Errors: kind config, code "InvalidEndpoint", naming `what` (the variable or setting the URL came from).
Result<UrlParts> split_url(std::string_view url, std::string_view what);

}  // namespace pcs::aws
