#include "partnercentral/paginator.hpp"

#include <functional>

namespace pcs::pc {

Status PaginationState::on_page(const std::optional<std::string>& next_token) {
  ++pages_;
  if (!next_token || next_token->empty()) {
    next_.reset();
    done_ = true;
    return Ok{};
  }
  if (next_token->size() > kMaxNextTokenBytes) {
    done_ = true;
    next_.reset();
    return make_error(ErrorKind::protocol, "OversizedNextToken",
                      "the service returned a NextToken of " + std::to_string(next_token->size()) +
                          " bytes (after " + std::to_string(pages_) + " pages; pcsyncd accepts at most " +
                          std::to_string(kMaxNextTokenBytes) + "); stopping this listing, retry later");
  }
  if (!seen_.insert(std::hash<std::string>{}(*next_token)).second) {
    done_ = true;
    next_.reset();
    return make_error(ErrorKind::protocol, "RepeatedNextToken",
                      "the service returned the same NextToken twice (after " + std::to_string(pages_) +
                          " pages); stopping to avoid an endless listing, retry later");
  }
  if (pages_ >= max_pages_) {
    done_ = true;
    next_.reset();
    return make_error(ErrorKind::protocol, "TooManyPages",
                      "the service is still returning a NextToken after " + std::to_string(pages_) +
                          " pages; stopping this listing (pcsyncd walks at most " + std::to_string(max_pages_) +
                          " pages per listing), retry later");
  }
  next_ = *next_token;
  return Ok{};
}

Error oversized_page_error(std::string_view operation, std::size_t items, int max_results) {
  return make_error(ErrorKind::protocol, "OversizedPage",
                    std::string(operation) + " returned " + std::to_string(items) + " items for MaxResults " +
                        std::to_string(max_results) + "; the page was not used (report the request id to AWS support)");
}

Error cancelled_error(std::size_t pages_delivered) {
  return make_error(ErrorKind::cancelled, "Cancelled",
                    "listing stopped by shutdown after " + std::to_string(pages_delivered) + " page(s)");
}

}  // namespace pcs::pc
