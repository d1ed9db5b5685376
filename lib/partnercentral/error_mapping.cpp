#include "partnercentral/error_mapping.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <exception>

#include "core/printable.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;

// The service's text goes through core::printable, cut at these many characters: it ends up in logs and on a
// terminal.
constexpr std::size_t kMaxMessage = 512;

const json::value* member(const json::object& o, std::string_view a, std::string_view b = {}) {
  for (auto name : {a, b}) {
    if (name.empty()) continue;
    auto it = o.find(name);
    if (it != o.end() && !it->value().is_null()) return &it->value();
  }
  return nullptr;
}

std::string string_member(const json::object& o, std::string_view a, std::string_view b = {}) {
  auto* v = member(o, a, b);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// "Reason REQUEST_VALIDATION_FAILED; Catalog: ... [INVALID_STRING_FORMAT]"
std::string validation_details(const json::object& o) {
  std::string out;
  auto reason = string_member(o, "Reason", "reason");
  if (!reason.empty()) out += "reason " + reason;
  if (auto* list = member(o, "ErrorList", "errorList"); list && list->is_array()) {
    for (const auto& item : list->get_array()) {
      if (!item.is_object()) continue;
      const auto& e = item.get_object();
      std::string one = string_member(e, "FieldName", "fieldName");
      auto msg = string_member(e, "Message", "message");
      auto code = string_member(e, "Code", "code");
      if (!msg.empty()) one += (one.empty() ? "" : ": ") + msg;
      if (!code.empty()) one += " [" + code + "]";
      if (!one.empty()) out += (out.empty() ? "" : "; ") + one;
    }
  }
  return out;
}

std::string status_hint(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::throttling: return "slow down and retry later";
    case ErrorKind::access_denied:
      return "check the credentials, the IAM policy (partnercentral:* actions) and the system clock";
    case ErrorKind::server: return "a service-side problem; retry later";
    default: return {};
  }
}

}  // namespace

std::string normalize_error_type(std::string_view raw) {
  if (auto hash = raw.rfind('#'); hash != std::string_view::npos) raw.remove_prefix(hash + 1);
  if (auto colon = raw.find(':'); colon != std::string_view::npos) raw = raw.substr(0, colon);
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  return std::string(raw);
}

ErrorKind classify_error_type(std::string_view type, int http_status) {
  if (type == "ThrottlingException" || type == "ThrottledException" || type == "TooManyRequestsException" ||
      type == "RequestLimitExceeded")
    return ErrorKind::throttling;
  if (type == "ValidationException" || type == "SerializationException" || type == "InvalidParameterException")
    return ErrorKind::validation;
  if (type == "AccessDeniedException" || type == "UnrecognizedClientException" ||
      type == "InvalidSignatureException" || type == "IncompleteSignatureException" ||
      type == "ExpiredTokenException" || type == "MissingAuthenticationToken" ||
      type == "MissingAuthenticationTokenException" || type == "InvalidClientTokenId" ||
      type == "SignatureDoesNotMatch")
    return ErrorKind::access_denied;
  if (type == "ResourceNotFoundException") return ErrorKind::not_found;
  if (type == "ConflictException") return ErrorKind::conflict;
  if (type == "ServiceQuotaExceededException") return ErrorKind::quota_exceeded;
  if (type == "InternalServerException" || type == "ServiceUnavailableException" || type == "InternalFailure")
    return ErrorKind::server;
  if (type.empty() && http_status == 429) return ErrorKind::throttling;
  return ErrorKind::server;  // unknown types and bare 5xx: treat as the service's problem, retryable
}

Error parse_error_response(const net::HttpResponse& response) {
  std::string type;
  std::string message;
  std::string details;
  bool json_body = false;

  if (!response.body.empty()) {
    try {
      boost::system::error_code ec;
      auto v = json::parse(response.body, ec);
      if (!ec && v.is_object()) {
        json_body = true;
        const auto& o = v.get_object();
        type = normalize_error_type(string_member(o, "__type", "code"));
        message = string_member(o, "message", "Message");
        if (type == "ValidationException") details = validation_details(o);
      }
    } catch (const std::exception&) {
      json_body = false;  // treated like any other unreadable body below
    }
  }
  // The header wins when the body names nothing; some front ends send only the header.
  if (type.empty()) {
    if (const auto* h = response.header("x-amzn-ErrorType")) type = normalize_error_type(*h);
  }

  Error e;
  e.kind = classify_error_type(type, response.status);
  // The type is the service's text too: a header or body could put a newline into every log line naming it
  // (found by fuzzing). The names classify_error_type() knows pass through unchanged.
  e.code = type.empty() ? "HttpError" + std::to_string(response.status) : printable(type, 128);
  e.http_status = response.status;
  e.retryable = is_retryable_kind(e.kind);
  if (const auto* id = response.header("x-amzn-RequestId")) e.request_id = printable(*id, 128);

  if (!message.empty()) {
    e.message = printable(message, kMaxMessage);
    if (!details.empty()) e.message += " (" + printable(details, 1024) + ")";
  } else if (!details.empty()) {
    e.message = printable(details, 1024);
  } else if (!json_body && !response.body.empty()) {
    // An HTML error page or similar from something between us and the service: summarize, never copy.
    const auto* ct = response.header("Content-Type");
    e.message = "the endpoint answered HTTP " + std::to_string(response.status) + " with a non-JSON body (" +
                (ct ? printable(*ct, 64) : std::string("no content type")) + ", " +
                std::to_string(response.body.size()) + " bytes)";
  } else {
    e.message = "the endpoint answered HTTP " + std::to_string(response.status) + " without an error message";
  }
  if (auto hint = status_hint(e.kind); !hint.empty()) e.message += "; " + hint;
  return e;
}

}  // namespace pcs::pc
