#pragma once
// The one error type of every Partner Central, AWS or transport call.
// It carries what an operator needs (what happened, what to do, the request id to quote to AWS support)
// and what the governor needs (kind and retryable); it never carries a secret.
//
// What each kind means for the caller is written down once, in outcome_of(): the governor (retry within a
// call), the sync cycle (is a decision failed for good, may it have been applied) and pcsyncctl all read it.

#include <string>
#include <string_view>

namespace pcs {

enum class ErrorKind {
  throttling,       // ThrottlingException, any status: slow down and retry
  validation,       // the request broke the model's constraints; never retried
  access_denied,    // IAM or signature/credentials trouble; never retried
  not_found,        // ResourceNotFoundException
  conflict,         // ConflictException (e.g. another ClientToken already started a task)
  quota_exceeded,   // ServiceQuotaExceededException (a hard quota, not a rate)
  server,           // 5xx, InternalServerException, an unparseable error page
  transport,        // connect, TLS, reset, malformed or oversized response
  timeout,          // a deadline expired
  cancelled,        // the caller stopped the operation (shutdown)
  config,           // local configuration or credentials are missing or malformed
  protocol,         // the service answered something the client cannot read (missing required member, bad JSON)
  clock_skew,       // the signature was refused because our clock is off; the client corrected its offset
  expired_token,    // ExpiredTokenException: the credentials expired; the client asked for fresh ones
};

std::string_view to_string(ErrorKind kind);

// How the governor may retry a failure within one call.
enum class RetryClass {
  throttling,  // backoff, and lower the adaptive rate
  transient,   // backoff
  timeout,     // backoff; costs more retry budget (the service may still be working)
  at_once,     // once, without backoff: the cause was corrected locally (clock offset, fresh credentials)
  never,
};
std::string_view to_string(RetryClass c);

struct ErrorOutcome {
  RetryClass retry;  // how the governor may retry it within one call
  // Retrying later cannot help: a decision whose call ended so is failed for good.
  bool permanent;
  // The request may have reached the service and been applied: an accept or reject stays "sent" and is
  // resent with the same ClientToken, never recorded as failed.
  bool may_have_been_applied;
  // The operator must fix the setup (IAM, credentials, clock): further writes this cycle would fail alike.
  bool setup;

  // Another attempt may succeed (the governor retries it within the call).
  constexpr bool retryable() const { return retry != RetryClass::never; }
  // The service refused the request unprocessed because of the request rate: counted as a throttle, and it
  // lowers the adaptive rate.
  constexpr bool throttle() const { return retry == RetryClass::throttling; }
};
const ErrorOutcome& outcome_of(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::server;
  std::string code;        // the service's error type without namespace ("ThrottlingException"), or a local code
  std::string message;     // the service's message, or ours: says what to do
  std::string request_id;  // x-amzn-RequestId when the service answered
  int http_status = 0;     // 0 when no HTTP response was read
  // Whether trying again may succeed: outcome_of(kind).retryable() as make_error() sets it. The governor reads
  // the table, not this copy. The store's StoreFull is the one error that sets it against its kind (config):
  // the next cycle succeeds once space is freed.
  bool retryable = false;

  // "ThrottlingException (HTTP 400, request 1234): Rate exceeded" — one line for logs and stderr.
  std::string describe() const;
};

// Whether a kind is worth another attempt (outcome_of(kind).retry != never).
bool is_retryable_kind(ErrorKind kind);

Error make_error(ErrorKind kind, std::string code, std::string message);

}  // namespace pcs
