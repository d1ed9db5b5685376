#pragma once
// NextToken: opaque to clients, but to us the position of the last item returned, the sort order and a hash
// of the request's filters (so a token replayed with other filters is refused instead of silently paging
// a different list). A checksum keyed by the scenario seed makes garbled tokens fail cleanly.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pcs::sim {

struct PageCursor {
  char list = 'I';          // I invitations, T accept tasks, O opportunity tasks
  bool descending = true;
  std::uint32_t last = 0;   // index of the last item returned
  std::uint64_t filter_hash = 0;
};

std::string encode_page_token(const PageCursor& cursor, std::uint64_t key);
// nullopt for anything encode_page_token would not have written: another length or version, a wrong
// checksum, a list other than I, T or O, an order other than D or A, a position not in lowercase hex.
std::optional<PageCursor> decode_page_token(const std::string& token, std::uint64_t key);

// The 8 hex digits that end a token: a checksum of the 26 characters after "v1", keyed by the scenario seed.
// Public so the fuzz target can build well-formed tokens around any payload.
std::string page_token_checksum(std::string_view payload, std::uint64_t key);

// A hash of every member of the request except MaxResults and NextToken.
std::uint64_t filter_hash(const boost::json::object& request);

}  // namespace pcs::sim
