#include "aws/credentials/sts_client.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <chrono>

#include "aws/credentials/url_parts.hpp"
#include "aws/credentials/xml_extract.hpp"
#include "aws/endpoint_rules.hpp"
#include "aws/sigv4.hpp"
#include "core/printable.hpp"
#include "core/time_format.hpp"

namespace pcs::aws {
namespace {

std::string session_name_or_default(const std::string& name, WallTime now) {
  if (!name.empty()) return name;
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return "pcsyncd-" + std::to_string(secs);
}

net::HttpRequest form_request(std::string body, std::string_view host_header, std::string_view target) {
  net::HttpRequest r;
  r.method = "POST";
  r.target = std::string(target);
  r.set_header("Host", std::string(host_header));
  r.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  r.body = std::move(body);
  return r;
}

ErrorKind kind_of_sts_code(std::string_view code, int status) {
  if (code == "Throttling" || code == "ThrottlingException" || code == "RequestLimitExceeded") {
    return ErrorKind::throttling;
  }
  if (code == "IDPCommunicationError" || code == "InternalFailure" || code == "ServiceUnavailable" ||
      status >= 500) {
    return ErrorKind::server;
  }
  if (code == "RegionDisabledException" || code == "MalformedPolicyDocument" || code == "PackedPolicyTooLarge" ||
      code == "ValidationError") {
    return ErrorKind::config;
  }
  return ErrorKind::access_denied;  // AccessDenied, ExpiredToken, InvalidIdentityToken, IDPRejectedClaim, ...
}

std::string advice_for(std::string_view code) {
  if (code == "AccessDenied") return "check the role's trust policy allows these credentials to assume it";
  if (code == "ExpiredTokenException" || code == "ExpiredToken") return "refresh the source credentials or token";
  if (code == "InvalidIdentityToken" || code == "IDPRejectedClaim") {
    return "check the web identity token file and the role's OIDC trust";
  }
  if (code == "RegionDisabledException") return "activate STS in this region or choose another region";
  return "check the role ARN and its trust policy";
}

}  // namespace

std::string configured_service_endpoint(const Environment& env, const char* service_variable,
                                        std::string_view host_prefix, std::string_view region) {
  const bool ignore = parse_bool_setting(env.get_nonempty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").value_or("false"))
                          .value_or(false);
  if (!ignore) {
    if (auto e = env.get_nonempty(service_variable)) return *e;
    if (auto e = env.get_nonempty("AWS_ENDPOINT_URL")) return *e;
  }
  const std::string r = region.empty() ? std::string("us-east-1") : std::string(region);
  return "https://" + std::string(host_prefix) + r + "." + std::string(partition_of(r).dns_suffix);
}

std::string sts_endpoint_url(const Environment& env, std::string_view region) {
  return configured_service_endpoint(env, "AWS_ENDPOINT_URL_STS", "sts.", region);
}

std::string form_encode(std::string_view value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

net::HttpRequest build_assume_role_request(const AssumeRoleParams& params, std::string_view host_header,
                                           std::string_view target, WallTime now) {
  std::string body = "Action=AssumeRole&Version=2011-06-15";
  body += "&RoleArn=" + form_encode(params.role_arn);
  body += "&RoleSessionName=" + form_encode(session_name_or_default(params.role_session_name, now));
  if (params.duration_seconds) body += "&DurationSeconds=" + std::to_string(*params.duration_seconds);
  if (params.external_id) body += "&ExternalId=" + form_encode(*params.external_id);
  return form_request(std::move(body), host_header, target);
}

net::HttpRequest build_web_identity_request(const WebIdentityParams& params, std::string_view host_header,
                                            std::string_view target, WallTime now) {
  std::string body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15";
  body += "&RoleArn=" + form_encode(params.role_arn);
  body += "&RoleSessionName=" + form_encode(session_name_or_default(params.role_session_name, now));
  body += "&WebIdentityToken=" + form_encode(params.web_identity_token);
  if (params.duration_seconds) body += "&DurationSeconds=" + std::to_string(*params.duration_seconds);
  return form_request(std::move(body), host_header, target);
}

Result<Credentials> parse_sts_response(const net::HttpResponse& response, std::string_view action) {
  const std::string* request_id_header = response.header("x-amzn-RequestId");
  const std::string request_id = request_id_header ? printable(*request_id_header, 128) : "";
  const std::string response_el = std::string(action) + "Response";
  const std::string result_el = std::string(action) + "Result";
  if (response.status != 200) {
    auto code = xml_find_text(response.body, {"ErrorResponse", "Error", "Code"});
    auto message = xml_find_text(response.body, {"ErrorResponse", "Error", "Message"});
    Error e;
    e.http_status = response.status;
    e.request_id = request_id;
    if (code && code->has_value() && !(*code)->empty()) {
      // STS's words are escaped onto one line: a character reference (&#10;) is a newline in every log line that
      // shows this error (found by fuzzing).
      e.kind = kind_of_sts_code(**code, response.status);
      e.code = printable(**code, 64);
      const std::string text = (message && message->has_value()) ? printable(**message, 512) : "no message";
      e.message = "STS " + std::string(action) + " failed: " + text + "; " + advice_for(**code);
    } else {
      e.code = "StsError";
      e.kind = response.status >= 500 ? ErrorKind::server : ErrorKind::protocol;
      e.message = "STS " + std::string(action) + " answered HTTP " + std::to_string(response.status) +
                  " without a readable error; check AWS_ENDPOINT_URL_STS points at STS";
    }
    if (e.request_id.empty()) {
      auto rid = xml_find_text(response.body, {"ErrorResponse", "RequestId"});
      if (rid && rid->has_value()) e.request_id = printable(**rid, 128);
    }
    e.retryable = is_retryable_kind(e.kind);
    return e;
  }

  Credentials c;
  std::string* fields[] = {&c.access_key_id, &c.secret_access_key, &c.session_token};
  const std::string_view names[] = {"AccessKeyId", "SecretAccessKey", "SessionToken"};
  for (int i = 0; i < 3; ++i) {
    auto v = xml_find_text(response.body, {response_el, result_el, "Credentials", names[i]});
    if (!v) {
      Error e = v.error();
      e.request_id = request_id;
      e.http_status = response.status;
      return e;
    }
    if (!v->has_value() || (*v)->empty()) {
      Error e = make_error(ErrorKind::protocol, "MalformedStsResponse",
                           "STS " + std::string(action) + " answered without Credentials/" + std::string(names[i]) +
                               "; check AWS_ENDPOINT_URL_STS points at STS");
      e.request_id = request_id;
      e.http_status = response.status;
      return e;
    }
    *fields[i] = std::move(**v);
  }
  auto exp = xml_find_text(response.body, {response_el, result_el, "Credentials", "Expiration"});
  if (!exp || !exp->has_value() || !parse_iso8601(**exp)) {
    return make_error(ErrorKind::protocol, "MalformedStsResponse",
                      "STS " + std::string(action) + " answered without a readable Credentials/Expiration");
  }
  c.expiration = parse_iso8601(**exp);
  return c;
}

StsClient::StsClient(TransportFactory factory, std::string endpoint_url, std::string region, const Clock& clock)
    : factory_(std::move(factory)), endpoint_url_(std::move(endpoint_url)), region_(std::move(region)), clock_(clock) {}

boost::asio::awaitable<Result<Credentials>> StsClient::assume_role(const Credentials& source, AssumeRoleParams params) {
  auto url = split_url(endpoint_url_, "the STS endpoint");
  if (!url) co_return url.error();
  const WallTime now = clock_.wall_now();
  net::HttpRequest request = build_assume_role_request(params, url->host_header, url->target, now);
  SigningParams sp;
  sp.region = region_.empty() ? "us-east-1" : region_;
  sp.service = "sts";
  sp.time = now;
  sign_request(request, source, sp);
  auto result = co_await send(std::move(request), "AssumeRole");
  if (result) result->source = "sts AssumeRole " + params.role_arn;
  co_return result;
}

boost::asio::awaitable<Result<Credentials>> StsClient::assume_role_with_web_identity(WebIdentityParams params) {
  auto url = split_url(endpoint_url_, "the STS endpoint");
  if (!url) co_return url.error();
  net::HttpRequest request = build_web_identity_request(params, url->host_header, url->target, clock_.wall_now());
  auto result = co_await send(std::move(request), "AssumeRoleWithWebIdentity");
  if (result) result->source = "sts AssumeRoleWithWebIdentity " + params.role_arn;
  co_return result;
}

boost::asio::awaitable<Result<Credentials>> StsClient::send(net::HttpRequest request, std::string_view action) {
  auto url = split_url(endpoint_url_, "the STS endpoint");
  if (!url) co_return url.error();
  auto transport = factory_(url->base);
  if (!transport) co_return transport.error();
  auto response = co_await (*transport)->send(std::move(request));
  if (!response) {
    Error e = response.error();
    e.message = "STS " + std::string(action) + " at " + url->base + ": " + e.message;
    co_return e;
  }
  co_return parse_sts_response(*response, action);
}

}  // namespace pcs::aws
