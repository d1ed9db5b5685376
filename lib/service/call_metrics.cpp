#include "service/call_metrics.hpp"

#include <array>
#include <chrono>

#include "governor/governor.hpp"

namespace pcs::service {
namespace {

// Every error type Partner Central's model and the AWS protocol layer name (error_mapping.cpp classifies
// them), and the local codes a call can end with (lib/net, lib/governor, lib/partnercentral, credentials).
constexpr std::array<std::string_view, 64> kKnownTypes = {
    // the service and the AWS front end
    "AccessDeniedException", "ConflictException", "ExpiredTokenException", "IncompleteSignatureException",
    "InternalFailure", "InternalServerException", "InvalidClientTokenId", "InvalidParameterException",
    "InvalidSignatureException", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
    "RequestLimitExceeded", "ResourceNotFoundException", "SerializationException", "ServiceQuotaExceededException",
    "ServiceUnavailableException", "SignatureDoesNotMatch", "ThrottledException", "ThrottlingException",
    "TooManyRequestsException", "UnrecognizedClientException", "ValidationException",
    // transport and time
    "CallTimeout", "ConnectFailed", "ConnectionClosed", "ConnectionReset", "ProxyAuthenticationRequired",
    "ProxyConnectFailed", "ResolveFailed", "ResponseTooLarge", "Timeout", "TlsError", "TransportError",
    "TlsTrustStore", "TlsCaBundle",
    // what the client or the governor refused
    "Cancelled", "DailyBudgetExhausted", "InvalidResponse", "OversizedPage", "OversizedNextToken",
    "RepeatedNextToken", "TooManyPages", "InvalidRequest",
    "UnexpectedException", "UnexpectedInvitation",
    // credentials
    "CredentialsRefreshFailed", "NoCredentials", "SigningFailed", "CredentialProcessFailed", "InvalidProfile",
    "CredentialsUnavailable", "CredentialsNotFound", "MissingCredentials", "IncompleteCredentials",
    "MalformedCredentials", "ImdsError", "CredentialProcessTimeout", "CredentialProcessOutputTooLarge",
    "SsoTokenInvalid", "SsoTokenMissing", "SsoTokenExpired", "SsoCacheNotWritable", "MfaNotSupported",
    "MalformedStsResponse",
};

bool is_http_error_code(std::string_view code) {
  constexpr std::string_view prefix = "HttpError";
  if (!code.starts_with(prefix) || code.size() != prefix.size() + 3) return false;
  for (char c : code.substr(prefix.size()))
    if (c < '0' || c > '9') return false;
  return code[prefix.size()] >= '1' && code[prefix.size()] <= '5';
}

}  // namespace

std::string error_type_label(const Error& error) {
  for (std::string_view known : kKnownTypes)
    if (error.code == known) return error.code;
  if (is_http_error_code(error.code)) return error.code;
  return "other";
}

void CallMetrics::observe(const gov::AttemptTrace& trace) {
  auto it = latency_.find(trace.operation);
  if (it == latency_.end()) it = latency_.emplace(std::string(trace.operation), Histogram(kRequestLatencyBuckets)).first;
  it->second.observe(std::chrono::duration<double>(trace.took).count());
  if (trace.error != nullptr) ++errors_[{std::string(trace.operation), error_type_label(*trace.error)}];
}

}  // namespace pcs::service
