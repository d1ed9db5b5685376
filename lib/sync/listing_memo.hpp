#pragma once
// What the previous listing of one scope returned, page by page, so that a page whose bytes are the same again
// (but for its NextToken, which a service may mint afresh each time) is recognised without being parsed,
// decoded or written: its items are exactly those already stored. Pure: bytes in, answers out.
//
// A page is recognised when its body has the recorded size and the same bytes before and after the NextToken
// value (compared by a 64-bit hash of each part, core::hash64: two different bodies of one size hashing alike
// has a probability of 2^-64 per page). The NextToken is located only as the value of the top-level member
// `"NextToken":"..."` with no escapes in it; otherwise the whole body is compared. Pages are keyed by their
// position in the listing: the listing is sorted ASCENDING by InvitationDate, so a new invitation is added at
// the end and does not shift the pages before it.
//
// It also keeps, after a complete listing whose every page it holds, how many distinct ids in scope that listing
// returned: a later listing that recognises every page returned exactly those ids again, and need not sort
// 100,000 keys to count them (SeenIds::know_distinct). Any change to a page forgets the count.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pcs::sync {

class ListingMemo {
 public:
  struct Recognized {
    std::optional<std::string> next_token;  // the one in this body
    std::size_t items = 0;                   // its ids in scope are keys(index)
  };

  // The page at `index`, when `body` is the one recorded there (see above).
  std::optional<Recognized> recognize(std::size_t index, std::string_view body) const;
  // After page `index` was decoded from `body` and its rows stored.
  void record(std::size_t index, std::string_view body, const std::optional<std::string>& next_token,
              std::vector<std::uint64_t> seen_keys, std::size_t items);
  // Page `index` was read but not recorded (it held items that were refused): it is not recognised again.
  void forget(std::size_t index);
  // A complete listing had this many pages: later ones no longer exist.
  void keep_first(std::size_t pages);
  // Forget everything: what was recorded may not be in the store (a write failed) or no longer fits the store.
  void clear();
  std::size_t pages() const { return pages_.size(); }
  // The SeenIds keys recorded for page `index` (empty when the page is not known).
  const std::vector<std::uint64_t>& keys(std::size_t index) const;

  // Whether it holds exactly `pages` pages, each of them known: a listing of that many pages just completed.
  bool holds_listing(std::size_t pages) const;
  // How many distinct ids in scope that complete listing returned; kept until any page changes.
  void keep_listing_distinct(std::size_t ids);
  std::optional<std::size_t> listing_distinct() const { return listing_distinct_; }

 private:
  struct Page {
    bool known = false;
    std::size_t size = 0;
    std::size_t token_at = 0;      // where the NextToken value starts in the body
    std::size_t token_length = 0;  // 0: no token excluded (the whole body is compared)
    std::uint64_t before = 0;      // hash of body[0, token_at)
    std::uint64_t after = 0;       // hash of body[token_at + token_length, size)
    std::vector<std::uint64_t> seen_keys;
    std::size_t items = 0;
  };
  std::vector<Page> pages_;
  std::optional<std::size_t> listing_distinct_;
};

}  // namespace pcs::sync
