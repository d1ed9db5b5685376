#include "core/utf8.hpp"

namespace pcs {

Utf8Char decode_utf8_at(std::string_view text, std::size_t at) {
  auto b0 = static_cast<unsigned char>(text[at]);
  std::size_t len = 0;
  char32_t cp = 0;
  if (b0 < 0x80) return {b0, 1, true};
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return {};
  }
  if (at + len > text.size()) return {};
  for (std::size_t k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(text[at + k]);
    if ((b & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, len, true};
}

}  // namespace pcs
