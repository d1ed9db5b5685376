// Store: engagement tasks and their status history.

#include <string>
#include <string_view>

#include "store/store.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {
namespace {

// Identity members keep their stored value when a later report omits them; status, message and reason code
// are the latest report's.
constexpr const char* kUpsertTask =
    "INSERT INTO tasks (task_id, kind, catalog, task_arn, engagement_invitation_id, engagement_id, context_id, "
    "start_time, task_status, message, reason_code, opportunity_id, resource_snapshot_job_id, first_seen, "
    "updated_at) VALUES (:task_id, :kind, :catalog, :task_arn, :invitation_id, :engagement_id, :context_id, "
    ":start_time, :task_status, :message, :reason_code, :opportunity_id, :snapshot_job_id, :now, :now) "
    "ON CONFLICT(task_id) DO UPDATE SET "
    "catalog = coalesce(excluded.catalog, catalog), "
    "task_arn = coalesce(excluded.task_arn, task_arn), "
    "engagement_invitation_id = coalesce(excluded.engagement_invitation_id, engagement_invitation_id), "
    "engagement_id = coalesce(excluded.engagement_id, engagement_id), "
    "context_id = coalesce(excluded.context_id, context_id), "
    "start_time = coalesce(excluded.start_time, start_time), "
    "task_status = coalesce(excluded.task_status, task_status), "
    "message = excluded.message, "
    "reason_code = excluded.reason_code, "
    "opportunity_id = coalesce(excluded.opportunity_id, opportunity_id), "
    "resource_snapshot_job_id = coalesce(excluded.resource_snapshot_job_id, resource_snapshot_job_id), "
    "updated_at = excluded.updated_at";

// A task as stored, in the columns a report can change (the probe's, in this order).
constexpr const char* kProbeTask =
    "SELECT catalog, task_arn, engagement_invitation_id, engagement_id, context_id, start_time, task_status, "
    "message, reason_code, opportunity_id, resource_snapshot_job_id FROM tasks WHERE task_id = ?1";

// NULL is stored for "" (bind_text), so a NULL column equals an empty value.
bool same_text(const SQLite::Column& stored, std::string_view value) {
  if (stored.isNull()) return value.empty();
  const auto* bytes = static_cast<const char*>(stored.getBlob());  // before getBytes(), as SQLite asks
  return std::string_view(bytes, std::size_t(stored.getBytes())) == value;
}

// Whether kUpsertTask would change the stored row: an identity member only when the report has it, message and
// reason code always. Only such a report rewrites the row: every reconcile lists every task again (1,000 rows
// rewritten were 4 % of an unchanged reconcile, and the upsert that rewrote nothing still 11 %), and updated_at
// is when the task last changed, so a failed task keeps the time it failed in status's recent failures.
bool report_changes(SQLite::Statement& stored, const Task& t, const std::string& start_time) {
  auto member = [&](int column, std::string_view value) { return !value.empty() && !same_text(stored.getColumn(column), value); };
  return member(0, t.catalog) || member(1, t.task_arn) || member(2, t.engagement_invitation_id) ||
         member(3, t.engagement_id) || member(4, t.context_id) || member(5, start_time) ||
         member(6, t.task_status) || !same_text(stored.getColumn(7), t.message) ||
         !same_text(stored.getColumn(8), t.reason_code) || member(9, t.opportunity_id) ||
         member(10, t.resource_snapshot_job_id);
}

}  // namespace

Result<TaskUpsertResult> Store::upsert_tasks(std::span<const Task> tasks, WallTime now) {
  return in_write_transaction(*impl_, "storing tasks", [&] {
    TaskUpsertResult r;
    const std::string now_text = time_text(now);
    for (const Task& t : tasks) {
      const std::string start_time = t.start_time ? time_text(*t.start_time) : std::string();
      bool existed = false;
      bool changes = true;
      std::string old_status;
      {
        Query q(*impl_, kProbeTask);
        q->bind(1, t.task_id);
        if (q->executeStep()) {
          existed = true;
          changes = report_changes(*q, t, start_time);
          old_status = text_from(q->getColumn(6));
        }
      }
      if (changes) {
        Query q(*impl_, kUpsertTask);
        q->bind(":task_id", t.task_id);
        q->bind(":kind", std::string(to_string(t.kind)));
        bind_text(*q, ":catalog", t.catalog);
        bind_text(*q, ":task_arn", t.task_arn);
        bind_text(*q, ":invitation_id", t.engagement_invitation_id);
        bind_text(*q, ":engagement_id", t.engagement_id);
        bind_text(*q, ":context_id", t.context_id);
        bind_text(*q, ":start_time", start_time);
        bind_text(*q, ":task_status", t.task_status);
        bind_text(*q, ":message", t.message);
        bind_text(*q, ":reason_code", t.reason_code);
        bind_text(*q, ":opportunity_id", t.opportunity_id);
        bind_text(*q, ":snapshot_job_id", t.resource_snapshot_job_id);
        q->bind(":now", now_text);
        q->exec();
      }
      ++r.seen;
      if (!existed) ++r.inserted;
      // A report without a status says nothing about a change.
      const bool changed = !existed || (!t.task_status.empty() && t.task_status != old_status);
      if (changed) {
        Query q(*impl_,
                "INSERT INTO task_status_history (task_id, task_status, message, reason_code, observed_at) "
                "VALUES (:id, :status, :message, :reason_code, :now)");
        q->bind(":id", t.task_id);
        bind_text(*q, ":status", t.task_status);
        bind_text(*q, ":message", t.message);
        bind_text(*q, ":reason_code", t.reason_code);
        q->bind(":now", now_text);
        q->exec();
        ++r.status_changes;
      }
    }
    return r;
  });
}

Result<std::vector<UnfinishedTask>> Store::unfinished_tasks() {
  return guarded(*impl_, "listing unfinished tasks", [&] {
    Query q(*impl_,
            "SELECT task_id, kind, catalog FROM tasks WHERE task_status = 'IN_PROGRESS' AND task_id GLOB :form "
            "ORDER BY start_time, task_id");
    q->bind(":form", kServiceTaskIdGlob);
    std::vector<UnfinishedTask> out;
    while (q->executeStep()) {
      UnfinishedTask u;
      u.task_id = text_from(q->getColumn(0));
      u.kind = parse_task_kind(text_from(q->getColumn(1))).value_or(TaskKind::accept_invitation);
      u.catalog = text_from(q->getColumn(2));
      out.push_back(std::move(u));
    }
    return out;
  });
}

}  // namespace pcs::store
