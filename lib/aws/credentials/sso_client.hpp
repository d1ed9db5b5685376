#pragma once
// The two SSO calls pcsyncd makes, as the SDKs make them (restJson1, unsigned):
// - the portal's GetRoleCredentials: GET {portal}/federation/credentials?account_id=..&role_name=.. with the
//   access token in `x-amz-sso_bearer_token`; answer {"roleCredentials": {accessKeyId, secretAccessKey,
//   sessionToken, expiration (epoch milliseconds)}};
// - SSO OIDC CreateToken with grant_type refresh_token: POST {oidc}/token {"clientId", "clientSecret",
//   "grantType": "refresh_token", "refreshToken"}; answer {"accessToken", "expiresIn", "refreshToken", ...}.
// Endpoints: AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC, then AWS_ENDPOINT_URL (unless
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), else https://portal.sso.{region}.{suffix} and https://oidc.{region}.{suffix}.
// Building and parsing are pure; the transport comes from a TransportFactory (plain http only to loopback).
// Tokens and secrets never reach a message.

#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "aws/config/environment.hpp"
#include "aws/credentials/credentials.hpp"
#include "aws/credentials/sso_token.hpp"
#include "aws/credentials/transport_factory.hpp"
#include "core/result.hpp"
#include "net/http_message.hpp"

namespace pcs::aws {

std::string sso_portal_endpoint(const Environment& env, std::string_view region);
std::string sso_oidc_endpoint(const Environment& env, std::string_view region);

net::HttpRequest build_get_role_credentials(std::string_view account_id, std::string_view role_name,
                                            std::string_view access_token);
// 200: the role's credentials. Otherwise an Error: UnauthorizedException (the token was refused) and
// ForbiddenException are access_denied, TooManyRequestsException throttling, 5xx server,
// ResourceNotFoundException (no such account or role assignment) config; a 200 without credentials protocol.
Result<Credentials> parse_role_credentials(const net::HttpResponse& response);

net::HttpRequest build_create_token(const SsoToken& token);
// 200: the new token. Otherwise an Error whose code is the OIDC error (invalid_grant, expired_token, ...).
Result<SsoTokenRefresh> parse_create_token(const net::HttpResponse& response);

// One request to `endpoint_url` through `factory` (it sets Host, and prefixes the endpoint's path if any): the
// response, or the transport's error naming `what`.
boost::asio::awaitable<Result<net::HttpResponse>> send_sso_request(const TransportFactory& factory,
                                                                   const std::string& endpoint_url,
                                                                   net::HttpRequest request, std::string_view what);

}  // namespace pcs::aws
