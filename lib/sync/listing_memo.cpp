#include "sync/listing_memo.hpp"

#include <algorithm>
#include <functional>

#include "core/hash64.hpp"

namespace pcs::sync {
namespace {

std::uint64_t hash_of(std::string_view bytes) { return core::hash64(bytes); }

constexpr std::string_view kTokenMember = "\"NextToken\":\"";

// Where `token` sits in `body` as the value of the top-level NextToken member, written without escapes: npos
// otherwise. Inside a JSON string a quote is always escaped, so `"NextToken":"<token>"` can only be the member.
// Searched with Boyer-Moore-Horspool: the member may come anywhere in the body, and a plain find() compares at
// every quote, of which a page has thousands (profiled: 10 % of a 100k mirror's CPU with rfind()).
std::size_t token_position(std::string_view body, std::string_view token) {
  if (token.empty() || token.find_first_of("\"\\") != std::string_view::npos) return std::string_view::npos;
  const std::string needle = std::string(kTokenMember) + std::string(token) + '"';
  const auto found =
      std::search(body.begin(), body.end(), std::boyer_moore_horspool_searcher(needle.begin(), needle.end()));
  if (found == body.end()) return std::string_view::npos;
  return std::size_t(found - body.begin()) + kTokenMember.size();
}

}  // namespace

std::optional<ListingMemo::Recognized> ListingMemo::recognize(std::size_t index, std::string_view body) const {
  if (index >= pages_.size() || !pages_[index].known) return std::nullopt;
  const Page& p = pages_[index];
  if (body.size() != p.size) return std::nullopt;
  const std::string_view token = body.substr(p.token_at, p.token_length);
  if (token.find_first_of("\"\\") != std::string_view::npos) return std::nullopt;
  if (hash_of(body.substr(0, p.token_at)) != p.before) return std::nullopt;
  if (hash_of(body.substr(p.token_at + p.token_length)) != p.after) return std::nullopt;
  Recognized r;
  if (p.token_length > 0) r.next_token = std::string(token);
  r.items = p.items;
  return r;
}

void ListingMemo::record(std::size_t index, std::string_view body, const std::optional<std::string>& next_token,
                         std::vector<std::uint64_t> seen_keys, std::size_t items) {
  listing_distinct_.reset();
  if (index >= pages_.size()) pages_.resize(index + 1);
  Page& p = pages_[index];
  p = Page{};
  const std::size_t at = next_token ? token_position(body, *next_token) : std::string_view::npos;
  if (next_token && at == std::string_view::npos) return;  // a token we cannot set apart: never recognised
  p.size = body.size();
  p.token_at = next_token ? at : body.size();
  p.token_length = next_token ? next_token->size() : 0;
  p.before = hash_of(body.substr(0, p.token_at));
  p.after = hash_of(body.substr(p.token_at + p.token_length));
  p.seen_keys = std::move(seen_keys);
  p.items = items;
  p.known = true;
}

void ListingMemo::forget(std::size_t index) {
  listing_distinct_.reset();
  if (index < pages_.size()) pages_[index] = Page{};
}

void ListingMemo::keep_first(std::size_t pages) {
  if (pages >= pages_.size()) return;
  listing_distinct_.reset();
  pages_.resize(pages);
}

void ListingMemo::clear() {
  pages_.clear();
  listing_distinct_.reset();
}

const std::vector<std::uint64_t>& ListingMemo::keys(std::size_t index) const {
  static const std::vector<std::uint64_t> kNone;
  return index < pages_.size() ? pages_[index].seen_keys : kNone;
}

bool ListingMemo::holds_listing(std::size_t pages) const {
  return pages_.size() == pages && std::all_of(pages_.begin(), pages_.end(), [](const Page& p) { return p.known; });
}

void ListingMemo::keep_listing_distinct(std::size_t ids) { listing_distinct_ = ids; }

}  // namespace pcs::sync
