#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include <vector>

#include "store/store.hpp"
#include "store_fixtures.hpp"

namespace pcs::store {
namespace {

using test::at;

class StoreInvitations : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::open(":memory:");
    ASSERT_TRUE(opened) << opened.error().describe();
    store_.emplace(std::move(*opened));
  }
  Store& store() { return *store_; }
  std::optional<Store> store_;
};

TEST_F(StoreInvitations, UpsertInsertsThenUpdatesAndKeepsFirstSeen) {
  const WallTime t1 = at("2024-06-01T00:00:00Z");
  const WallTime t2 = at("2024-06-01T00:05:00Z");
  std::vector<InvitationSummary> page{test::invitation("engi-1"), test::invitation("engi-2")};
  auto first = store().upsert_invitations(page, t1);
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->seen, 2);
  EXPECT_EQ(first->inserted, 2);

  page[0].status = "ACCEPTED";
  page[0].engagement_title = "Renamed";
  page[0].participant_type.clear();  // absent in this answer: must not erase the stored value
  auto second = store().upsert_invitations(page, t2);
  ASSERT_OK(second);
  EXPECT_EQ(second->seen, 2);
  EXPECT_EQ(second->inserted, 0);

  auto inv = store().invitation("engi-1");
  ASSERT_TRUE(inv && inv->has_value());
  const Invitation& row = **inv;
  EXPECT_EQ(row.summary.status, "ACCEPTED");
  EXPECT_EQ(row.summary.engagement_title, "Renamed");
  EXPECT_EQ(row.summary.participant_type, "RECEIVER");
  EXPECT_EQ(row.summary.catalog, "AWS");
  EXPECT_EQ(row.summary.expiration_date, at("2030-01-01T00:00:00Z"));
  EXPECT_EQ(row.first_seen, t1);
  EXPECT_EQ(row.last_seen, t2);
  EXPECT_FALSE(row.details);
  EXPECT_FALSE(row.details_fetched_at);
}

// A page goes in by statements of several rows each (64, 32, ..., 1). Every size around those boundaries writes
// every row with its own values, and the counts stay exact: new rows, rows that changed, rows left as they were,
// and an id given twice in one page (its second row rewrites the first when it differs).
TEST_F(StoreInvitations, PagesOfEverySizeAreWrittenRowByRowAndCountedExactly) {
  const WallTime t1 = at("2024-06-01T00:00:00Z");
  const WallTime t2 = at("2024-06-01T00:05:00Z");
  for (const std::size_t size : {1, 2, 3, 63, 64, 65, 97, 100, 127, 128, 200}) {
    SCOPED_TRACE("page of " + std::to_string(size));
    auto opened = Store::open(":memory:");
    ASSERT_OK(opened);
    Store& s = *opened;
    // Each row its own dates: they are bound from texts formatted per statement, which must not move while it runs.
    const auto dated = [](std::string id, std::size_t i, const char* status = "PENDING") {
      InvitationSummary m = test::invitation(std::move(id), status);
      m.invitation_date = at("2024-05-01T00:00:00Z") + std::chrono::minutes(i);
      m.expiration_date = at("2030-01-01T00:00:00Z") + std::chrono::hours(i);
      return m;
    };
    std::vector<InvitationSummary> page;
    for (std::size_t i = 0; i < size; ++i) page.push_back(dated("engi-" + std::to_string(i * 7919 % 1009), i));
    auto first = s.upsert_listed_invitations(page, t1);
    ASSERT_OK(first);
    ASSERT_OK(s.commit_listed_invitations());
    EXPECT_EQ(first->seen, std::int64_t(size));
    EXPECT_EQ(first->inserted, std::int64_t(size));
    EXPECT_EQ(first->changed, 0);

    // Again, with every third row changed, every third a new id, and the first row given once more at the end.
    std::int64_t changed = 0, inserted = 0;
    for (std::size_t i = 0; i < size; ++i) {
      if (i % 3 == 1) {
        page[i].engagement_title = "Renamed " + page[i].id;
        ++changed;
      } else if (i % 3 == 2) {
        page[i] = dated("engi-new-" + std::to_string(i), i + 1000, "ACCEPTED");
        ++inserted;
      }
    }
    InvitationSummary again = page.front();
    again.status = "REJECTED";  // differs from the row written earlier in this same page
    page.push_back(again);
    ++changed;
    // A new id twice, next to each other (one statement, or the end of one and the start of the next): inserted,
    // then rewritten.
    page.push_back(dated("engi-twice", 7, "PENDING"));
    page.push_back(dated("engi-twice", 7, "EXPIRED"));
    ++inserted;
    ++changed;
    auto second = s.upsert_invitations(page, t2);
    ASSERT_OK(second);
    EXPECT_EQ(second->seen, std::int64_t(size + 3));
    EXPECT_EQ(second->inserted, inserted);
    EXPECT_EQ(second->changed, changed);

    for (std::size_t i = 0; i < size; ++i) {
      auto row = s.invitation(page[i].id);
      ASSERT_TRUE(row && row->has_value()) << page[i].id;
      EXPECT_EQ((*row)->summary.engagement_title, page[i].engagement_title);
      EXPECT_EQ((*row)->summary.status, i == 0 ? "REJECTED" : page[i].status);
      EXPECT_EQ((*row)->summary.arn, page[i].arn);
      EXPECT_EQ((*row)->summary.invitation_date, page[i].invitation_date);
      EXPECT_EQ((*row)->summary.expiration_date, page[i].expiration_date);
      EXPECT_EQ((*row)->last_seen, i % 3 == 0 && i != 0 ? t1 : t2);  // an unchanged row is not rewritten
    }
    auto twice = s.invitation("engi-twice");
    ASSERT_TRUE(twice && twice->has_value());
    EXPECT_EQ((*twice)->summary.status, "EXPIRED");
  }
}

TEST_F(StoreInvitations, APageIsAllOrNothing) {
  const WallTime now = at("2024-06-01T00:00:00Z");
  std::vector<InvitationSummary> seed{test::invitation("engi-1")};
  ASSERT_OK(store().upsert_invitations(seed, now));

  std::vector<InvitationSummary> page{test::invitation("engi-1", "REJECTED"), test::invitation("engi-2"),
                                      test::invitation("")};  // violates CHECK (id <> '')
  auto r = store().upsert_invitations(page, at("2024-06-01T00:05:00Z"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "StoreConstraint");
  EXPECT_EQ(r.error().kind, ErrorKind::validation);
  EXPECT_NE(r.error().message.find("nothing of this batch was written"), std::string::npos);
  EXPECT_EQ(r.error().message.find("Title of engi-2"), std::string::npos);  // no record content in messages

  EXPECT_FALSE(store().invitation("engi-2")->has_value());
  auto one = store().invitation("engi-1");
  ASSERT_TRUE(one && one->has_value());
  EXPECT_EQ((*one)->summary.status, "PENDING");
  EXPECT_EQ((*one)->last_seen, now);

  // The store stays usable after the failed page (no transaction left open, statements reset).
  std::vector<InvitationSummary> good{test::invitation("engi-2")};
  auto ok = store().upsert_invitations(good, now);
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_EQ(ok->inserted, 1);
}

TEST_F(StoreInvitations, DetailsAreStoredWithoutSenderContacts) {
  const WallTime now = at("2024-06-01T00:00:00Z");
  auto summary = test::invitation("engi-1");
  summary.participant_type.clear();  // GetEngagementInvitation has no ParticipantType
  InvitationDetails d;
  d.customer_industry = "HEALTHCARE";
  d.customer_company_name = "Customer Inc";
  d.customer_website_url = "https://customer.example";
  d.customer_country_code = "DE";
  d.project_title = "Migration";
  d.project_business_problem = "Needs to move off a legacy data centre quickly";
  d.project_target_completion_date = "2025-01-31";
  d.expected_spend_usd_monthly = 12500.5;
  d.expected_spend_json = R"([{"Amount":"12500.50","CurrencyCode":"USD","Frequency":"Monthly"}])";
  d.receiver_responsibilities = {"RESELLER", "SERVICES_PARTNER"};
  d.invitation_message = "Please join";
  d.engagement_description = "Joint opportunity";
  ASSERT_OK(store().set_invitation_details(summary, d, now));

  auto inv = store().invitation("engi-1");
  ASSERT_TRUE(inv && inv->has_value());
  ASSERT_TRUE((*inv)->details);
  const InvitationDetails& got = *(*inv)->details;
  EXPECT_EQ(got.customer_country_code, "DE");
  EXPECT_EQ(got.project_target_completion_date, "2025-01-31");
  ASSERT_TRUE(got.expected_spend_usd_monthly);
  EXPECT_DOUBLE_EQ(*got.expected_spend_usd_monthly, 12500.5);
  EXPECT_EQ(got.receiver_responsibilities, (std::vector<std::string>{"RESELLER", "SERVICES_PARTNER"}));
  EXPECT_EQ(got.expected_spend_json, d.expected_spend_json);
  EXPECT_TRUE(got.rejection_reason.empty());
  EXPECT_EQ((*inv)->details_fetched_at, now);
  EXPECT_EQ((*inv)->summary.participant_type, "");  // never listed: nothing to keep
}

TEST_F(StoreInvitations, PendingUndecidedSkipsExpiredDecidedAndNonPending) {
  const WallTime now = at("2024-06-01T00:00:00Z");
  std::vector<InvitationSummary> page{
      test::invitation("engi-late", "PENDING", "2024-07-01T00:00:00Z"),
      test::invitation("engi-soon", "PENDING", "2024-06-02T00:00:00Z"),
      test::invitation("engi-expired", "PENDING", "2024-05-31T23:59:59Z"),
      test::invitation("engi-accepted", "ACCEPTED"),
      test::invitation("engi-decided"),
  };
  ASSERT_OK(store().upsert_invitations(page, now));
  ASSERT_OK(store().record_decision(test::decision("engi-decided", DecisionAction::reject, "r", "no", false), now));

  auto pending = store().pending_undecided(now);
  ASSERT_TRUE(pending) << pending.error().describe();
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].summary.id, "engi-soon");  // soonest expiry first
  EXPECT_EQ((*pending)[1].summary.id, "engi-late");

  // A day later engi-soon has expired too.
  auto later = store().pending_undecided(at("2024-06-02T00:00:00Z"));
  ASSERT_OK(later);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ(later->front().summary.id, "engi-late");
}

TEST_F(StoreInvitations, DryRunDecisionsDoNotHideInvitationsFromLiveRuns) {
  const WallTime now = at("2024-06-01T00:00:00Z");
  std::vector<InvitationSummary> page{test::invitation("engi-1")};
  ASSERT_OK(store().upsert_invitations(page, now));
  ASSERT_OK(store().record_decision(test::decision("engi-1", DecisionAction::accept, "r", "", true), now));

  EXPECT_EQ(store().pending_undecided(now, {.dry_run = true})->size(), 0u);
  EXPECT_EQ(store().pending_undecided(now, {.dry_run = false})->size(), 1u);
}

TEST_F(StoreInvitations, AFailedDecisionIsFinalAnAbandonedOneIsDecidedAgain) {
  const WallTime now = at("2024-06-01T00:00:00Z");
  std::vector<InvitationSummary> page{test::invitation("engi-failed"), test::invitation("engi-abandoned")};
  ASSERT_OK(store().upsert_invitations(page, now));
  auto f = store().record_decision(test::decision("engi-failed", DecisionAction::accept), now);
  ASSERT_TRUE(f) << f.error().describe();
  ASSERT_OK(store().mark_decision_failed(f->id, "ValidationException: bad", now));
  auto a = store().record_decision(test::decision("engi-abandoned", DecisionAction::accept), now);
  ASSERT_OK(a);
  ASSERT_OK(store().mark_decision_abandoned(a->id, "the rule was removed", now));

  auto pending = store().pending_undecided(now);
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().summary.id, "engi-abandoned");
}

TEST_F(StoreInvitations, OnlyTheAskedCatalogIsOffered) {
  const WallTime now = at("2024-06-01T00:00:00Z");
  auto sandbox = test::invitation("engi-sandbox");
  sandbox.catalog = "Sandbox";
  std::vector<InvitationSummary> page{test::invitation("engi-aws"), sandbox};
  ASSERT_OK(store().upsert_invitations(page, now));
  auto aws = store().pending_undecided(now, {.catalog = "AWS"});
  ASSERT_OK(aws);
  ASSERT_EQ(aws->size(), 1u);
  EXPECT_EQ(aws->front().summary.id, "engi-aws");
  EXPECT_EQ(store().pending_undecided(now, {.catalog = "Sandbox"})->front().summary.id, "engi-sandbox");
  EXPECT_EQ(store().pending_undecided(now)->size(), 2u);
}

}  // namespace
}  // namespace pcs::store

namespace pcs::store {
namespace {

// With a catalog (what the daemon asks: the index is walked from the cursor) and without one. Expiries tie
// (engi-0..6 expire together, so the cursor's id half decides), one is already expired and one never expires.
class StorePendingPaging : public ::testing::TestWithParam<const char*> {};

TEST_P(StorePendingPaging, ABacklogLargerThanOnePageIsWalkedWithTheCursor) {
  auto opened = Store::open(":memory:");
  ASSERT_OK(opened);
  Store& store = *opened;
  const WallTime now = test::at("2024-06-01T00:00:00Z");
  std::vector<InvitationSummary> page;
  for (int i = 0; i < 7; ++i) page.push_back(test::invitation("engi-" + std::to_string(i)));
  page.push_back(test::invitation("engi-never"));
  page.back().expiration_date.reset();  // never expires: offered last
  page.push_back(test::invitation("engi-expired", "PENDING", "2024-05-31T00:00:00Z"));
  page.push_back(test::invitation("engi-soonest", "PENDING", "2024-06-01T00:00:01Z"));
  ASSERT_OK(store.upsert_invitations(page, now));

  std::vector<std::string> seen;
  PendingQuery query;
  query.catalog = GetParam();
  query.limit = 3;
  for (int pages = 0; pages < 10; ++pages) {
    auto pending = store.pending_undecided(now, query);
    ASSERT_TRUE(pending) << pending.error().describe();
    for (const auto& inv : *pending) seen.push_back(inv.summary.id);
    if (pending->size() < std::size_t(query.limit)) break;
    query.after = Store::pending_cursor(pending->back());
  }
  ASSERT_EQ(seen.size(), 9u) << "every undecided invitation that has not expired is offered exactly once";
  std::vector<std::string> unique(seen);
  std::sort(unique.begin(), unique.end());
  EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end());
  EXPECT_EQ(seen.front(), "engi-soonest");
  EXPECT_EQ(seen[1], "engi-0");
  EXPECT_EQ(seen.back(), "engi-never");
}

INSTANTIATE_TEST_SUITE_P(StorePendingPaging, StorePendingPaging, ::testing::Values("AWS", ""));

}  // namespace
}  // namespace pcs::store
