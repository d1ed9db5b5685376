#pragma once
// ASCII case, for what the protocols define as case-insensitive ASCII (URL schemes and hosts, header names, the
// model's enum values, settings like "true"): no locale, non-ASCII bytes unchanged. Pure.

#include <string>
#include <string_view>

namespace pcs {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace pcs
