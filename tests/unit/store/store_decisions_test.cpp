#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <gtest/gtest.h>

#include <vector>

#include "store/store.hpp"
#include "store_fixtures.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

using test::at;

const WallTime kNow = at("2024-06-01T00:00:00Z");

Store open_with(std::vector<std::string> ids, const std::string& path = ":memory:") {
  auto store = Store::open(path);
  EXPECT_TRUE(store) << store.error().describe();
  std::vector<InvitationSummary> page;
  for (auto& id : ids) page.push_back(test::invitation(id));
  EXPECT_OK(store->upsert_invitations(page, kNow));
  return std::move(*store);
}

TEST(StoreDecisions, RecordReturnsTheRowExactlyAsGiven) {
  Store store = open_with({"engi-1", "engi-2"});
  auto accept = store.record_decision(test::decision("engi-1", DecisionAction::accept, "big-deals", "spend > 10k", false), kNow);
  ASSERT_TRUE(accept) << accept.error().describe();
  EXPECT_GT(accept->id, 0);
  EXPECT_EQ(accept->invitation_id, "engi-1");
  EXPECT_EQ(accept->catalog, "AWS");
  EXPECT_EQ(accept->action, DecisionAction::accept);
  EXPECT_EQ(accept->rule, "big-deals");
  EXPECT_EQ(accept->reason, "spend > 10k");
  EXPECT_EQ(accept->state, DecisionState::recorded);
  EXPECT_EQ(accept->decided_at, kNow);
  EXPECT_FALSE(accept->dry_run);
  EXPECT_EQ(accept->client_token, "token-engi-1");
  EXPECT_EQ(accept->attempt, 1);
  EXPECT_TRUE(accept->request_known);
  EXPECT_TRUE(accept->tags.empty());
  EXPECT_FALSE(accept->rejection_reason);

  // A reject as lib/sync builds it: no ClientToken, no Tags; the store stores NULL for what is absent.
  auto reject = store.record_decision(test::decision("engi-2", DecisionAction::reject, "r", "Out of scope", false), kNow);
  ASSERT_OK(reject);
  EXPECT_TRUE(reject->client_token.empty());
  EXPECT_TRUE(reject->tags.empty());
  EXPECT_EQ(reject->rejection_reason, "Out of scope");
}

// The columns hold the request as given: an absent member is NULL, a present empty Tags list is "[]".
TEST(StoreDecisions, AbsentRequestMembersAreNullPresentOnesAsGiven) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "members.db").string();
  {
    Store store = open_with({"engi-1", "engi-2", "engi-3"}, path);
    ASSERT_OK(store.record_decision(test::decision("engi-1", DecisionAction::accept), kNow));
    ASSERT_OK(store.record_decision(test::decision("engi-2", DecisionAction::reject, "r", "Out of scope"), kNow));
    ASSERT_OK(store.record_decision(test::decision("engi-3", DecisionAction::reject), kNow));
  }
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  SQLite::Statement q(raw,
                      "SELECT coalesce(client_token, 'NULL') || ' ' || coalesce(tags, 'NULL') || ' ' || "
                      "coalesce(rejection_reason, 'NULL') FROM decisions ORDER BY id");
  std::vector<std::string> rows;
  while (q.executeStep()) rows.push_back(q.getColumn(0).getString());
  EXPECT_EQ(rows, (std::vector<std::string>{"token-engi-1 [] NULL", "NULL NULL Out of scope", "NULL NULL NULL"}));
}

TEST(StoreDecisions, TheRequestToSendIsStoredExactly) {
  Store store = open_with({"engi-1", "engi-2", "engi-3"});
  auto a = test::decision("engi-1", DecisionAction::accept);
  a.attempt = 2;
  a.client_token = "pcsyncd-attempt-2";
  a.tags = {{"source", "pcsyncd"}, {"Team \"A\"", "ÉMILE / é"}, {"empty", ""}};
  ASSERT_OK(store.record_decision(a, kNow));
  auto r = test::decision("engi-2", DecisionAction::reject, "r", "Outside our focus area");
  ASSERT_OK(store.record_decision(r, kNow));
  ASSERT_OK(store.record_decision(test::decision("engi-3", DecisionAction::reject), kNow));  // no reason

  auto read = store.latest_decision("engi-1");
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->attempt, 2);
  EXPECT_EQ((*read)->client_token, "pcsyncd-attempt-2");
  EXPECT_EQ((*read)->tags, *a.tags);
  EXPECT_EQ((*store.latest_decision("engi-2"))->rejection_reason, "Outside our focus area");
  EXPECT_FALSE((*store.latest_decision("engi-3"))->rejection_reason);
  EXPECT_FALSE(*store.latest_decision("engi-1", /*dry_run=*/true));
}

TEST(StoreDecisions, AnIncompleteDecisionIsRefused) {
  Store store = open_with({"engi-1"});
  auto no_catalog = test::decision("engi-1", DecisionAction::accept);
  no_catalog.catalog.clear();
  EXPECT_EQ(store.record_decision(no_catalog, kNow).error().code, "StoreIncompleteDecision");
  auto no_attempt = test::decision("engi-1", DecisionAction::accept);
  no_attempt.attempt = 0;
  EXPECT_EQ(store.record_decision(no_attempt, kNow).error().code, "StoreIncompleteDecision");
}

TEST(StoreDecisions, ASecondActiveDecisionIsRefusedAfterAFailedOrAbandonedOneItIsNot) {
  Store store = open_with({"engi-1"});
  auto first = store.record_decision(test::decision("engi-1", DecisionAction::accept, "r", "", false), kNow);
  ASSERT_OK(first);
  auto again = store.record_decision(test::decision("engi-1", DecisionAction::accept, "r", "", false), kNow);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_NE(again.error().message.find("engi-1"), std::string::npos);

  ASSERT_OK(store.mark_decision_sent(first->id, kNow));
  ASSERT_OK(store.mark_decision_failed(first->id, "InternalServerException (HTTP 500)", kNow));
  auto retry = store.record_decision(test::decision("engi-1", DecisionAction::accept, "r", "", false), kNow);
  ASSERT_TRUE(retry) << retry.error().describe();
  EXPECT_NE(retry->id, first->id);
  ASSERT_OK(store.mark_decision_abandoned(retry->id, "the rule was removed", kNow));
  EXPECT_EQ((*store.decision(retry->id))->error, "the rule was removed");
  EXPECT_OK(store.record_decision(test::decision("engi-1", DecisionAction::reject), kNow));
}

TEST(StoreDecisions, StateMachineIsEnforced) {
  Store store = open_with({"engi-1"});
  auto d = store.record_decision(test::decision("engi-1", DecisionAction::accept, "r", "", false), kNow);
  ASSERT_OK(d);
  auto early = store.mark_decision_done(d->id, "task-1", kNow);  // recorded -> done skips "sent"
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "StoreDecisionState");
  ASSERT_OK(store.mark_decision_sent(d->id, at("2024-06-01T00:00:01Z")));
  ASSERT_OK(store.mark_decision_sent(d->id, at("2024-06-01T00:00:02Z")));  // re-sent after a timeout
  ASSERT_OK(store.mark_decision_done(d->id, "task-1", at("2024-06-01T00:00:03Z")));
  auto late = store.mark_decision_abandoned(d->id, "x", kNow);  // done -> abandoned: it was carried out
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::conflict);
  auto row = store.decision(d->id);
  ASSERT_TRUE(row && row->has_value());
  EXPECT_EQ((*row)->state, DecisionState::done);
  EXPECT_EQ((*row)->task_id, "task-1");
  EXPECT_EQ((*row)->updated_at, at("2024-06-01T00:00:03Z"));
  EXPECT_EQ((*store.decision_for_task("task-1"))->id, d->id);
  // done -> failed: the task it started FAILED.
  ASSERT_OK(store.mark_decision_failed(d->id, "task task-1 FAILED", at("2024-06-01T00:00:04Z")));
  EXPECT_FALSE(store.mark_decision_failed(d->id, "again", kNow));
  EXPECT_FALSE(store.mark_decision_sent(424242, kNow));
}

TEST(StoreDecisions, DryRunDecisionsAreNeverSent) {
  Store store = open_with({"engi-1"});
  auto d = store.record_decision(test::decision("engi-1", DecisionAction::accept, "r", "", true), kNow);
  ASSERT_OK(d);
  EXPECT_TRUE(d->dry_run);
  auto sent = store.mark_decision_sent(d->id, kNow);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, "StoreDryRunDecision");
  EXPECT_TRUE(store.unfinished_decisions()->empty());
  // A live decision may still follow a dry-run one.
  EXPECT_OK(store.record_decision(test::decision("engi-1", DecisionAction::accept, "r", "", false), kNow));
}

TEST(StoreDecisions, TheAuditTrailIsAppendOnlyInTheDatabaseToo) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "audit.db").string();
  {
    Store store = open_with({"engi-1"}, path);
    ASSERT_OK(store.record_decision(test::decision("engi-1", DecisionAction::reject, "r", "no", false), kNow));
  }
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  EXPECT_THROW(raw.exec("DELETE FROM decisions"), SQLite::Exception);
  EXPECT_THROW(raw.exec("UPDATE decisions SET action = 'accept'"), SQLite::Exception);
  EXPECT_THROW(raw.exec("UPDATE decisions SET state = 'done'"), SQLite::Exception);  // recorded -> done
  EXPECT_THROW(raw.exec("UPDATE decisions SET rejection_reason = 'other'"), SQLite::Exception);
  EXPECT_THROW(raw.exec("UPDATE decisions SET tags = '[]', attempt = 2"), SQLite::Exception);
  EXPECT_EQ(raw.execAndGet("SELECT action || '/' || state FROM decisions").getString(), "reject/recorded");
}

TEST(StoreDecisions, UnfinishedDecisionsSurviveACrash) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "crash.db").string();
  std::string token;
  {
    Store store = open_with({"engi-recorded", "engi-sent", "engi-tasked", "engi-rejected", "engi-failed"}, path);
    auto a = store.record_decision(test::decision("engi-recorded", DecisionAction::accept, "r", "", false), kNow);
    ASSERT_OK(a);
    token = a->client_token;
    auto b = store.record_decision(test::decision("engi-sent", DecisionAction::accept, "r", "", false), kNow);
    ASSERT_TRUE(b && store.mark_decision_sent(b->id, kNow));
    auto c = store.record_decision(test::decision("engi-tasked", DecisionAction::accept, "r", "", false), kNow);
    ASSERT_TRUE(c && store.mark_decision_sent(c->id, kNow));
    std::vector<Task> tasks{test::task("task-1", "engi-tasked", "IN_PROGRESS")};
    ASSERT_OK(store.upsert_tasks(tasks, kNow));
    ASSERT_OK(store.record_decision(test::decision("engi-rejected", DecisionAction::reject, "r", "no", false), kNow));
    auto e = store.record_decision(test::decision("engi-failed", DecisionAction::accept, "r", "", false), kNow);
    ASSERT_TRUE(e && store.mark_decision_failed(e->id, "AccessDeniedException", kNow));
    // The process dies here: no destructor-time cleanup is relied upon beyond closing the file.
  }
  auto reopened = Store::open(path);
  ASSERT_TRUE(reopened) << reopened.error().describe();
  // Every recorded or sent one, whatever the mirror holds (the task check is the cycle's, against the service).
  auto unfinished = reopened->unfinished_decisions();
  ASSERT_TRUE(unfinished) << unfinished.error().describe();
  ASSERT_EQ(unfinished->size(), 4u);
  EXPECT_EQ((*unfinished)[0].invitation_id, "engi-recorded");
  EXPECT_EQ((*unfinished)[0].client_token, token);
  EXPECT_EQ((*unfinished)[0].catalog, "AWS");
  EXPECT_EQ((*unfinished)[1].invitation_id, "engi-sent");
  EXPECT_EQ((*unfinished)[1].state, DecisionState::sent);
  EXPECT_EQ((*unfinished)[2].invitation_id, "engi-tasked");
  EXPECT_EQ((*unfinished)[3].invitation_id, "engi-rejected");
  EXPECT_OK(reopened->integrity_check());
}

}  // namespace
}  // namespace pcs::store
