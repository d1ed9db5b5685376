#include "sim/page_token.hpp"

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>

namespace pcs::sim {
namespace {

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The value of lowercase hex digits, nullopt when any character is something else.
std::optional<std::uint64_t> lower_hex(std::string_view digits) {
  std::uint64_t value = 0;
  for (char c : digits) {
    const int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    value = value << 4 | static_cast<std::uint64_t>(d);
  }
  return value;
}

}  // namespace

std::string encode_page_token(const PageCursor& c, std::uint64_t key) {
  char payload[64];
  std::snprintf(payload, sizeof payload, "%c%c%08x%016llx", c.list, c.descending ? 'D' : 'A', c.last,
                static_cast<unsigned long long>(c.filter_hash));
  return std::string("v1") + payload + page_token_checksum(payload, key);
}

std::string page_token_checksum(std::string_view payload, std::uint64_t key) {
  char sum[24];
  std::snprintf(sum, sizeof sum, "%08llx", static_cast<unsigned long long>(fnv1a(payload, key) & 0xffffffffULL));
  return sum;
}

std::optional<PageCursor> decode_page_token(const std::string& token, std::uint64_t key) {
  // "v1" + list + order + 8 hex + 16 hex + 8 hex checksum
  if (token.size() != 2 + 2 + 8 + 16 + 8 || token.compare(0, 2, "v1") != 0) return std::nullopt;
  std::string payload = token.substr(2, 26);
  if (token.compare(28, 8, page_token_checksum(payload, key)) != 0) return std::nullopt;
  PageCursor c;
  c.list = payload[0];
  if (c.list != 'I' && c.list != 'T' && c.list != 'O') return std::nullopt;
  if (payload[1] != 'D' && payload[1] != 'A') return std::nullopt;
  c.descending = payload[1] == 'D';
  // Exactly the digits encode_page_token writes: std::stoul also took a sign, "0x", blanks and capitals, so
  // one cursor had many spellings and "-0000001" meant 0xffffffff (found by tests/fuzz/page_token.cpp).
  const auto last = lower_hex(std::string_view(payload).substr(2, 8));
  const auto hash = lower_hex(std::string_view(payload).substr(10, 16));
  if (!last || !hash) return std::nullopt;
  c.last = static_cast<std::uint32_t>(*last);
  c.filter_hash = *hash;
  return c;
}

std::uint64_t filter_hash(const boost::json::object& request) {
  // By member name, whatever order the request wrote them in: object::erase moves the last member into the
  // erased one's place, so erasing NextToken from a copy hashed the later pages of a filtered listing
  // differently from its first page, and refused their tokens.
  std::map<std::string_view, std::string> members;
  for (const auto& kv : request)
    if (kv.key() != "MaxResults" && kv.key() != "NextToken")
      members.emplace(kv.key(), boost::json::serialize(kv.value()));
  std::string text;
  for (const auto& [name, value] : members) text.append(name).append(1, '\0').append(value).append(1, '\0');
  return fnv1a(text);
}

}  // namespace pcs::sim
