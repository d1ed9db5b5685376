#include "sim/signature_check.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>

#include "aws/sigv4.hpp"
#include "core/time_format.hpp"

namespace pcs::sim {
namespace {

AuthFailure fail(std::string type, std::string message, std::string detail, std::string key = {}) {
  return AuthFailure{std::move(type), std::move(message), std::move(detail), std::move(key)};
}

}  // namespace

std::optional<AuthFailure> verify_signature(const net::HttpRequest& request, const ScenarioCredentials& credentials,
                                            std::string_view region, WallTime real_now) {
  const std::string* auth = request.header("Authorization");
  if (!auth || auth->empty())
    return fail("MissingAuthenticationTokenException", "Missing Authentication Token", "no Authorization header");
  auto parsed = aws::parse_authorization(*auth);
  if (!parsed)
    return fail("IncompleteSignatureException",
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
                "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
                "existence of either a 'X-Amz-Date' or a 'Date' header.",
                "unparseable Authorization header");
  const std::string* amz_date = request.header("X-Amz-Date");
  std::optional<WallTime> signed_at = amz_date ? parse_amz_date(*amz_date) : std::nullopt;
  if (!signed_at)
    return fail("IncompleteSignatureException",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
                "missing or malformed X-Amz-Date", parsed->access_key_id);
  if (parsed->access_key_id != credentials.access_key_id)
    return fail("UnrecognizedClientException", "The security token included in the request is invalid.",
                "unknown access key id", parsed->access_key_id);
  const std::string* token = request.header("X-Amz-Security-Token");
  if ((token ? *token : std::string()) != credentials.session_token)
    return fail("UnrecognizedClientException", "The security token included in the request is invalid.",
                credentials.session_token.empty() ? "unexpected session token" : "missing or wrong session token",
                parsed->access_key_id);
  if (parsed->date_stamp != format_date_stamp(*signed_at))
    return fail("InvalidSignatureException",
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
                    parsed->date_stamp + "' != '" + format_date_stamp(*signed_at) + "', from '" + *amz_date + "'.",
                "credential scope date mismatch", parsed->access_key_id);
  if (parsed->region != region)
    return fail("InvalidSignatureException",
                "Credential should be scoped to a valid region. (expected " + std::string(region) + ")",
                "credential scope region " + parsed->region, parsed->access_key_id);
  if (parsed->service != kServiceName)
    return fail("InvalidSignatureException",
                "Credential should be scoped to correct service: '" + std::string(kServiceName) + "'.",
                "credential scope service " + parsed->service, parsed->access_key_id);

  const auto skew = *signed_at - real_now;
  if (skew < -std::chrono::minutes(5) || skew > std::chrono::minutes(5)) {
    const auto edge = real_now + (skew < decltype(skew)::zero() ? -std::chrono::minutes(5) : std::chrono::minutes(5));
    std::string message = skew < decltype(skew)::zero()
                              ? "Signature expired: " + *amz_date + " is now earlier than " + format_amz_date(edge) +
                                    " (" + format_amz_date(real_now) + " - 5 min.)"
                              : "Signature not yet current: " + *amz_date + " is still later than " +
                                    format_amz_date(edge) + " (" + format_amz_date(real_now) + " + 5 min.)";
    return fail("InvalidSignatureException", message, "X-Amz-Date more than 5 minutes from the clock",
                parsed->access_key_id);
  }

  if (std::find(parsed->signed_headers.begin(), parsed->signed_headers.end(), "host") == parsed->signed_headers.end())
    return fail("InvalidSignatureException", "'Host' must be a 'SignedHeader' in the AWS Authorization.",
                "host not signed", parsed->access_key_id);
  aws::Credentials creds;
  creds.access_key_id = credentials.access_key_id;
  creds.secret_access_key = credentials.secret_access_key;
  // A token sent but not signed is checked above and left out here, so the recomputation sees what was signed.
  if (std::find(parsed->signed_headers.begin(), parsed->signed_headers.end(), "x-amz-security-token") !=
      parsed->signed_headers.end())
    creds.session_token = credentials.session_token;
  const std::string expected = aws::expected_signature(request, *parsed, creds, *signed_at);
  if (expected.size() != parsed->signature.size() ||
      CRYPTO_memcmp(expected.data(), parsed->signature.data(), parsed->signature.size()) != 0)
    return fail("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS "
                "Secret Access Key and signing method. Consult the service documentation for details.",
                "signature mismatch (signed headers: " + [&] {
                  std::string s;
                  for (auto& n : parsed->signed_headers) s += (s.empty() ? "" : ";") + n;
                  return s;
                }() + ")",
                parsed->access_key_id);
  return std::nullopt;
}

}  // namespace pcs::sim
