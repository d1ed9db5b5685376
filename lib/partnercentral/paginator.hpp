#pragma once
// Following NextToken, one page at a time (the sync engine stores each page in its own transaction).
//
// PaginationState is the pure part: which token to send next, whether we are done, and the guard against a
// service that hands back a token it already gave (which would otherwise loop forever).
// An absent, null or empty-string NextToken ends the listing (the service documents both spellings).
// Bounded against a service that misbehaves: a token seen before, a token longer than kMaxNextTokenBytes, more
// than max_pages pages, or a page with more items than the MaxResults asked for ends the walk with a protocol
// error. Tokens seen are remembered as 64-bit hashes, so the guard costs 16 bytes a page whatever the service
// sends (a false "repeated" needs a hash collision among at most max_pages tokens: about 1 in 10^13).
//
// for_each_page() drives a client through every page and calls fn(page) for each. fn returns a Status; an error
// from fn stops the walk and is returned as is. Cancellation (std::stop_token) is checked before each request
// and again when a response arrives: pages already delivered stay delivered, no page is delivered after the
// stop is seen, and the walk returns an Error of kind cancelled ("Cancelled").
// collect_all() gathers every item of every page; on any error (cancellation included) it returns the error
// and drops the partial list: callers that must keep partial progress use for_each_page().

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <optional>
#include <stop_token>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"
#include "partnercentral/types.hpp"

namespace pcs::pc {

// 2,000 pages are 200,000 invitations or 2,000,000 tasks: far past any real account, near enough to stop an
// endless listing within the daily read budget.
inline constexpr std::size_t kMaxPages = 2000;
// AWS NextTokens are opaque and a few hundred bytes to a few kilobytes; the model sets no bound. One far larger
// is not a token but a misbehaving service, and each would be sent back in the next request.
inline constexpr std::size_t kMaxNextTokenBytes = 64 * 1024;

class PaginationState {
 public:
  explicit PaginationState(std::size_t max_pages = kMaxPages) : max_pages_(max_pages) {}
  // The token for the next request: nullopt for the first page.
  const std::optional<std::string>& next_request_token() const { return next_; }
  bool done() const { return done_; }
  std::size_t pages() const { return pages_; }

  // Records the NextToken a page came back with. Returns a protocol error (and marks the walk done) when the
  // service returned a token it had already returned, one over kMaxNextTokenBytes, or too many pages.
  Status on_page(const std::optional<std::string>& next_token);

 private:
  std::optional<std::string> next_;
  std::unordered_set<std::size_t> seen_;  // hashes of the tokens returned
  std::size_t max_pages_;
  std::size_t pages_ = 0;
  bool done_ = false;
};

// The items of a page, for collect_all().
inline auto& page_items(ListEngagementInvitationsResponse& r) { return r.engagement_invitation_summaries; }
inline auto& page_items(ListEngagementByAcceptingInvitationTasksResponse& r) { return r.task_summaries; }
inline auto& page_items(ListOpportunityFromEngagementTasksResponse& r) { return r.task_summaries; }

Error cancelled_error(std::size_t pages_delivered);
Error oversized_page_error(std::string_view operation, std::size_t items, int max_results);

// Client is anything with `awaitable<Result<Request::Response>> send(Request)` (PartnerCentralClient, or a
// test double). The request's own next_token is overwritten page by page.
template <class Client, class Request, class Fn>
boost::asio::awaitable<Status> for_each_page(Client& client, Request request, Fn fn, std::stop_token stop = {}) {
  PaginationState state;
  while (!state.done()) {
    if (stop.stop_requested()) co_return cancelled_error(state.pages());
    request.next_token = state.next_request_token();
    auto page = co_await client.send(request);
    if (!page) co_return page.error();
    if (stop.stop_requested()) co_return cancelled_error(state.pages());
    if (request.max_results && page_items(*page).size() > std::size_t(*request.max_results))
      co_return oversized_page_error(Request::operation, page_items(*page).size(), *request.max_results);
    auto progress = state.on_page(page->next_token);
    if (!progress) co_return progress.error();
    auto handled = fn(*page);
    if (!handled) co_return handled.error();
  }
  co_return Ok{};
}

template <class Client, class Request>
auto collect_all(Client& client, Request request, std::stop_token stop = {})
    -> boost::asio::awaitable<
        Result<std::remove_reference_t<decltype(page_items(std::declval<typename Request::Response&>()))>>> {
  using Items = std::remove_reference_t<decltype(page_items(std::declval<typename Request::Response&>()))>;
  Items all;
  auto status = co_await for_each_page(
      client, std::move(request),
      [&all](typename Request::Response& page) -> Status {
        auto& items = page_items(page);
        all.insert(all.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
        return Ok{};
      },
      stop);
  if (!status) co_return status.error();
  co_return all;
}

}  // namespace pcs::pc
