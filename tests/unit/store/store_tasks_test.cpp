#include <gtest/gtest.h>

#include <vector>

#include "store/store.hpp"
#include "store_fixtures.hpp"

namespace pcs::store {
namespace {

using test::at;

// An in-memory store holding one listed invitation, the one its tasks name.
Result<Store> store_with_invitation(const std::string& id) {
  auto store = Store::open(":memory:");
  if (!store) return store;
  std::vector<InvitationSummary> page{test::invitation(id)};
  if (auto up = store->upsert_invitations(page, at("2024-06-01T00:00:00Z")); !up) return up.error();
  return store;
}

TEST(StoreTasks, HistoryAppendsOnlyWhenTheStatusChanges) {
  auto store = store_with_invitation("engi-1");
  ASSERT_OK(store);

  std::vector<Task> batch{test::task("task-1", "engi-1", "IN_PROGRESS")};
  auto r1 = store->upsert_tasks(batch, at("2024-06-01T00:01:00Z"));
  ASSERT_TRUE(r1) << r1.error().describe();
  EXPECT_EQ(r1->inserted, 1);
  EXPECT_EQ(r1->status_changes, 1);

  auto r2 = store->upsert_tasks(batch, at("2024-06-01T00:02:00Z"));  // same status: polled again
  ASSERT_OK(r2);
  EXPECT_EQ(r2->inserted, 0);
  EXPECT_EQ(r2->status_changes, 0);

  batch[0].task_status = "COMPLETE";
  batch[0].opportunity_id = "O1234567";
  batch[0].task_arn.clear();  // absent in this report: keep the stored ARN
  auto r3 = store->upsert_tasks(batch, at("2024-06-01T00:03:00Z"));
  ASSERT_OK(r3);
  EXPECT_EQ(r3->status_changes, 1);

  batch[0].task_status.clear();  // a report without a status is not a change
  EXPECT_EQ(store->upsert_tasks(batch, at("2024-06-01T00:04:00Z"))->status_changes, 0);

  auto h = store->show("engi-1");
  ASSERT_TRUE(h && h->has_value());
  ASSERT_EQ((*h)->status_history.size(), 2u);
  EXPECT_EQ((*h)->status_history[0].task_status, "IN_PROGRESS");
  EXPECT_EQ((*h)->status_history[0].observed_at, at("2024-06-01T00:01:00Z"));
  EXPECT_EQ((*h)->status_history[1].task_status, "COMPLETE");
  ASSERT_EQ((*h)->tasks.size(), 1u);
  const Task& t = (*h)->tasks[0];
  EXPECT_EQ(t.task_status, "COMPLETE");
  EXPECT_EQ(t.opportunity_id, "O1234567");
  EXPECT_EQ(t.task_arn, "arn:aws:partnercentral:us-east-1::task/task-1");
  EXPECT_EQ(t.updated_at, at("2024-06-01T00:03:00Z")) << "the 00:04 report changed nothing";
}

// A report that changes nothing does not rewrite the row: updated_at is when the task last changed, so a failed
// task listed again at every reconcile keeps the time it failed (status's recent failures).
TEST(StoreTasks, AReportThatChangesNothingLeavesTheRowAndItsTime) {
  auto store = store_with_invitation("engi-1");
  ASSERT_OK(store);
  std::vector<Task> batch{test::task("task-1", "engi-1", "FAILED")};
  batch[0].message = "Invitation was rejected";
  ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T00:01:00Z")));
  ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T05:00:00Z")));
  auto h = store->show("engi-1");
  ASSERT_TRUE(h && h->has_value());
  ASSERT_EQ((*h)->tasks.size(), 1u);
  EXPECT_EQ((*h)->tasks[0].updated_at, at("2024-06-01T00:01:00Z"));
  batch[0].message = "Invitation expired";  // a changed message is a change
  ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T06:00:00Z")));
  h = store->show("engi-1");
  ASSERT_TRUE(h && h->has_value());
  EXPECT_EQ((*h)->tasks[0].updated_at, at("2024-06-01T06:00:00Z"));
  EXPECT_EQ((*h)->tasks[0].message, "Invitation expired");
}

// Each member a report can change is compared on its own (the store skips the write when none differs): a new
// value of any one is stored with the report's time; an identity member the report omits keeps its value and
// is no change; an emptied message or reason code is one.
TEST(StoreTasks, EveryMemberThatChangesIsStoredAndNothingElseIsAChange) {
  struct Member {
    const char* name;
    std::string Task::*field;
    bool kept_when_omitted;
  };
  const std::vector<Member> members{
      {"catalog", &Task::catalog, true},
      {"task_arn", &Task::task_arn, true},
      {"engagement_invitation_id", &Task::engagement_invitation_id, true},
      {"engagement_id", &Task::engagement_id, true},
      {"context_id", &Task::context_id, true},
      {"task_status", &Task::task_status, true},
      {"message", &Task::message, false},
      {"reason_code", &Task::reason_code, false},
      {"opportunity_id", &Task::opportunity_id, true},
      {"resource_snapshot_job_id", &Task::resource_snapshot_job_id, true},
  };
  auto only_task = [](Store& store) {
    auto tasks = store.list_tasks({});
    EXPECT_TRUE(tasks && tasks->size() == 1u);
    return tasks && !tasks->empty() ? (*tasks)[0] : Task{};
  };
  for (const Member& m : members) {
    SCOPED_TRACE(m.name);
    auto store = Store::open(":memory:");
    ASSERT_OK(store);
    Task full = test::task("task-1", "engi-1", "IN_PROGRESS");
    full.engagement_id = "eng-1";
    full.context_id = "ctx-1";
    full.message = "m";
    full.reason_code = "r";
    full.opportunity_id = "O1";
    full.resource_snapshot_job_id = "job-1";
    std::vector<Task> batch{full};
    ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T00:00:00Z")));

    batch[0].*m.field = "";  // omitted
    ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T01:00:00Z")));
    Task stored = only_task(*store);
    EXPECT_EQ(stored.*m.field, m.kept_when_omitted ? full.*m.field : "");
    EXPECT_EQ(stored.updated_at, m.kept_when_omitted ? at("2024-06-01T00:00:00Z") : at("2024-06-01T01:00:00Z"));

    batch[0].*m.field = "changed";
    ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T02:00:00Z")));
    stored = only_task(*store);
    EXPECT_EQ(stored.*m.field, "changed");
    EXPECT_EQ(stored.updated_at, at("2024-06-01T02:00:00Z"));

    ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T03:00:00Z")));  // the same report again
    EXPECT_EQ(only_task(*store).updated_at, at("2024-06-01T02:00:00Z"));
  }
  // The start time, which the store keeps as text.
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  std::vector<Task> batch{test::task("task-1", "engi-1", "IN_PROGRESS")};
  ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T00:00:00Z")));
  batch[0].start_time.reset();
  ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T01:00:00Z")));
  EXPECT_EQ(only_task(*store).start_time, at("2024-05-02T00:00:00Z"));
  EXPECT_EQ(only_task(*store).updated_at, at("2024-06-01T00:00:00Z"));
  batch[0].start_time = at("2024-05-03T00:00:00Z");
  ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T02:00:00Z")));
  EXPECT_EQ(only_task(*store).start_time, at("2024-05-03T00:00:00Z"));
  EXPECT_EQ(only_task(*store).updated_at, at("2024-06-01T02:00:00Z"));
}

// ... of the form the service hands out: a row an older version stored as it came (task-NOT-A-TASK-ID) can be
// neither asked about nor finished, and would keep --until-idle waiting.
TEST(StoreTasks, UnfinishedTasksAreTheInProgressOnes) {
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  std::vector<Task> batch{test::task("task-aaaaaaaaaaaaa", "engi-1", "IN_PROGRESS"),
                          test::task("task-bbbbbbbbbbbbb", "engi-2", "COMPLETE"),
                          test::task("task-ccccccccccccc", "", "IN_PROGRESS"),
                          test::task("task-NOT-A-TASK-ID", "engi-3", "IN_PROGRESS")};
  batch[2].kind = TaskKind::opportunity_from_engagement;
  batch[2].engagement_id = "eng-9";
  batch[2].catalog = "Sandbox";
  // Tasks may name invitations the mirror has not listed (started in the console): no foreign key refuses them.
  ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T00:00:00Z")));
  auto open = store->unfinished_tasks();
  ASSERT_OK(open);
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].task_id, "task-aaaaaaaaaaaaa");
  EXPECT_EQ((*open)[0].kind, TaskKind::accept_invitation);
  EXPECT_EQ((*open)[1].task_id, "task-ccccccccccccc");
  EXPECT_EQ((*open)[1].kind, TaskKind::opportunity_from_engagement);
  EXPECT_EQ((*open)[1].catalog, "Sandbox");
  auto summary = store->status_summary(at("2024-06-01T00:00:00Z"));
  ASSERT_OK(summary);
  EXPECT_EQ(summary->tasks_in_progress, 2);
}

TEST(StoreTasks, ABatchIsAllOrNothing) {
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  std::vector<Task> batch{test::task("task-a", "engi-1", "IN_PROGRESS"), test::task("", "engi-2", "COMPLETE")};
  auto r = store->upsert_tasks(batch, at("2024-06-01T00:00:00Z"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "StoreConstraint");
  EXPECT_TRUE(store->list_tasks({})->empty());
}

}  // namespace
}  // namespace pcs::store
