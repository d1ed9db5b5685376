// Read side: status summary, filtered lists, show(), sync runs and the stable views.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <vector>

#include "store/store.hpp"
#include "store_fixtures.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

using test::at;

const WallTime kNow = at("2024-06-01T00:00:00Z");

// engi-1 accepted (task in progress), engi-2 rejected, engi-3 failed accept, engi-4 pending, engi-5 expired,
// engi-6 ACCEPTED upstream; one failed task; sync runs ok, then failed.
void populate(Store& store) {
  std::vector<InvitationSummary> page{
      test::invitation("engi-1"), test::invitation("engi-2"), test::invitation("engi-3"),
      test::invitation("engi-4"), test::invitation("engi-5", "PENDING", "2024-05-01T00:00:00Z"),
      test::invitation("engi-6", "ACCEPTED")};
  ASSERT_OK(store.upsert_invitations(page, kNow));
  auto a = store.record_decision(test::decision("engi-1", DecisionAction::accept, "keep", "", false), kNow);
  ASSERT_TRUE(a && store.mark_decision_sent(a->id, kNow));
  auto r = store.record_decision(test::decision("engi-2", DecisionAction::reject, "drop", "Out of scope", false), kNow);
  ASSERT_TRUE(r && store.mark_decision_sent(r->id, kNow) && store.mark_decision_done(r->id, "", kNow));
  auto f = store.record_decision(test::decision("engi-3", DecisionAction::accept, "keep", "", false), kNow);
  ASSERT_TRUE(f && store.mark_decision_failed(f->id, "AccessDeniedException: not allowed",
                                              at("2024-06-01T00:10:00Z")));
  ASSERT_OK(store.record_decision(test::decision("engi-4", DecisionAction::accept, "keep", "", true), kNow));
  std::vector<Task> tasks{test::task("task-1111111111111", "engi-1", "IN_PROGRESS"),
                          test::task("task-9999999999999", "engi-x", "FAILED")};
  tasks[1].reason_code = "ENGAGEMENT_CONFLICT";
  tasks[1].message = "already a member";
  ASSERT_OK(store.upsert_tasks(tasks, at("2024-06-01T00:05:00Z")));

  auto run1 = store.begin_sync_run(at("2024-06-01T00:00:00Z"));
  ASSERT_OK(run1);
  ASSERT_OK(store.finish_sync_run(*run1, SyncOutcome::ok, {10, 2, 1, 6, 6, 3}, "", at("2024-06-01T00:01:00Z")));
  auto run2 = store.begin_sync_run(at("2024-06-01T00:15:00Z"));
  ASSERT_OK(run2);
  ASSERT_OK(store.finish_sync_run(*run2, SyncOutcome::failed, {1, 0, 1, 0, 0, 0},
                                    "ThrottlingException (HTTP 429): Rate exceeded", at("2024-06-01T00:16:00Z")));
}

class StoreQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::open(":memory:");
    ASSERT_OK(opened);
    store_.emplace(std::move(*opened));
    populate(*store_);
  }
  Store& store() { return *store_; }
  std::optional<Store> store_;
};

TEST_F(StoreQueries, StatusSummaryCounts) {
  auto s = store().status_summary(kNow);
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->invitations_by_status["PENDING"], 5);
  EXPECT_EQ(s->invitations_by_status["ACCEPTED"], 1);
  EXPECT_EQ(s->decisions_by_action["accept"], 1);  // the failed accept is not counted
  EXPECT_EQ(s->decisions_by_action["reject"], 1);
  EXPECT_EQ(s->dry_run_decisions_by_action["accept"], 1);
  EXPECT_EQ(s->decisions_failed, 1);
  EXPECT_EQ(s->pending_undecided, 1);  // engi-4 (dry run only); engi-3's failed accept is final
  EXPECT_EQ(s->tasks_in_progress, 1);
  EXPECT_EQ(s->tasks_failed, 1);
  ASSERT_TRUE(s->last_successful_sync);
  EXPECT_EQ(s->last_successful_sync->counters.read_calls, 10);
  EXPECT_EQ(s->last_successful_sync->finished_at, at("2024-06-01T00:01:00Z"));
  ASSERT_TRUE(s->last_sync);
  EXPECT_EQ(s->last_sync->outcome, SyncOutcome::failed);
  ASSERT_EQ(s->recent_failures.size(), 3u);
  EXPECT_EQ(s->recent_failures[0].source, "sync_run");
  EXPECT_NE(s->recent_failures[0].message.find("Throttling"), std::string::npos);
  EXPECT_EQ(s->recent_failures[1].source, "decision");
  EXPECT_EQ(s->recent_failures[1].subject, "engi-3");
  EXPECT_EQ(s->recent_failures[2].source, "task");
  EXPECT_EQ(s->recent_failures[2].message, "ENGAGEMENT_CONFLICT: already a member");
}

// The daemon's metrics start from these: the newest finished run (failed here) and the newest ok one; a run
// still open does not count as finished.
TEST_F(StoreQueries, LastSyncRunsAreTheNewestFinishedAndTheNewestOk) {
  auto fresh = Store::open(":memory:");
  ASSERT_OK(fresh);
  auto empty = fresh->last_sync_runs();
  ASSERT_OK(empty);
  EXPECT_FALSE(empty->finished);
  EXPECT_FALSE(empty->ok);
  ASSERT_OK(store().begin_sync_run(at("2024-06-01T03:00:00Z")));  // running: no end yet
  auto runs = store().last_sync_runs();
  ASSERT_OK(runs);
  ASSERT_TRUE(runs->finished);
  EXPECT_EQ(runs->finished->outcome, SyncOutcome::failed);
  EXPECT_EQ(runs->finished->finished_at, at("2024-06-01T00:16:00Z"));
  ASSERT_TRUE(runs->ok);
  EXPECT_EQ(runs->ok->finished_at, at("2024-06-01T00:01:00Z"));
  EXPECT_NE(runs->finished->id, runs->ok->id);
}

TEST_F(StoreQueries, AnInterruptedRunIsClosedAsFailedByTheNextOne) {
  auto stuck = store().begin_sync_run(at("2024-06-01T01:00:00Z"));
  ASSERT_OK(stuck);
  auto next = store().begin_sync_run(at("2024-06-01T02:00:00Z"));
  ASSERT_OK(next);
  EXPECT_GT(*next, *stuck);
  auto s = store().status_summary(kNow);
  ASSERT_OK(s);
  EXPECT_EQ(s->last_sync->outcome, SyncOutcome::running);
  bool found = false;
  for (const auto& f : s->recent_failures)
    if (f.source == "sync_run" && f.subject == std::to_string(*stuck)) {
      found = true;
      EXPECT_NE(f.message.find("interrupted"), std::string::npos);
    }
  EXPECT_TRUE(found);
  EXPECT_FALSE(store().finish_sync_run(9999, SyncOutcome::ok, {}, "", kNow));
}

TEST_F(StoreQueries, ListInvitationsFilters) {
  auto all = store().list_invitations({});
  ASSERT_TRUE(all) << all.error().describe();
  EXPECT_EQ(all->size(), 6u);

  auto accepted = store().list_invitations({.decision = DecisionFilter::accept});
  ASSERT_OK(accepted);
  ASSERT_EQ(accepted->size(), 2u);  // engi-1 and engi-3 (its latest live decision is a failed accept)
  for (const auto& item : *accepted) {
    ASSERT_TRUE(item.decision);
    EXPECT_EQ(item.decision->action, DecisionAction::accept);
  }

  auto undecided = store().list_invitations({.status = "PENDING", .decision = DecisionFilter::undecided});
  ASSERT_OK(undecided);
  ASSERT_EQ(undecided->size(), 2u);  // engi-4 (dry run only) and engi-5; engi-6 is not PENDING
  EXPECT_FALSE((*undecided)[0].decision);

  auto rejected = store().list_invitations({.decision = DecisionFilter::reject});
  ASSERT_OK(rejected);
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_EQ(rejected->front().invitation.summary.id, "engi-2");
  EXPECT_EQ(rejected->front().decision->reason, "Out of scope");

  auto with_task = store().list_invitations({.limit = 100});
  ASSERT_OK(with_task);
  bool saw = false;
  for (const auto& item : *with_task)
    if (item.invitation.summary.id == "engi-1") {
      saw = true;
      EXPECT_EQ(item.task_id, "task-1111111111111");
      EXPECT_EQ(item.task_status, "IN_PROGRESS");
    }
  EXPECT_TRUE(saw);

  EXPECT_EQ(store().list_invitations({.limit = 2})->size(), 2u);
}

TEST_F(StoreQueries, ListTasksFilters) {
  EXPECT_EQ(store().list_tasks({})->size(), 2u);
  auto failed = store().list_tasks({.task_status = "FAILED"});
  ASSERT_OK(failed);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ(failed->front().task_id, "task-9999999999999");
  EXPECT_TRUE(store().list_tasks({.kind = TaskKind::opportunity_from_engagement})->empty());
}

TEST_F(StoreQueries, ShowGivesTheWholeHistory) {
  auto h = store().show("engi-1");
  ASSERT_TRUE(h && h->has_value());
  EXPECT_EQ((*h)->invitation.summary.id, "engi-1");
  ASSERT_EQ((*h)->decisions.size(), 1u);
  EXPECT_EQ((*h)->decisions[0].state, DecisionState::sent);
  ASSERT_EQ((*h)->tasks.size(), 1u);
  ASSERT_EQ((*h)->status_history.size(), 1u);

  auto dry = store().show("engi-4");
  ASSERT_TRUE(dry && dry->has_value());
  ASSERT_EQ((*dry)->decisions.size(), 1u);
  EXPECT_TRUE((*dry)->decisions[0].dry_run);

  auto none = store().show("engi-unknown");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
}

std::vector<std::string> columns_of(SQLite::Database& db, const std::string& view) {
  SQLite::Statement q(db, "SELECT name FROM pragma_table_info('" + view + "') ORDER BY cid");
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

// The views are a documented interface (docs/database.md): these lists may only grow.
TEST(StoreViews, ReturnTheDocumentedColumns) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "views.db").string();
  {
    auto store = Store::open(path);
    ASSERT_OK(store);
    populate(*store);
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  const std::vector<std::string> invitations{
      "Id", "Arn", "Catalog", "PayloadType", "EngagementId", "EngagementTitle", "Status", "InvitationDate",
      "ExpirationDate", "SenderAwsAccountId", "SenderCompanyName", "ReceiverAlias", "ReceiverAwsAccountId",
      "ParticipantType", "CustomerIndustry", "CustomerCompanyName", "CustomerWebsiteUrl", "CustomerCountryCode",
      "ProjectTitle", "ProjectBusinessProblem", "ProjectTargetCompletionDate", "ExpectedSpendUsdMonthly",
      "ReceiverResponsibilities", "InvitationMessage", "EngagementDescription", "RejectionReason", "Decision",
      "DecisionState", "Rule", "Reason", "DecidedAt", "TaskId", "TaskStatus", "OpportunityId", "ReasonCode",
      "FirstSeen", "LastSeen", "DetailsFetchedAt"};
  EXPECT_EQ(columns_of(db, "v_invitations"), invitations);
  EXPECT_EQ(columns_of(db, "v_decisions"),
            (std::vector<std::string>{"DecisionId", "EngagementInvitationId", "Catalog", "Action", "Rule", "Reason",
                                      "DecidedAt", "DryRun", "ClientToken", "State", "Error", "UpdatedAt",
                                      // schema 3: added at the end, so SELECT * users keep their columns
                                      "Attempt", "Tags", "RejectionReason", "TaskId",
                                      // schema 5
                                      "DecidedBy"}));
  EXPECT_EQ(columns_of(db, "v_tasks"),
            (std::vector<std::string>{"TaskId", "TaskArn", "Kind", "Catalog", "EngagementInvitationId",
                                      "EngagementId", "ContextId", "StartTime", "TaskStatus", "Message", "ReasonCode",
                                      "OpportunityId", "ResourceSnapshotJobId", "FirstSeen", "UpdatedAt"}));
  EXPECT_EQ(columns_of(db, "v_sync_runs"),
            (std::vector<std::string>{"RunId", "StartedAt", "FinishedAt", "Outcome", "ReadCalls", "WriteCalls",
                                      "Throttled", "InvitationsSeen", "InvitationsNew", "InvitationsDecided",
                                      "Error"}));

  // And they return the data: one row per invitation, with its latest live decision and task.
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM v_invitations").getInt(), 6);
  EXPECT_EQ(db.execAndGet("SELECT Decision || '/' || DecisionState || '/' || TaskStatus FROM v_invitations "
                          "WHERE Id = 'engi-1'")
                .getString(),
            "accept/sent/IN_PROGRESS");
  EXPECT_TRUE(db.execAndGet("SELECT Decision FROM v_invitations WHERE Id = 'engi-4'").isNull());
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM v_decisions WHERE DryRun = 1").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT InvitationDate FROM v_invitations WHERE Id = 'engi-1'").getString(),
            "2024-05-01T12:00:00Z");
  EXPECT_EQ(db.execAndGet("SELECT Outcome FROM v_sync_runs ORDER BY RunId DESC LIMIT 1").getString(), "failed");
}

}  // namespace
}  // namespace pcs::store

namespace pcs::store {
namespace {

TEST_F(StoreQueries, CountsTheCallsOfTheLast24HoursForTheDailyBudgets) {
  // populate(): run1 at 00:00 (10 reads, 2 writes, 1 throttled), run2 at 00:15 (1 read, 1 throttled).
  auto s = store().status_summary(at("2024-06-01T12:00:00Z"));
  ASSERT_OK(s);
  EXPECT_EQ(s->read_calls_24h, 11);
  EXPECT_EQ(s->write_calls_24h, 2);
  EXPECT_EQ(s->throttled_24h, 2);
  auto later = store().status_summary(at("2024-06-02T00:10:00Z"));  // run1 is more than a day old
  ASSERT_OK(later);
  EXPECT_EQ(later->read_calls_24h, 1);
  EXPECT_EQ(later->write_calls_24h, 0);

  auto runs = store().sync_runs_since(at("2024-06-01T00:10:00Z"));
  ASSERT_OK(runs);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().counters.read_calls, 1);
  auto all = store().sync_runs_since(at("2024-05-31T00:00:00Z"));
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 2u);
}

// A decisions-only pass is not a sync run; its calls are recorded apart and count the same: in the replay of
// the daily budgets and in status. Rows more than two days old go when the next is written.
// Found in review: sync runs, reloads and notifications were kept forever (a run every few minutes, for years).
// Each run that begins deletes up to ten of the oldest of each that are over 90 days old and done with; the
// latest successful run stays whatever its age (pcsyncctl status shows it).
TEST(StoreHistory, OlderThanNinetyDaysGoesAsRunsBeginButTheLatestSuccessStays) {
  pcs::test::TempDir dir;
  const std::string path = (dir.path() / "pcsync.db").string();
  auto opened = Store::open(path);
  ASSERT_OK(opened);
  Store& store = *opened;
  populate(store);  // run 1 ok at 2024-06-01T00:00, run 2 failed at 00:15
  for (int day = 2; day <= 31; ++day) {  // runs 3..32, failed, one a day in June
    const std::string date = "2024-06-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T00:00:00Z";
    auto run = store.begin_sync_run(at(date.c_str()));
    ASSERT_OK(run);
    ASSERT_OK(store.finish_sync_run(*run, SyncOutcome::failed, {}, "Timeout", at(date.c_str())));
  }
  ASSERT_OK(store.record_config_reload({at("2024-06-01T00:00:00Z"), true, ""}));
  {
    // A delivered notification and one still being retried, both of 2024-06-01.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("INSERT INTO notifications (event, target, payload, created_at, next_attempt_at, delivered_at) VALUES "
             "('review_needed', 'ops', '{}', '2024-06-01T00:00:00Z', '2024-06-01T00:00:00Z', '2024-06-01T00:00:01Z'), "
             "('review_needed', 'ops', '{}', '2024-06-01T00:00:00Z', '2099-01-01T00:00:00Z', NULL)");
  }
  auto count = [&](const char* table) {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    return raw.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt();
  };
  ASSERT_EQ(count("sync_runs"), 32);

  // 90 days before 2024-08-31 is 2024-06-02: run 2 and the reload go; run 1, as old, is the latest success.
  ASSERT_OK(store.begin_sync_run(at("2024-08-31T00:00:00Z")));
  EXPECT_EQ(count("sync_runs"), 32 - 1 + 1);
  EXPECT_EQ(count("config_reloads"), 0);
  EXPECT_EQ(count("notifications"), 1) << "the delivered one went; the one not settled stays";

  // A year on, every run but the new ones is old: ten of the oldest are looked at per begin (nine go, run 1 stays).
  ASSERT_OK(store.begin_sync_run(at("2025-06-01T00:00:00Z")));
  EXPECT_EQ(count("sync_runs"), 32 - 9 + 1);
  for (int i = 0; i < 5; ++i) ASSERT_OK(store.begin_sync_run(at("2025-06-01T00:00:00Z")));
  EXPECT_EQ(count("sync_runs"), 1 + 6) << "run 1 and the six runs of 2025 remain";
  auto runs = store.last_sync_runs();
  ASSERT_OK(runs);
  ASSERT_TRUE(runs->ok) << "the latest successful run was deleted";
  EXPECT_EQ(runs->ok->finished_at, at("2024-06-01T00:01:00Z"));
}

TEST_F(StoreQueries, CallsOutsideRunsCountWithTheRunsAndAreKeptTwoDays) {
  // populate(): run1 at 00:00 (10 reads, 2 writes), run2 at 00:15 (1 read).
  ASSERT_OK(store().record_calls_outside_runs(at("2024-05-29T00:00:00Z"), 5, 5));
  ASSERT_OK(store().record_calls_outside_runs(at("2024-06-01T00:05:00Z"), 1, 2));
  auto calls = store().calls_since(at("2024-05-31T12:00:00Z"));
  ASSERT_OK(calls);
  ASSERT_EQ(calls->size(), 3u);
  EXPECT_EQ((*calls)[0].at, at("2024-06-01T00:00:00Z"));
  EXPECT_EQ((*calls)[0].read_calls, 10);
  EXPECT_EQ((*calls)[0].write_calls, 2);
  EXPECT_EQ((*calls)[1].at, at("2024-06-01T00:05:00Z"));
  EXPECT_EQ((*calls)[1].read_calls, 1);
  EXPECT_EQ((*calls)[1].write_calls, 2);
  EXPECT_EQ((*calls)[2].at, at("2024-06-01T00:15:00Z"));

  auto s = store().status_summary(at("2024-06-01T12:00:00Z"));
  ASSERT_OK(s);
  EXPECT_EQ(s->read_calls_24h, 12);
  EXPECT_EQ(s->write_calls_24h, 4);

  auto all = store().calls_since(at("2024-05-01T00:00:00Z"));
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 3u) << "the 2024-05-29 row went when the 2024-06-01 one was written";
}

}  // namespace
}  // namespace pcs::store
