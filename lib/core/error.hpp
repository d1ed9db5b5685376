#pragma once
// The one error type of every Partner Central, AWS or transport call.
// It carries what an operator needs (what happened, what to do, the request id to quote to AWS support)
// and what the governor needs (kind and retryable); it never carries a secret.

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
};

std::string_view to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::server;
  std::string code;        // the service's error type without namespace ("ThrottlingException"), or a local code
  std::string message;     // the service's message, or ours: says what to do
  std::string request_id;  // x-amzn-RequestId when the service answered
  int http_status = 0;     // 0 when no HTTP response was read
  bool retryable = false;

  // "ThrottlingException (HTTP 400, request 1234): Rate exceeded" — one line for logs and stderr.
  std::string describe() const;
};

// Default retryability of a kind: throttling, server, transport and timeout are worth another try.
bool is_retryable_kind(ErrorKind kind);

Error make_error(ErrorKind kind, std::string code, std::string message);

}  // namespace pcs
