#include "net/request_wire.hpp"

#include <array>
#include <charconv>

namespace pcs::net {
namespace {

// RFC 9110 tchar.
constexpr bool tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != std::string_view::npos;
}

constexpr std::array<bool, 256> kTchar = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[std::size_t(c)] = tchar(static_cast<unsigned char>(c));
  return table;
}();

bool is_token(std::string_view s) {
  bool ok = !s.empty();
  for (char c : s) ok &= kTchar[static_cast<unsigned char>(c)];
  return ok;
}

// Checked without an early exit, so the compiler checks 32 bytes at a time: a signed request's values are most of
// its head, and a byte-by-byte search cost a third of building it.
bool no_control(std::string_view s, bool tab_allowed, bool space_allowed) {
  bool bad = false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    bad |= (c < 0x20 && !(tab_allowed && c == '\t')) | (c == 0x7F) | (!space_allowed && c == ' ');
  }
  return !bad;
}

bool is_field_value(std::string_view s) { return no_control(s, true, true); }
bool is_target(std::string_view s) { return no_control(s, false, false); }

Error invalid(std::string what) {
  return make_error(ErrorKind::config, "InvalidRequest",
                    "refused to send a request whose " + what + "; this is a bug in the caller, please report it");
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

Result<std::string> request_wire(const HttpRequest& request, const RequestFraming& framing) {
  const std::string_view target = request.target.empty() ? std::string_view("/") : std::string_view(request.target);
  if (!is_token(request.method)) return invalid("method is not an HTTP token");
  if (!is_target(framing.base_path) || !is_target(target)) return invalid("target has a space or control character");
  std::size_t size = request.method.size() + framing.base_path.size() + target.size() + 64 + request.body.size() +
                     framing.host.size() + framing.user_agent.size();
  for (const auto& h : request.headers) size += h.name.size() + h.value.size() + 4;

  std::string out;
  out.reserve(size);
  out.append(request.method).append(" ").append(framing.base_path).append(target).append(" HTTP/1.1\r\n");
  bool has_host = false, has_user_agent = false;
  for (const auto& h : request.headers) {
    if (!is_token(h.name)) return invalid("header name is not an HTTP token");
    // The name is safe to show: a token has no control character, and header names are not secret.
    if (!is_field_value(h.value)) return invalid("header " + h.name + " has a control character in its value");
    if (header_name_equals(h.name, "Content-Length") || header_name_equals(h.name, "Transfer-Encoding")) continue;
    has_host = has_host || header_name_equals(h.name, "Host");
    has_user_agent = has_user_agent || header_name_equals(h.name, "User-Agent");
    append_header(out, h.name, h.value);
  }
  if (!is_field_value(framing.host) || !is_field_value(framing.user_agent))
    return invalid("Host or User-Agent has a control character");
  if (!has_host) append_header(out, "Host", framing.host);
  if (!has_user_agent && !framing.user_agent.empty()) append_header(out, "User-Agent", framing.user_agent);
  char digits[24];
  const auto length = std::to_chars(digits, digits + sizeof digits, request.body.size());
  append_header(out, "Content-Length", std::string_view(digits, std::size_t(length.ptr - digits)));
  out.append("\r\n").append(request.body);
  return out;
}

}  // namespace pcs::net
