// ListingMemo: a page is recognised only when its bytes are those recorded (but for a NextToken minted afresh).
#include "sync/listing_memo.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace pcs::sync {
namespace {

std::string page(const std::string& items, const std::string& token) {
  std::string body = R"({"EngagementInvitationSummaries":[)" + items + "]";
  if (!token.empty()) body += R"(,"NextToken":")" + token + "\"";
  return body + "}";
}

const std::string kItems = R"({"Id":"engi-1","Status":"PENDING"},{"Id":"engi-2","Status":"EXPIRED"})";

TEST(ListingMemo, RecognisesTheSameBytesWithAFreshTokenOfTheSameLength) {
  ListingMemo memo;
  memo.record(0, page(kItems, "tok-AAAA"), "tok-AAAA", {11, 22}, 2);
  auto again = memo.recognize(0, page(kItems, "tok-BBBB"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->next_token, "tok-BBBB") << "the token is the one in the body read now";
  EXPECT_EQ(again->items, 2u);
  EXPECT_EQ(memo.keys(0), (std::vector<std::uint64_t>{11, 22}));
  EXPECT_TRUE(memo.keys(1).empty());
}

TEST(ListingMemo, TheTokenMayComeFirst) {
  ListingMemo memo;
  const std::string body = R"({"NextToken":"t1","EngagementInvitationSummaries":[)" + kItems + "]}";
  memo.record(0, body, "t1", {}, 2);
  std::string fresh = body;
  fresh.replace(fresh.find("t1"), 2, "t9");
  ASSERT_TRUE(memo.recognize(0, fresh));
  EXPECT_EQ(memo.recognize(0, fresh)->next_token, "t9");
}

TEST(ListingMemo, AnyOtherDifferenceIsNotRecognised) {
  ListingMemo memo;
  memo.record(0, page(kItems, "tok-AAAA"), "tok-AAAA", {}, 2);
  memo.record(1, page(kItems, ""), std::nullopt, {}, 2);
  std::string changed = kItems;
  changed.replace(changed.find("EXPIRED"), 7, "ACCEPTD");  // same length, other bytes
  const struct {
    const char* what;
    std::size_t index;
    std::string body;
  } cases[] = {
      {"a status changed (same size)", 0, page(changed, "tok-AAAA")},
      {"a token of another length", 0, page(kItems, "tok-AAAAA")},
      {"a token that now has a quote where the old one ended", 0, page(kItems, "tok-AAA\"")},
      {"the last page now has a token", 1, page(kItems, "tok-AAAA")},
      {"the last page changed", 1, page(changed, "")},
      {"a page never recorded", 2, page(kItems, "")},
  };
  for (const auto& c : cases) EXPECT_FALSE(memo.recognize(c.index, c.body)) << c.what;
  EXPECT_TRUE(memo.recognize(1, page(kItems, ""))) << "the control: the same last page";
}

TEST(ListingMemo, ATokenThatCannotBeSetApartIsNeverRecognised) {
  ListingMemo memo;
  // Escaped in the body, so its raw value is not there as written: the page is not recorded at all.
  memo.record(0, R"({"NextToken":"a\/b"})", "a/b", {}, 0);
  EXPECT_FALSE(memo.recognize(0, R"({"NextToken":"a\/b"})"));
}

TEST(ListingMemo, KeepFirstAndClearForgetPages) {
  ListingMemo memo;
  for (std::size_t i = 0; i < 3; ++i) memo.record(i, page(kItems, ""), std::nullopt, {}, 2);
  memo.keep_first(2);
  EXPECT_EQ(memo.pages(), 2u);
  EXPECT_TRUE(memo.recognize(1, page(kItems, "")));
  EXPECT_FALSE(memo.recognize(2, page(kItems, "")));
  memo.clear();
  EXPECT_FALSE(memo.recognize(0, page(kItems, "")));
}

TEST(ListingMemo, ForgetMakesAPageUnknown) {
  ListingMemo memo;
  memo.record(0, page(kItems, ""), std::nullopt, {1}, 2);
  memo.record(1, page(kItems, ""), std::nullopt, {2}, 2);
  memo.forget(1);
  EXPECT_TRUE(memo.recognize(0, page(kItems, "")));
  EXPECT_FALSE(memo.recognize(1, page(kItems, "")));
  EXPECT_TRUE(memo.keys(1).empty());
  EXPECT_FALSE(memo.holds_listing(2)) << "page 1 is no longer known";
  EXPECT_EQ(memo.pages(), 2u);
}

// The count of a complete listing's ids lasts only while every page is as it was when it was kept: a page
// recorded (even with the same bytes), forgotten, dropped or cleared since makes it unknown.
TEST(ListingMemo, TheListingsIdCountLastsUntilAPageChanges) {
  auto memo_of_two = [] {
    ListingMemo memo;
    memo.record(0, page(kItems, "tok"), "tok", {5, 7}, 2);
    memo.record(1, page(kItems, ""), std::nullopt, {9}, 2);
    return memo;
  };
  ListingMemo memo = memo_of_two();
  EXPECT_FALSE(memo.holds_listing(1));
  EXPECT_FALSE(memo.holds_listing(3));
  ASSERT_TRUE(memo.holds_listing(2));
  EXPECT_FALSE(memo.listing_distinct()) << "nothing kept yet";
  memo.keep_listing_distinct(3);
  EXPECT_EQ(memo.listing_distinct(), 3u);
  ASSERT_TRUE(memo.recognize(0, page(kItems, "tik")));
  memo.keep_first(2);  // no page dropped
  EXPECT_EQ(memo.listing_distinct(), 3u) << "recognising a page and keeping every page change nothing";

  const std::function<void(ListingMemo&)> changes[] = {
      [](ListingMemo& m) { m.record(1, page(kItems, ""), std::nullopt, {9}, 2); },
      [](ListingMemo& m) { m.forget(0); },
      [](ListingMemo& m) { m.keep_first(1); },
      [](ListingMemo& m) { m.clear(); },
  };
  for (const auto& change : changes) {
    SCOPED_TRACE(&change - changes);
    ListingMemo m = memo_of_two();
    m.keep_listing_distinct(3);
    change(m);
    EXPECT_FALSE(m.listing_distinct());
  }
}

}  // namespace
}  // namespace pcs::sync
