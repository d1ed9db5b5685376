#include "aws/credentials/sso_client.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <boost/json.hpp>

#include "aws/credentials/sts_client.hpp"
#include "aws/credentials/url_parts.hpp"
#include "core/printable.hpp"

namespace pcs::aws {
namespace {

namespace json = boost::json;

std::optional<json::object> json_object(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return v.get_object();
}

std::string text_member(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
}

// The error type of a restJson1 answer: the header, else the body's __type/code, namespace and suffix cut.
std::string error_type(const net::HttpResponse& r, const std::optional<json::object>& body) {
  std::string type;
  if (const auto* h = r.header("x-amzn-ErrorType")) type = *h;
  if (type.empty() && body) type = text_member(*body, "__type");
  if (type.empty() && body) type = text_member(*body, "code");
  if (auto hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);
  if (auto colon = type.find(':'); colon != std::string::npos) type.erase(colon);
  return type;
}

// A service's message, cut short at a character and with its control characters escaped (it ends up in logs).
std::string safe_message(const std::optional<json::object>& body) {
  if (!body) return {};
  std::string m = text_member(*body, "message");
  if (m.empty()) m = text_member(*body, "Message");
  if (m.empty()) m = text_member(*body, "error_description");
  return printable(m, 200);
}

Error answered(const net::HttpResponse& r, ErrorKind kind, std::string code, std::string message) {
  Error e = make_error(kind, std::move(code), std::move(message));
  e.http_status = r.status;
  if (const auto* id = r.header("x-amzn-RequestId")) e.request_id = id->substr(0, 128);
  return e;
}

}  // namespace

std::string sso_portal_endpoint(const Environment& env, std::string_view region) {
  return configured_service_endpoint(env, "AWS_ENDPOINT_URL_SSO", "portal.sso.", region);
}

std::string sso_oidc_endpoint(const Environment& env, std::string_view region) {
  return configured_service_endpoint(env, "AWS_ENDPOINT_URL_SSO_OIDC", "oidc.", region);
}

net::HttpRequest build_get_role_credentials(std::string_view account_id, std::string_view role_name,
                                            std::string_view access_token) {
  net::HttpRequest r;
  r.method = "GET";
  r.target = "/federation/credentials?account_id=" + form_encode(account_id) + "&role_name=" + form_encode(role_name);
  r.set_header("Accept", "application/json");
  r.set_header("x-amz-sso_bearer_token", std::string(access_token));
  return r;
}

Result<Credentials> parse_role_credentials(const net::HttpResponse& r) {
  const auto body = json_object(r.body);
  if (r.status != 200) {
    const std::string type = error_type(r, body);
    const std::string said = safe_message(body);
    const std::string what = "SSO GetRoleCredentials answered HTTP " + std::to_string(r.status) +
                             (type.empty() ? "" : " " + type) + (said.empty() ? "" : ": " + said);
    if (type == "UnauthorizedException" || type == "ForbiddenException" || r.status == 401 || r.status == 403)
      return answered(r, ErrorKind::access_denied, type.empty() ? "UnauthorizedException" : type,
                      what + "; the SSO session was refused (expired or signed out): run `aws sso login` again");
    if (type == "TooManyRequestsException" || r.status == 429)
      return answered(r, ErrorKind::throttling, "TooManyRequestsException", what);
    if (type == "ResourceNotFoundException" || r.status == 404)
      return answered(r, ErrorKind::config, "ResourceNotFoundException",
                      what + "; check sso_account_id and sso_role_name: the SSO user has no such assignment");
    if (r.status >= 500)
      return answered(r, ErrorKind::server, type.empty() ? "HttpError" + std::to_string(r.status) : type, what);
    return answered(r, ErrorKind::config, type.empty() ? "InvalidRequestException" : type, what);
  }
  auto malformed = [&](const char* what) {
    return answered(r, ErrorKind::protocol, "MalformedCredentials",
                    std::string("SSO GetRoleCredentials answered without ") + what);
  };
  if (!body) return malformed("a JSON object");
  auto it = body->find("roleCredentials");
  if (it == body->end() || !it->value().is_object()) return malformed("roleCredentials");
  const json::object& rc = it->value().get_object();
  Credentials c;
  c.access_key_id = text_member(rc, "accessKeyId");
  c.secret_access_key = text_member(rc, "secretAccessKey");
  c.session_token = text_member(rc, "sessionToken");
  if (c.access_key_id.empty() || c.secret_access_key.empty() || c.session_token.empty())
    return malformed("accessKeyId, secretAccessKey and sessionToken");
  auto exp = rc.find("expiration");
  if (exp == rc.end() || !exp->value().is_number()) return malformed("an expiration");
  boost::system::error_code ec;
  const auto millis = exp->value().to_number<std::int64_t>(ec);
  if (ec) return malformed("a whole expiration in milliseconds");
  c.expiration = WallTime{std::chrono::milliseconds{millis}};
  return c;
}

net::HttpRequest build_create_token(const SsoToken& token) {
  net::HttpRequest r;
  r.method = "POST";
  r.target = "/token";
  r.set_header("Content-Type", "application/json");
  json::object body{{"clientId", token.client_id},
                    {"clientSecret", token.client_secret},
                    {"grantType", "refresh_token"},
                    {"refreshToken", token.refresh_token}};
  r.body = json::serialize(body);
  return r;
}

Result<SsoTokenRefresh> parse_create_token(const net::HttpResponse& r) {
  const auto body = json_object(r.body);
  if (r.status != 200) {
    std::string type = body ? text_member(*body, "error") : std::string();  // OAuth's own error member
    if (type.empty()) type = error_type(r, body);
    const std::string said = safe_message(body);
    const ErrorKind kind = r.status >= 500 ? ErrorKind::server : r.status == 429 ? ErrorKind::throttling
                                                                                 : ErrorKind::access_denied;
    return answered(r, kind, type.empty() ? "HttpError" + std::to_string(r.status) : type,
                    "SSO OIDC CreateToken (refresh) answered HTTP " + std::to_string(r.status) +
                        (type.empty() ? "" : " " + type) + (said.empty() ? "" : ": " + said));
  }
  auto malformed = [&](const char* what) {
    return answered(r, ErrorKind::protocol, "MalformedSsoToken",
                    std::string("SSO OIDC CreateToken answered without ") + what);
  };
  if (!body) return malformed("a JSON object");
  SsoTokenRefresh fresh;
  fresh.access_token = text_member(*body, "accessToken");
  if (fresh.access_token.empty()) return malformed("an accessToken");
  auto in = body->find("expiresIn");
  if (in == body->end() || !in->value().is_number()) return malformed("expiresIn");
  boost::system::error_code ec;
  const auto seconds = in->value().to_number<std::int64_t>(ec);
  if (ec || seconds <= 0) return malformed("a positive expiresIn");
  fresh.expires_in = std::chrono::seconds{seconds};
  fresh.refresh_token = text_member(*body, "refreshToken");
  return fresh;
}

boost::asio::awaitable<Result<net::HttpResponse>> send_sso_request(const TransportFactory& factory,
                                                                   const std::string& endpoint_url,
                                                                   net::HttpRequest request, std::string_view what) {
  auto url = split_url(endpoint_url, what);
  if (!url) co_return url.error();
  request.set_header("Host", url->host_header);
  // A configured endpoint may carry a base path; the operation's path follows it.
  if (url->target != "/") request.target = url->target + request.target;
  auto transport = factory(url->base);
  if (!transport) co_return transport.error();
  auto response = co_await (*transport)->send(std::move(request));
  if (!response) {
    Error e = response.error();
    e.message = std::string(what) + " at " + url->base + ": " + e.message;
    co_return e;
  }
  co_return response;
}

}  // namespace pcs::aws
