#include "partnercentral/patterns.hpp"

#include <cstdint>

namespace pcs::pc::patterns {
namespace {

bool is_lower_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "arn:" followed by anything but a line terminator (Java's '.').
bool is_arn(std::string_view s) {
  if (s.substr(0, 4) != "arn:") return false;
  return s.find_first_of("\r\n") == std::string_view::npos;
}

// prefix followed by exactly n of [0-9a-z].
bool prefixed_id(std::string_view s, std::string_view prefix, std::size_t n) {
  if (s.size() != prefix.size() + n || s.substr(0, prefix.size()) != prefix) return false;
  for (char c : s.substr(prefix.size()))
    if (!is_lower_alnum(c)) return false;
  return true;
}

// Decodes the next code point; returns false on malformed UTF-8 (overlong, surrogate, truncated, > U+10FFFF).
bool next_code_point(std::string_view s, std::size_t& i, std::uint32_t& cp) {
  auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (b0 < 0x80) {
    cp = b0;
    len = 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    cp = b0 & 0x1F;
    len = 2;
  } else if ((b0 & 0xF0) == 0xE0) {
    cp = b0 & 0x0F;
    len = 3;
  } else if ((b0 & 0xF8) == 0xF0) {
    cp = b0 & 0x07;
    len = 4;
  } else {
    return false;
  }
  if (i + len > s.size()) return false;
  for (std::size_t k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  i += len;
  return true;
}

template <class F>
bool all_code_points(std::string_view s, F ok) {
  std::size_t i = 0;
  std::uint32_t cp = 0;
  while (i < s.size()) {
    if (!next_code_point(s, i, cp) || !ok(cp)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t n = 0;
  std::size_t i = 0;
  std::uint32_t cp = 0;
  while (i < s.size()) {
    if (!next_code_point(s, i, cp)) return std::nullopt;
    ++n;
  }
  return n;
}

bool catalog(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_alpha(c)) return false;
  return true;
}

bool engagement_arn_or_id(std::string_view s) { return is_arn(s) || prefixed_id(s, "eng-", 14); }
bool invitation_arn_or_id(std::string_view s) { return is_arn(s) || prefixed_id(s, "engi-", 13); }
bool task_arn_or_id(std::string_view s) { return is_arn(s) || prefixed_id(s, "task-", 13); }
bool invitation_id(std::string_view s) { return prefixed_id(s, "engi-", 13); }
bool task_id(std::string_view s) { return prefixed_id(s, "task-", 13); }

bool opportunity_id(std::string_view s) {
  if (s.size() < 2 || s.size() > 20 || s[0] != 'O') return false;
  for (char c : s.substr(1))
    if (!is_digit(c)) return false;
  return true;
}

bool aws_account(std::string_view s) {
  // [0-9]{12} is a subset of \w{1,12} (Java's \w is [a-zA-Z_0-9]).
  if (s.empty() || s.size() > 12) return false;
  for (char c : s)
    if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
  return true;
}

bool client_token(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (c < '!' || c > '~') return false;
  return true;
}

bool rejection_reason(std::string_view s) {
  auto n = utf8_length(s);
  if (!n || *n < 1 || *n > 80) return false;
  return all_code_points(s, [](std::uint32_t cp) {
    return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD);
  });
}

bool tag_text(std::string_view s) {
  return all_code_points(s, [](std::uint32_t cp) {
    if (cp < 0x80) {
      auto c = static_cast<char>(cp);
      return is_alpha(c) || is_digit(c) || c == ' ' || std::string_view("_.:/=+-@").find(c) != std::string_view::npos;
    }
    return cp >= 0xA0;  // see the header: non-ASCII letters, numbers and separators, approximated
  });
}

}  // namespace pcs::pc::patterns
