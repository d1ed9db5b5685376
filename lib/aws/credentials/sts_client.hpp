#pragma once
// STS AssumeRole and AssumeRoleWithWebIdentity over the query protocol: a form-encoded POST
// (Action=...&Version=2011-06-15&...) to the regional endpoint, answered in XML.
// The request building and answer parsing are pure functions; StsClient only adds the transport and signing.

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "aws/config/environment.hpp"
#include "aws/credentials/credentials.hpp"
#include "aws/credentials/transport_factory.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "net/http_message.hpp"

namespace pcs::aws {

struct AssumeRoleParams {
  std::string role_arn;
  std::string role_session_name;  // empty: "pcsyncd-<unix seconds>"
  std::optional<std::string> external_id;
  std::optional<int> duration_seconds;
};

struct WebIdentityParams {
  std::string role_arn;
  std::string role_session_name;  // empty: "pcsyncd-<unix seconds>"
  std::string web_identity_token; // secret-ish: never logged
  std::optional<int> duration_seconds;
};

// A credential service's endpoint as the SDKs resolve it: `service_variable` (AWS_ENDPOINT_URL_STS, ...) >
// AWS_ENDPOINT_URL (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true) >
// https://<host_prefix><region, us-east-1 when empty>.<partition dns suffix>.
std::string configured_service_endpoint(const Environment& env, const char* service_variable,
                                        std::string_view host_prefix, std::string_view region);
// configured_service_endpoint for STS: AWS_ENDPOINT_URL_STS, https://sts.<region>...
std::string sts_endpoint_url(const Environment& env, std::string_view region);

// application/x-www-form-urlencoded with RFC 3986 unreserved characters kept, as the query protocol signs it.
std::string form_encode(std::string_view value);

// Unsigned requests with Host, Content-Type and the form body; `target` is the endpoint's path ("/").
net::HttpRequest build_assume_role_request(const AssumeRoleParams& params, std::string_view host_header,
                                           std::string_view target, WallTime now);
net::HttpRequest build_web_identity_request(const WebIdentityParams& params, std::string_view host_header,
                                            std::string_view target, WallTime now);

// Reads <{Action}Response><{Action}Result><Credentials> on 200, or <ErrorResponse><Error><Code>/<Message> on
// anything else. `action` is "AssumeRole" or "AssumeRoleWithWebIdentity". The error's code is STS's
// (AccessDenied, ExpiredTokenException, ...) and its kind access_denied, throttling, server or protocol.
Result<Credentials> parse_sts_response(const net::HttpResponse& response, std::string_view action);

class StsClient {
 public:
  // endpoint_url: sts_endpoint_url(...). region: the signing region.
  StsClient(TransportFactory factory, std::string endpoint_url, std::string region, const Clock& clock);

  // Signed with `source` (SigV4, service "sts").
  boost::asio::awaitable<Result<Credentials>> assume_role(const Credentials& source, AssumeRoleParams params);
  // Unsigned, as the SDKs send it: the token is the proof.
  boost::asio::awaitable<Result<Credentials>> assume_role_with_web_identity(WebIdentityParams params);

 private:
  boost::asio::awaitable<Result<Credentials>> send(net::HttpRequest request, std::string_view action);

  TransportFactory factory_;
  std::string endpoint_url_;
  std::string region_;
  const Clock& clock_;
};

}  // namespace pcs::aws
