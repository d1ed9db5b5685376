#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <gtest/gtest.h>

#include <vector>

#include "store/client_token.hpp"
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
  EXPECT_TRUE(store->upsert_invitations(page, kNow));
  return std::move(*store);
}

TEST(StoreDecisions, RecordReturnsTheRowWithADeterministicToken) {
  Store store = open_with({"engi-1", "engi-2"});
  auto accept = store.record_decision({"engi-1", DecisionAction::accept, "big-deals", "spend > 10k", false}, kNow);
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
  EXPECT_EQ(accept->client_token, make_client_token("AWS", "engi-1"));

  // A reject sends no ClientToken.
  auto reject = store.record_decision({"engi-2", DecisionAction::reject, "r", "Out of scope", false}, kNow);
  ASSERT_TRUE(reject);
  EXPECT_TRUE(reject->client_token.empty());
}

TEST(StoreDecisions, ASecondActiveDecisionIsRefusedAndARetryReusesTheToken) {
  Store store = open_with({"engi-1"});
  auto first = store.record_decision({"engi-1", DecisionAction::accept, "r", "", false}, kNow);
  ASSERT_TRUE(first);
  auto again = store.record_decision({"engi-1", DecisionAction::accept, "r", "", false}, kNow);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_NE(again.error().message.find("engi-1"), std::string::npos);

  ASSERT_TRUE(store.mark_decision_sent(first->id, kNow));
  ASSERT_TRUE(store.mark_decision_failed(first->id, "InternalServerException (HTTP 500)", kNow));
  auto retry = store.record_decision({"engi-1", DecisionAction::accept, "r", "", false}, kNow);
  ASSERT_TRUE(retry) << retry.error().describe();
  EXPECT_NE(retry->id, first->id);
  EXPECT_EQ(retry->client_token, first->client_token);  // AWS sees the same idempotency token
}

TEST(StoreDecisions, StateMachineIsEnforced) {
  Store store = open_with({"engi-1"});
  auto d = store.record_decision({"engi-1", DecisionAction::accept, "r", "", false}, kNow);
  ASSERT_TRUE(d);
  auto early = store.mark_decision_done(d->id, kNow);  // recorded -> done skips "sent"
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "StoreDecisionState");
  ASSERT_TRUE(store.mark_decision_sent(d->id, at("2024-06-01T00:00:01Z")));
  ASSERT_TRUE(store.mark_decision_sent(d->id, at("2024-06-01T00:00:02Z")));  // re-sent after a timeout
  ASSERT_TRUE(store.mark_decision_done(d->id, at("2024-06-01T00:00:03Z")));
  auto late = store.mark_decision_failed(d->id, "x", kNow);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::conflict);
  auto row = store.decision(d->id);
  ASSERT_TRUE(row && row->has_value());
  EXPECT_EQ((*row)->state, DecisionState::done);
  EXPECT_EQ((*row)->updated_at, at("2024-06-01T00:00:03Z"));
  EXPECT_FALSE(store.mark_decision_sent(424242, kNow));
}

TEST(StoreDecisions, DryRunDecisionsAreNeverSent) {
  Store store = open_with({"engi-1"});
  auto d = store.record_decision({"engi-1", DecisionAction::accept, "r", "", true}, kNow);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->dry_run);
  auto sent = store.mark_decision_sent(d->id, kNow);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, "StoreDryRunDecision");
  EXPECT_TRUE(store.unfinished_accepts()->empty());
  // A live decision may still follow a dry-run one.
  EXPECT_TRUE(store.record_decision({"engi-1", DecisionAction::accept, "r", "", false}, kNow));
}

TEST(StoreDecisions, TheAuditTrailIsAppendOnlyInTheDatabaseToo) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "audit.db").string();
  {
    Store store = open_with({"engi-1"}, path);
    ASSERT_TRUE(store.record_decision({"engi-1", DecisionAction::reject, "r", "no", false}, kNow));
  }
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  EXPECT_THROW(raw.exec("DELETE FROM decisions"), SQLite::Exception);
  EXPECT_THROW(raw.exec("UPDATE decisions SET action = 'accept'"), SQLite::Exception);
  EXPECT_THROW(raw.exec("UPDATE decisions SET state = 'done'"), SQLite::Exception);  // recorded -> done
  EXPECT_EQ(raw.execAndGet("SELECT action || '/' || state FROM decisions").getString(), "reject/recorded");
}

TEST(StoreDecisions, UnfinishedAcceptsSurviveACrash) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "crash.db").string();
  std::string token;
  {
    Store store = open_with({"engi-recorded", "engi-sent", "engi-tasked", "engi-rejected", "engi-failed"}, path);
    auto a = store.record_decision({"engi-recorded", DecisionAction::accept, "r", "", false}, kNow);
    ASSERT_TRUE(a);
    token = a->client_token;
    auto b = store.record_decision({"engi-sent", DecisionAction::accept, "r", "", false}, kNow);
    ASSERT_TRUE(b && store.mark_decision_sent(b->id, kNow));
    auto c = store.record_decision({"engi-tasked", DecisionAction::accept, "r", "", false}, kNow);
    ASSERT_TRUE(c && store.mark_decision_sent(c->id, kNow));
    std::vector<Task> tasks{test::task("task-1", "engi-tasked", "IN_PROGRESS")};
    ASSERT_TRUE(store.upsert_tasks(tasks, kNow));
    ASSERT_TRUE(store.record_decision({"engi-rejected", DecisionAction::reject, "r", "no", false}, kNow));
    auto e = store.record_decision({"engi-failed", DecisionAction::accept, "r", "", false}, kNow);
    ASSERT_TRUE(e && store.mark_decision_failed(e->id, "AccessDeniedException", kNow));
    // The process dies here: no destructor-time cleanup is relied upon beyond closing the file.
  }
  auto reopened = Store::open(path);
  ASSERT_TRUE(reopened) << reopened.error().describe();
  auto unfinished = reopened->unfinished_accepts();
  ASSERT_TRUE(unfinished) << unfinished.error().describe();
  ASSERT_EQ(unfinished->size(), 2u);
  EXPECT_EQ((*unfinished)[0].invitation_id, "engi-recorded");
  EXPECT_EQ((*unfinished)[0].client_token, token);
  EXPECT_EQ((*unfinished)[0].catalog, "AWS");
  EXPECT_EQ((*unfinished)[1].invitation_id, "engi-sent");
  EXPECT_EQ((*unfinished)[1].state, DecisionState::sent);
  EXPECT_TRUE(reopened->integrity_check());
}

}  // namespace
}  // namespace pcs::store
