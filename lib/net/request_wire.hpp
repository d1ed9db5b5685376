#pragma once
// One HTTP/1.1 request as the bytes the client sends: request line, headers, Content-Length, blank line and
// body, in one buffer (one write, one TLS record). Pure, no Beast: Beast's serializer walked a view of five
// buffer kinds per header and cost a twentieth of an unchanged reconcile's CPU.
//
// The caller's headers go out in their order, then Host and User-Agent when the caller set none, then
// Content-Length from the body (a caller's Content-Length or Transfer-Encoding is dropped: framing is ours).
// Refused, as an `InvalidRequest` error naming the part: a method that is not a token, a target with a space or
// control character, a header name that is not a token, a header value with a control character other than tab
// (CR or LF there would end the header early and let the rest of the value pose as more headers).

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "net/http_message.hpp"

namespace pcs::net {

struct RequestFraming {
  std::string_view base_path;   // prefixed to the target (an endpoint's path; "" for none)
  std::string_view host;        // Host when the request has none
  std::string_view user_agent;  // User-Agent when the request has none ("" for none)
};

Result<std::string> request_wire(const HttpRequest& request, const RequestFraming& framing);

}  // namespace pcs::net
