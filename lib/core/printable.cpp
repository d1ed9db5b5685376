#include "core/printable.hpp"

#include "core/utf8.hpp"

namespace pcs {
namespace {

// Length of the valid UTF-8 character starting at s[i] (1..4), or 0 when it is not one or is a C1 control
// (U+0080..U+009F: terminal escapes too).
std::size_t printable_length(std::string_view s, std::size_t i) {
  const Utf8Char c = decode_utf8_at(s, i);
  if (!c.valid || (c.code_point >= 0x80 && c.code_point <= 0x9F)) return 0;
  return c.length;
}

void append_hex(std::string& out, unsigned char b) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 0x0F];
}

}  // namespace

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  out.reserve(std::min(text.size(), max_chars * 2));
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (chars == max_chars) {
      out += "…";
      break;
    }
    ++chars;
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else append_hex(out, u);
      ++i;
      continue;
    }
    const std::size_t len = printable_length(text, i);
    if (len == 0) {
      append_hex(out, u);
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

bool is_printable(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u < 0x20 || u == 0x7F) return false;
    const std::size_t len = printable_length(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

}  // namespace pcs
