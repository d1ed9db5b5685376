#include "rules/text_checks.hpp"

#include <optional>
#include <vector>

#include "core/utf8.hpp"

namespace pcs::rules {
namespace {

// Decodes strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF); nullopt when malformed.
std::optional<std::vector<char32_t>> decode_utf8(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    Utf8Char c = decode_utf8_at(s, i);
    if (!c.valid) return std::nullopt;
    out.push_back(c.code_point);
    i += c.length;
  }
  return out;
}

bool reason_char(char32_t c) {
  return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
}

bool tag_char(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
      case ' ': case '_': case '.': case ':': case '/': case '=': case '+': case '-': case '@': return true;
      default: return false;
    }
  }
  if (c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x3000) return true;      // \p{Z} spaces
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;                      // Latin letters
  if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x3B1 && c <= 0x3C9)) return true;  // Greek
  if (c >= 0x400 && c <= 0x481) return true;                                      // Cyrillic
  if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA)) return true;  // kana
  if (c >= 0x4E00 && c <= 0x9FFF) return true;                                    // CJK ideographs
  if (c >= 0xAC00 && c <= 0xD7A3) return true;                                    // Hangul syllables
  return false;
}

std::string check_tag_text(std::string_view text, size_t min_chars, size_t max_chars) {
  auto cps = decode_utf8(text);
  if (!cps) return "is not valid UTF-8";
  if (cps->size() < min_chars) return "must not be empty";
  if (cps->size() > max_chars) {
    return "is " + std::to_string(cps->size()) + " characters long; the limit is " + std::to_string(max_chars);
  }
  for (char32_t c : *cps) {
    if (!tag_char(c)) return "may contain only letters, digits, spaces and _ . : / = + - @";
  }
  return {};
}

}  // namespace

std::string check_rejection_reason(std::string_view text) {
  auto cps = decode_utf8(text);
  if (!cps) return "is not valid UTF-8";
  if (cps->empty()) return "must not be empty (omit reason to send none)";
  if (cps->size() > 80) {
    return "is " + std::to_string(cps->size()) + " characters long; Partner Central accepts at most 80";
  }
  for (char32_t c : *cps) {
    if (!reason_char(c)) return "may contain only printable characters (no tabs, newlines or control characters)";
  }
  return {};
}

std::string check_tag_key(std::string_view text) { return check_tag_text(text, 1, 128); }
std::string check_tag_value(std::string_view text) { return check_tag_text(text, 0, 256); }

}  // namespace pcs::rules
