#pragma once
// Bytes as lowercase hex, two digits each: digests, MACs and tokens.
#include <cstddef>
#include <string>

namespace pcs::core {

// Appended to `out` (a digest written in place into the text it is part of).
inline void append_hex_lower(std::string& out, const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0f]);
  }
}

inline std::string hex_lower(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  append_hex_lower(out, data, size);
  return out;
}

}  // namespace pcs::core
