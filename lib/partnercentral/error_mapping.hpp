#pragma once
// Turns a non-2xx Partner Central answer into a pcs::Error.
//
// Classification is by the error *type*, never by status alone: the model says ThrottlingException is 429 and
// the service documentation says 400, and both have been seen. The type comes from the JSON body's __type
// (plain "ThrottlingException", namespace-qualified "com.amazonaws.partnercentralselling#ThrottlingException",
// or with a ":" suffix "ThrottlingException:http://...") or from the x-amzn-ErrorType header. Only when neither
// names a type does the status decide (5xx -> server, 429 -> throttling, otherwise server).
// Messages are copied from the service but cut short and stripped of control characters; a non-JSON body (an
// HTML 503 from a load balancer) is summarized, never copied.

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "net/http_message.hpp"

namespace pcs::pc {

// "com.amazonaws.x#Name:suffix" -> "Name".
std::string normalize_error_type(std::string_view raw);

// The kind of a (normalized) error type; ErrorKind::server for unknown types.
ErrorKind classify_error_type(std::string_view type, int http_status);

// Any status >= 300 (or a 2xx the caller already found unreadable) -> Error with kind, code, message,
// request_id, http_status and retryable filled.
Error parse_error_response(const net::HttpResponse& response);

}  // namespace pcs::pc
