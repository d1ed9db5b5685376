#include "core/error.hpp"

namespace pcs {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::throttling: return "throttling";
    case ErrorKind::validation: return "validation";
    case ErrorKind::access_denied: return "access_denied";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::quota_exceeded: return "quota_exceeded";
    case ErrorKind::server: return "server";
    case ErrorKind::transport: return "transport";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::cancelled: return "cancelled";
    case ErrorKind::config: return "config";
    case ErrorKind::protocol: return "protocol";
  }
  return "unknown";
}

bool is_retryable_kind(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::throttling:
    case ErrorKind::server:
    case ErrorKind::transport:
    case ErrorKind::timeout:
      return true;
    default:
      return false;
  }
}

Error make_error(ErrorKind kind, std::string code, std::string message) {
  Error e;
  e.kind = kind;
  e.code = std::move(code);
  e.message = std::move(message);
  e.retryable = is_retryable_kind(kind);
  return e;
}

std::string Error::describe() const {
  std::string out = code.empty() ? std::string(to_string(kind)) : code;
  if (http_status != 0 || !request_id.empty()) {
    out += " (";
    if (http_status != 0) out += "HTTP " + std::to_string(http_status);
    if (http_status != 0 && !request_id.empty()) out += ", ";
    if (!request_id.empty()) out += "request " + request_id;
    out += ")";
  }
  if (!message.empty()) out += ": " + message;
  return out;
}

}  // namespace pcs
