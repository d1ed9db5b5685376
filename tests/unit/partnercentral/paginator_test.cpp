#include <gtest/gtest.h>

#include <deque>

#include "partnercentral/paginator.hpp"
#include "test_helpers.hpp"

namespace pcs::pc {
namespace {

TEST(PaginationState, FollowsTokensUntilAbsentOrEmpty) {
  PaginationState s;
  EXPECT_FALSE(s.next_request_token().has_value());
  ASSERT_TRUE(s.on_page(std::string("a")).ok());
  EXPECT_EQ(s.next_request_token().value_or(""), "a");
  EXPECT_FALSE(s.done());
  ASSERT_TRUE(s.on_page(std::string("")).ok());
  EXPECT_TRUE(s.done());
  EXPECT_EQ(s.pages(), 2u);

  PaginationState t;
  ASSERT_TRUE(t.on_page(std::nullopt).ok());
  EXPECT_TRUE(t.done());
}

TEST(PaginationState, RepeatedTokenIsAProtocolError) {
  PaginationState s;
  ASSERT_TRUE(s.on_page(std::string("a")).ok());
  ASSERT_TRUE(s.on_page(std::string("b")).ok());
  auto st = s.on_page(std::string("a"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::protocol);
  EXPECT_NE(st.error().message.find("the service returned the same NextToken twice"), std::string::npos);
  EXPECT_TRUE(s.done());
}

// Answers task listings from a script of (NextToken) pages and records the tokens it was sent.
struct ScriptedClient {
  explicit ScriptedClient(std::deque<std::optional<std::string>> tokens) : next_tokens(std::move(tokens)) {}
  std::deque<std::optional<std::string>> next_tokens;
  std::vector<std::optional<std::string>> sent_tokens;
  std::stop_source* stop_after_first = nullptr;
  int calls = 0;

  boost::asio::awaitable<Result<ListOpportunityFromEngagementTasksResponse>> send(
      ListOpportunityFromEngagementTasksRequest r) {
    sent_tokens.push_back(r.next_token);
    ++calls;
    if (stop_after_first && calls == 2) stop_after_first->request_stop();
    if (next_tokens.empty()) co_return make_error(ErrorKind::server, "Script", "no more pages scripted");
    ListOpportunityFromEngagementTasksResponse page;
    OpportunityFromEngagementTaskSummary s;
    s.task_id = "task-" + std::to_string(calls);
    page.task_summaries.push_back(s);
    page.next_token = next_tokens.front();
    next_tokens.pop_front();
    co_return page;
  }
};

ListOpportunityFromEngagementTasksRequest request() {
  ListOpportunityFromEngagementTasksRequest r;
  r.catalog = "AWS";
  return r;
}

TEST(ForEachPage, MultiPage) {
  ScriptedClient client({std::string("t1"), std::string("t2"), std::nullopt});
  int pages = 0;
  auto st = test::run(for_each_page(client, request(), [&](const ListOpportunityFromEngagementTasksResponse& p) -> Status {
    ++pages;
    EXPECT_EQ(p.task_summaries.size(), 1u);
    return Ok{};
  }));
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(client.sent_tokens.size(), 3u);
  EXPECT_FALSE(client.sent_tokens[0].has_value());
  EXPECT_EQ(client.sent_tokens[1].value_or(""), "t1");
  EXPECT_EQ(client.sent_tokens[2].value_or(""), "t2");
}

TEST(ForEachPage, EmptyTokenEnds) {
  ScriptedClient client({std::string("t1"), std::string("")});
  auto all = test::run(collect_all(client, request()));
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(client.calls, 2);
}

TEST(ForEachPage, RepeatedTokenStops) {
  ScriptedClient client({std::string("t1"), std::string("t2"), std::string("t1"), std::nullopt});
  int pages = 0;
  auto st = test::run(for_each_page(client, request(), [&](const auto&) -> Status {
    ++pages;
    return Ok{};
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::protocol);
  EXPECT_EQ(pages, 2);  // the page carrying the repeated token is not delivered
  EXPECT_EQ(client.calls, 3);
}

TEST(ForEachPage, CancellationStopsCleanly) {
  std::stop_source stop;
  ScriptedClient client({std::string("t1"), std::string("t2"), std::string("t3"), std::nullopt});
  client.stop_after_first = &stop;  // the stop fires while the second request is in flight
  int pages = 0;
  auto st = test::run(for_each_page(
      client, request(),
      [&](const auto&) -> Status {
        ++pages;
        return Ok{};
      },
      stop.get_token()));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::cancelled);
  EXPECT_EQ(pages, 1);
  EXPECT_EQ(client.calls, 2);

  std::stop_source already;
  already.request_stop();
  ScriptedClient untouched({std::nullopt});
  auto none = test::run(collect_all(untouched, request(), already.get_token()));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::cancelled);
  EXPECT_EQ(untouched.calls, 0);
}

TEST(ForEachPage, CallbackAndClientErrorsPropagate) {
  ScriptedClient client({std::string("t1"), std::nullopt});
  auto st = test::run(for_each_page(client, request(), [&](const auto&) -> Status {
    return make_error(ErrorKind::config, "DbFull", "disk full");
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "DbFull");
  EXPECT_EQ(client.calls, 1);

  ScriptedClient failing({std::string("t1")});
  auto all = test::run(collect_all(failing, request()));
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "Script");
}

TEST(PaginationState, AnEndlessListingStopsAtMaxPages) {
  PaginationState s(3);
  ASSERT_TRUE(s.on_page(std::string("a")).ok());
  ASSERT_TRUE(s.on_page(std::string("b")).ok());
  auto st = s.on_page(std::string("c"));  // a fourth page would be asked for
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "TooManyPages");
  EXPECT_TRUE(s.done());
  EXPECT_FALSE(s.next_request_token().has_value());
}

TEST(ForEachPage, TokensThatChangeForeverEndAtTheDefaultCap) {
  std::deque<std::optional<std::string>> tokens;
  for (std::size_t i = 0; i < kMaxPages + 5; ++i) tokens.push_back("t" + std::to_string(i));
  ScriptedClient client(std::move(tokens));
  std::size_t pages = 0;
  auto st = test::run(for_each_page(client, request(), [&](const ListOpportunityFromEngagementTasksResponse&) -> Status {
    ++pages;
    return Ok{};
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "TooManyPages");
  EXPECT_EQ(std::size_t(client.calls), kMaxPages);
  EXPECT_EQ(pages, kMaxPages - 1) << "the page that hit the cap is not delivered";
}

TEST(PaginationState, ATokenOverTheCapIsAProtocolErrorAndNotSentBack) {
  PaginationState s;
  ASSERT_TRUE(s.on_page(std::string(kMaxNextTokenBytes, 'a')).ok()) << "a token at the cap is fine";
  auto st = s.on_page(std::string(kMaxNextTokenBytes + 1, 'b'));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::protocol);
  EXPECT_EQ(st.error().code, "OversizedNextToken");
  EXPECT_NE(st.error().message.find(std::to_string(kMaxNextTokenBytes + 1) + " bytes"), std::string::npos);
  EXPECT_TRUE(s.done());
  EXPECT_FALSE(s.next_request_token().has_value());
}

TEST(PaginationState, LongTokensThatDifferOnlyAtTheEndAreDistinctAndARepeatIsCaught) {
  // The guard keeps hashes, not tokens: a difference in the last byte still counts, a repeat still stops.
  PaginationState s;
  const std::string base(kMaxNextTokenBytes - 1, 'x');
  for (char last : {'1', '2', '3'}) ASSERT_TRUE(s.on_page(base + last).ok()) << last;
  auto st = s.on_page(base + '2');
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "RepeatedNextToken");
}

TEST(ForEachPage, APageWithMoreItemsThanAskedForIsRefused) {
  ScriptedClient client({std::string("t1"), std::nullopt});
  auto r = request();
  r.max_results = 0;  // every scripted page carries one item
  int pages = 0;
  auto st = test::run(for_each_page(client, r, [&](const ListOpportunityFromEngagementTasksResponse&) -> Status {
    ++pages;
    return Ok{};
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "OversizedPage");
  EXPECT_EQ(pages, 0);
}

}  // namespace
}  // namespace pcs::pc
