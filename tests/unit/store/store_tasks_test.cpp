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

TEST(StoreTasks, UnfinishedTasksAreTheInProgressOnes) {
  auto store = Store::open(":memory:");
  ASSERT_OK(store);
  std::vector<Task> batch{test::task("task-a", "engi-1", "IN_PROGRESS"), test::task("task-b", "engi-2", "COMPLETE"),
                          test::task("task-c", "", "IN_PROGRESS")};
  batch[2].kind = TaskKind::opportunity_from_engagement;
  batch[2].engagement_id = "eng-9";
  batch[2].catalog = "Sandbox";
  // Tasks may name invitations the mirror has not listed (started in the console): no foreign key refuses them.
  ASSERT_OK(store->upsert_tasks(batch, at("2024-06-01T00:00:00Z")));
  auto open = store->unfinished_tasks();
  ASSERT_OK(open);
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].task_id, "task-a");
  EXPECT_EQ((*open)[0].kind, TaskKind::accept_invitation);
  EXPECT_EQ((*open)[1].task_id, "task-c");
  EXPECT_EQ((*open)[1].kind, TaskKind::opportunity_from_engagement);
  EXPECT_EQ((*open)[1].catalog, "Sandbox");
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
