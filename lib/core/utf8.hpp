#pragma once
// Strict UTF-8 decoding one character at a time: what printable() escapes for logs and terminals, what the
// rules check in what they send (text_checks) and escape in what explanations show (display_text). Pure.

#include <cstddef>
#include <string_view>

namespace pcs {

struct Utf8Char {
  char32_t code_point = 0;  // valid only when `valid`
  std::size_t length = 1;   // bytes consumed: the whole character, or 1 for an invalid byte
  bool valid = false;
};

// The character starting at byte `at` (< text.size()). Strict: overlong forms, surrogates, values past
// U+10FFFF and truncated sequences are invalid, and then exactly one byte is consumed, so a caller
// walking the text always moves forward and never lands inside a valid character.
Utf8Char decode_utf8_at(std::string_view text, std::size_t at);

}  // namespace pcs
