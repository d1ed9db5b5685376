#include "aws/credentials/imds_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <optional>

#include "aws/credentials/json_credentials.hpp"
#include "aws/credentials/url_parts.hpp"

namespace pcs::aws {
namespace {

constexpr const char* kTokenPath = "/latest/api/token";
constexpr const char* kCredentialsPath = "/latest/meta-data/iam/security-credentials/";

Error not_found(const std::string& why) {
  return make_error(ErrorKind::config, "CredentialsNotFound", why);
}

Error imds_error(const std::string& base, const std::string& step, const net::HttpResponse& r) {
  Error e = make_error(r.status >= 500 ? ErrorKind::server : ErrorKind::access_denied, "ImdsError",
                       "instance metadata at " + base + " answered HTTP " + std::to_string(r.status) + " to " + step +
                           "; check the instance has an IAM instance profile attached");
  e.http_status = r.status;
  return e;
}

// Returns the token, "" for an IMDSv1 fallback, or an Error.
boost::asio::awaitable<Result<std::string>> fetch_token(net::HttpTransport& http, const UrlParts& url,
                                                        bool v1_disabled) {
  net::HttpRequest put;
  put.method = "PUT";
  put.target = kTokenPath;
  put.set_header("Host", url.host_header);
  put.set_header("X-aws-ec2-metadata-token-ttl-seconds", "21600");
  auto r = co_await http.send(std::move(put));
  if (!r) {
    co_return not_found("no instance metadata service answered at " + url.base + " (" + r.error().message +
                        "); not running on EC2");
  }
  if (r->status == 200 && !r->body.empty()) co_return r->body;
  if ((r->status == 403 || r->status == 404 || r->status == 405) && !v1_disabled) co_return std::string();
  co_return imds_error(url.base, "the IMDSv2 token request", *r);
}

// One GET with the current token; a 401 means the token went stale, so a new one is fetched once.
boost::asio::awaitable<Result<net::HttpResponse>> imds_get(net::HttpTransport& http, const UrlParts& url,
                                                           bool v1_disabled, std::string& token, std::string path) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    net::HttpRequest req;
    req.method = "GET";
    req.target = path;
    req.set_header("Host", url.host_header);
    if (!token.empty()) req.set_header("X-aws-ec2-metadata-token", token);
    auto r = co_await http.send(std::move(req));
    if (!r) co_return r.error();
    if (r->status == 401 && attempt == 0) {
      auto fresh = co_await fetch_token(http, url, v1_disabled);
      if (!fresh) co_return fresh.error();
      token = std::move(fresh).value();
      continue;
    }
    co_return r;
  }
  co_return make_error(ErrorKind::access_denied, "ImdsError", "instance metadata kept refusing the token");
}

}  // namespace

std::string imds_endpoint_url(const Environment& env) {
  if (auto e = env.get_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    std::string url = *e;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  auto mode = env.get_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
  if (mode && (*mode == "IPv6" || *mode == "ipv6")) return "http://[fd00:ec2::254]";
  return "http://169.254.169.254";
}

ImdsCredentialsProvider::ImdsCredentialsProvider(const Environment& env, TransportFactory factory)
    : env_(env), factory_(std::move(factory)) {}

boost::asio::awaitable<Result<Credentials>> ImdsCredentialsProvider::resolve() {
  if (parse_bool_setting(env_.get_nonempty("AWS_EC2_METADATA_DISABLED").value_or("false")).value_or(false)) {
    co_return not_found("instance metadata is disabled by AWS_EC2_METADATA_DISABLED");
  }
  const bool v1_disabled =
      parse_bool_setting(env_.get_nonempty("AWS_EC2_METADATA_V1_DISABLED").value_or("false")).value_or(false);
  auto url = split_url(imds_endpoint_url(env_), "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (!url) co_return url.error();
  auto transport = factory_(url->base);
  if (!transport) co_return transport.error();
  net::HttpTransport& http = **transport;

  auto token = co_await fetch_token(http, *url, v1_disabled);
  if (!token) co_return token.error();
  std::string current = std::move(token).value();

  auto roles = co_await imds_get(http, *url, v1_disabled, current, kCredentialsPath);
  if (!roles) co_return roles.error();
  if (roles->status == 404) {
    co_return not_found("this instance has no IAM instance profile (instance metadata " + url->base + ")");
  }
  if (roles->status != 200) co_return imds_error(url->base, "the role listing", *roles);
  std::string role = roles->body.substr(0, roles->body.find('\n'));
  while (!role.empty() && (role.back() == '\r' || role.back() == ' ')) role.pop_back();
  if (role.empty()) co_return not_found("this instance has no IAM instance profile (empty role listing)");

  std::string role_path = kCredentialsPath + role;
  auto doc = co_await imds_get(http, *url, v1_disabled, current, std::move(role_path));
  if (!doc) co_return doc.error();
  if (doc->status != 200) co_return imds_error(url->base, "the credentials request for role " + role, *doc);
  auto creds = parse_metadata_credentials(doc->body, "instance metadata role " + role);
  if (!creds) co_return creds.error();
  creds->source = "imds role " + role;
  co_return creds;
}

}  // namespace pcs::aws
