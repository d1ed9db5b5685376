// Reviews (action: review) and a person's decisions (pcsyncctl accept/reject): recorded once, refused
// atomically when the invitation is already decided, expired, not PENDING or of another catalog.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store/migrator.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "store_fixtures.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

using test::at;

const WallTime kNow = at("2024-06-01T00:00:00Z");

Status add(Store& store, std::vector<InvitationSummary> page) {
  auto up = store.upsert_invitations(page, kNow);
  if (!up) return up.error();
  return Ok{};
}

Review review_of(std::string id, std::string rule = "default") {
  return Review{std::move(id), "AWS", std::move(rule), "no rule matched", kNow};
}

NewDecision person(std::string id, DecisionAction action, std::string who = "alice", std::string why = "fits us") {
  NewDecision d = test::decision(std::move(id), action, "person", why);
  d.reason = why;
  d.decided_by = std::move(who);
  return d;
}

TEST(StoreReviews, AReviewIsRecordedOnceWithItsRuleAndReason) {
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  ASSERT_OK(add(*store, {test::invitation("engi-1")}));
  auto first = store->record_review(review_of("engi-1", "big-deals"));
  ASSERT_OK(first);
  EXPECT_TRUE(*first);
  auto again = store->record_review(Review{"engi-1", "AWS", "other", "changed", kNow + std::chrono::hours{1}});
  ASSERT_OK(again);
  EXPECT_FALSE(*again) << "a second review of the same invitation is not new: nobody is told twice";
  auto stored = store->review("engi-1");
  ASSERT_OK(stored);
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->rule, "big-deals");
  EXPECT_EQ((*stored)->reason, "no rule matched");
  EXPECT_EQ((*stored)->requested_at, kNow);

  auto unknown = store->record_review(review_of("engi-404"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "StoreNoSuchInvitation");
}

// The queue: reviewed, PENDING, unexpired, no live decision; soonest expiry first.
TEST(StoreReviews, TheQueueHoldsWhatWaitsForAPersonSoonestExpiryFirst) {
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  ASSERT_OK(add(*store, {test::invitation("engi-late", "PENDING", "2024-07-01T00:00:00Z"),
                         test::invitation("engi-soon", "PENDING", "2024-06-02T00:00:00Z"),
                         test::invitation("engi-expired", "PENDING", "2024-05-31T00:00:00Z"),
                         test::invitation("engi-accepted", "ACCEPTED"),
                         test::invitation("engi-decided", "PENDING", "2024-06-03T00:00:00Z"),
                         test::invitation("engi-not-reviewed", "PENDING", "2024-06-01T01:00:00Z")}));
  for (const char* id : {"engi-late", "engi-soon", "engi-expired", "engi-accepted", "engi-decided"})
    ASSERT_OK(store->record_review(review_of(id)));
  ASSERT_OK(store->record_person_decision(person("engi-decided", DecisionAction::accept), kNow));

  InvitationFilter filter;
  filter.decision = DecisionFilter::review;
  filter.now = kNow;
  auto queue = store->list_invitations(filter);
  ASSERT_OK(queue);
  std::vector<std::string> ids;
  for (const auto& item : *queue) {
    ids.push_back(item.invitation.summary.id);
    ASSERT_TRUE(item.review.has_value());
    EXPECT_EQ(item.review->rule, "default");
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"engi-soon", "engi-late"}));
  auto waiting = store->reviews_waiting(kNow);
  ASSERT_OK(waiting);
  EXPECT_EQ(*waiting, 2);
  auto later = store->reviews_waiting(at("2024-06-02T00:00:00Z"));  // engi-soon expires then
  ASSERT_OK(later);
  EXPECT_EQ(*later, 1);
}

TEST(StoreReviews, APersonsDecisionRecordsWhoWhenAndWhy) {
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  ASSERT_OK(add(*store, {test::invitation("engi-1")}));
  auto d = store->record_person_decision(person("engi-1", DecisionAction::reject, "alice via sudo", "Not our region"), kNow);
  ASSERT_OK(d);
  EXPECT_EQ(d->decided_by, "alice via sudo");
  EXPECT_EQ(d->decided_at, kNow);
  EXPECT_EQ(d->reason, "Not our region");
  EXPECT_EQ(d->rejection_reason, "Not our region");
  EXPECT_EQ(d->state, DecisionState::recorded);
  auto unfinished = store->unfinished_decisions();
  ASSERT_OK(unfinished);
  ASSERT_EQ(unfinished->size(), 1u);
  EXPECT_EQ(unfinished->front().decided_by, "alice via sudo");

  // A rule's decision says nobody.
  ASSERT_OK(add(*store, {test::invitation("engi-2")}));
  auto rule = store->record_decision(test::decision("engi-2", DecisionAction::accept), kNow);
  ASSERT_OK(rule);
  EXPECT_EQ(rule->decided_by, "");

  auto anonymous = store->record_person_decision(person("engi-2", DecisionAction::accept, ""), kNow);
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().code, "StoreIncompleteDecision");
}

struct Refusal {
  const char* name;
  InvitationSummary invitation;
  const char* code;
  const char* says;
};

TEST(StoreReviews, APersonsDecisionIsRefusedWhenThereIsNothingLeftToDecide) {
  InvitationSummary other = test::invitation("engi-sandbox");
  other.catalog = "Sandbox";
  const std::vector<Refusal> cases{
      {"expired", test::invitation("engi-expired", "PENDING", "2024-05-31T00:00:00Z"), "StoreInvitationExpired",
       "expired at 2024-05-31T00:00:00Z"},
      {"accepted elsewhere", test::invitation("engi-accepted", "ACCEPTED"), "StoreNotPending", "is ACCEPTED"},
      {"another catalog", other, "StoreOtherCatalog", "catalog Sandbox"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto store = Store::open(":memory:");
    ASSERT_OK(store);
    ASSERT_OK(add(*store, {c.invitation}));
    auto refused = store->record_person_decision(person(c.invitation.id, DecisionAction::accept), kNow);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, c.code);
    EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
    EXPECT_NE(refused.error().message.find(c.says), std::string::npos) << refused.error().message;
    EXPECT_EQ(store->latest_decision(c.invitation.id)->has_value(), false);
  }
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  auto unknown = store->record_person_decision(person("engi-404", DecisionAction::accept), kNow);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "StoreNoSuchInvitation");
}

TEST(StoreReviews, ASecondDecisionIsRefusedNamingTheFirstAFailedOneMayBeFollowed) {
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  ASSERT_OK(add(*store, {test::invitation("engi-1")}));
  auto first = store->record_person_decision(person("engi-1", DecisionAction::accept, "alice"), kNow);
  ASSERT_OK(first);
  auto second = store->record_person_decision(person("engi-1", DecisionAction::reject, "bob"), kNow);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, "StoreAlreadyDecided");
  EXPECT_NE(second.error().message.find("accept by alice at 2024-06-01T00:00:00Z, recorded"), std::string::npos)
      << second.error().message;

  ASSERT_OK(store->mark_decision_sent(first->id, kNow));
  ASSERT_OK(store->mark_decision_failed(first->id, "ConflictException", kNow));
  NewDecision retry = person("engi-1", DecisionAction::accept, "bob");
  retry.attempt = 2;
  auto after_failure = store->record_person_decision(retry, kNow);
  ASSERT_OK(after_failure);
  EXPECT_EQ(after_failure->decided_by, "bob");
}

// Who decided is part of the audit trail: the database refuses to rewrite it.
TEST(StoreReviews, WhoDecidedCannotBeRewritten) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "who.db").string();
  {
    auto store = Store::open(path);
    ASSERT_OK(store);
    ASSERT_OK(add(*store, {test::invitation("engi-1")}));
    ASSERT_OK(store->record_person_decision(person("engi-1", DecisionAction::accept, "alice"), kNow));
    ASSERT_OK(store->record_review(review_of("engi-1")));
  }
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  EXPECT_THROW(raw.exec("UPDATE decisions SET decided_by = 'mallory'"), SQLite::Exception);
  EXPECT_THROW(raw.exec("DELETE FROM reviews"), SQLite::Exception);
  EXPECT_EQ(raw.execAndGet("SELECT DecidedBy FROM v_decisions").getString(), "alice");
  EXPECT_EQ(raw.execAndGet("SELECT Rule FROM v_reviews").getString(), "default");
}

// Two operators racing on two connections: exactly one decision per invitation wins, the other is refused.
TEST(StoreReviews, TwoPeopleRacingCannotBothWin) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "race.db").string();
  constexpr int kInvitations = 30;
  {
    auto store = Store::open(path);
    ASSERT_OK(store);
    std::vector<InvitationSummary> page;
    for (int i = 0; i < kInvitations; ++i) page.push_back(test::invitation("engi-" + std::to_string(i)));
    ASSERT_OK(add(*store, page));
  }
  std::atomic<int> won{0}, refused{0}, other{0};
  auto decide_all = [&](const char* who, DecisionAction action) {
    auto store = Store::open(path);
    if (!store) return void(++other);
    for (int i = 0; i < kInvitations; ++i) {
      auto d = store->record_person_decision(person("engi-" + std::to_string(i), action, who), kNow);
      if (d) ++won;
      else if (d.error().code == "StoreAlreadyDecided") ++refused;
      else ++other;
    }
  };
  std::thread alice(decide_all, "alice", DecisionAction::accept);
  std::thread bob(decide_all, "bob", DecisionAction::reject);
  alice.join();
  bob.join();
  EXPECT_EQ(won.load(), kInvitations);
  EXPECT_EQ(refused.load(), kInvitations);
  EXPECT_EQ(other.load(), 0);
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT count(DISTINCT invitation_id) FROM decisions").getInt(), kInvitations);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM decisions").getInt(), kInvitations);
}

// A schema-4 database (the last before reviews) migrates to 5 with its decisions, which were all the rules'.
TEST(StoreReviews, ASchema4DatabaseMigratesItsDecisionsAsTheRules) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "v4.db").string();
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    apply_migrations(raw, migrations().first(4));
    raw.exec("INSERT INTO invitations (id, catalog, status, first_seen, last_seen) VALUES "
             "('engi-1', 'AWS', 'PENDING', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z');"
             "INSERT INTO decisions (invitation_id, catalog, action, rule, decided_at, dry_run, state, updated_at) "
             "VALUES ('engi-1', 'AWS', 'accept', 'big', '2024-05-01T00:00:00Z', 0, 'done', '2024-05-01T00:00:00Z');");
  }
  auto store = Store::open(path);
  ASSERT_OK(store);
  EXPECT_EQ(*store->schema_version(), latest_schema_version());
  auto d = store->latest_decision("engi-1");
  ASSERT_OK(d);
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ((*d)->decided_by, "");
  EXPECT_EQ((*d)->rule, "big");
}

}  // namespace
}  // namespace pcs::store
