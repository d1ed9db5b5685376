#include "aws/credentials/container_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <fstream>
#include <sstream>

#include "aws/credentials/json_credentials.hpp"
#include "aws/credentials/url_parts.hpp"

namespace pcs::aws {
namespace {

bool allowed_plain_http_host(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "169.254.170.2" || host == "169.254.170.23" ||
      host == "fd00:ec2::23") {
    return true;
  }
  // 127.0.0.0/8, written as a dotted quad.
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

}  // namespace

Result<std::string> container_credentials_url(const Environment& env) {
  if (auto rel = env.get_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    std::string path = *rel;
    if (path.front() != '/') path.insert(path.begin(), '/');
    return "http://169.254.170.2" + path;
  }
  auto full = env.get_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!full) {
    return make_error(ErrorKind::config, "CredentialsNotFound",
                      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
  }
  auto parts = split_url(*full, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!parts) return parts.error();
  if (parts->scheme == "http" && !allowed_plain_http_host(parts->host)) {
    return make_error(ErrorKind::config, "InvalidEndpoint",
                      "AWS_CONTAINER_CREDENTIALS_FULL_URI uses plain http to " + parts->host +
                          ", which is only allowed for loopback, 169.254.170.2 and the EKS Pod Identity agent; "
                          "use https or one of those hosts");
  }
  return *full;
}

Result<std::string> container_authorization(const Environment& env) {
  std::string token;
  if (auto file = env.get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
      return make_error(ErrorKind::config, "UnreadableTokenFile",
                        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (" + *file +
                            ") cannot be read; check the file exists and is readable by pcsyncd");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    token = ss.str();
    // A trailing newline from `echo` is not part of the token.
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  } else if (auto t = env.get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *t;
  }
  if (token.find_first_of("\r\n") != std::string::npos) {
    return make_error(ErrorKind::config, "InvalidAuthorizationToken",
                      "the container authorization token contains a line break; fix the token or its file");
  }
  return token;
}

ContainerCredentialsProvider::ContainerCredentialsProvider(const Environment& env, TransportFactory factory)
    : env_(env), factory_(std::move(factory)) {}

boost::asio::awaitable<Result<Credentials>> ContainerCredentialsProvider::resolve() {
  auto url = container_credentials_url(env_);
  if (!url) co_return url.error();
  auto parts = split_url(*url, "the container credentials URI");
  if (!parts) co_return parts.error();
  auto auth = container_authorization(env_);
  if (!auth) co_return auth.error();
  auto transport = factory_(parts->base);
  if (!transport) co_return transport.error();

  net::HttpRequest req;
  req.method = "GET";
  req.target = parts->target;
  req.set_header("Host", parts->host_header);
  req.set_header("Accept", "application/json");
  if (!auth->empty()) req.set_header("Authorization", *auth);
  auto r = co_await (*transport)->send(std::move(req));
  if (!r) {
    Error e = r.error();
    e.message = "container credentials endpoint " + parts->base + ": " + e.message;
    co_return e;
  }
  if (r->status != 200) {
    const bool server = r->status >= 500;
    Error e = make_error(server ? ErrorKind::server : ErrorKind::access_denied, "ContainerCredentialsError",
                         "container credentials endpoint " + parts->base + " answered HTTP " +
                             std::to_string(r->status) +
                             (r->status == 401 || r->status == 403
                                  ? "; check AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)"
                                  : "; check the task role or pod identity association"));
    e.http_status = r->status;
    co_return e;
  }
  auto creds = parse_metadata_credentials(r->body, "the container credentials endpoint");
  if (!creds) co_return creds.error();
  creds->source = "container";
  co_return creds;
}

}  // namespace pcs::aws
