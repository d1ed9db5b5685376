#include "aws/credentials/url_parts.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace pcs::aws {

Result<UrlParts> split_url(std::string_view url, std::string_view what) {
  auto bad = [&](const std::string& why) {
    return make_error(ErrorKind::config, "InvalidEndpoint",
                      std::string(what) + " is not a usable URL (" + why + "); set it to http(s)://host[:port]/path");
  };
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return bad("it does not parse");
  const boost::urls::url_view& u = *parsed;
  UrlParts out;
  out.scheme = std::string(u.scheme());
  if (out.scheme != "http" && out.scheme != "https") return bad("the scheme must be http or https");
  if (u.has_userinfo()) return bad("user information is not allowed");
  out.host = std::string(u.host_address());
  if (out.host.empty()) return bad("it has no host");
  const bool ipv6 = u.host_type() == boost::urls::host_type::ipv6;
  const std::string host_written = ipv6 ? "[" + out.host + "]" : out.host;
  const bool tls = out.scheme == "https";
  if (u.has_port()) {
    if (u.port_number() == 0) return bad("the port is not a number between 1 and 65535");
    out.port = u.port_number();
  } else {
    out.port = tls ? 443 : 80;
  }
  const bool default_port = out.port == (tls ? 443 : 80);
  out.host_header = default_port ? host_written : host_written + ":" + std::to_string(out.port);
  out.base = out.scheme + "://" + host_written + (u.has_port() ? ":" + std::to_string(out.port) : std::string());
  out.target = std::string(u.encoded_path());
  // Boost.URL 1.81 reads "http://127.0.0.1.evil/" as host 127.0.0.1 and path ".evil/"; after an authority a
  // path must start with '/', so anything else means the host was not what it seemed.
  if (!out.target.empty() && out.target.front() != '/') return bad("the host is not a valid name or address");
  if (out.target.empty()) out.target = "/";
  if (u.has_query()) out.target += "?" + std::string(u.encoded_query());
  return out;
}

}  // namespace pcs::aws
