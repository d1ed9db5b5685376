#include "rules/display_text.hpp"

#include "core/utf8.hpp"

namespace pcs::rules {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string hex_escape(unsigned value, int digits, const char* prefix) {
  std::string out(prefix);
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out.push_back(kHex[(value >> shift) & 0xF]);
  return out;
}

// The escape for a code point that must not be shown as itself, or "" when it may.
std::string escape_for(char32_t c) {
  switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: break;
  }
  if (c < 0x20 || c == 0x7F) return hex_escape(c, 2, "\\x");
  if ((c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029) return hex_escape(c, 4, "\\u");
  return {};
}

}  // namespace

std::string display_text(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    Utf8Char c = decode_utf8_at(text, i);
    std::string escape = c.valid ? escape_for(c.code_point) : hex_escape(static_cast<unsigned char>(text[i]), 2, "\\x");
    std::size_t width = escape.empty() ? 1 : escape.size();  // escapes are ASCII: one character per byte
    if (chars + width > max_chars) return out + "\u2026";
    if (escape.empty()) {
      out.append(text.substr(i, c.length));
    } else {
      out += escape;
    }
    chars += width;
    i += c.length;
  }
  return out;
}

}  // namespace pcs::rules
