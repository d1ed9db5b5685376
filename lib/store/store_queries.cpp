// Store: the read side pcsyncctl uses (status, lists, one invitation's history). Each call reads in one
// transaction so its parts agree with each other while the daemon keeps writing.

#include <string>

#include "store/store.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {
namespace {

constexpr const char* kSyncRunColumns =
    "id, started_at, finished_at, outcome, read_calls, write_calls, throttled, invitations_seen, invitations_new, "
    "invitations_decided, error";

std::optional<SyncRun> one_run(Store::Impl& impl, const char* sql) {
  Query q(impl, sql);
  if (!q->executeStep()) return std::nullopt;
  return read_sync_run(*q, 0);
}

std::int64_t count(Store::Impl& impl, const char* sql) {
  Query q(impl, sql);
  return single_int64(q);
}

// PENDING, not expired at `now`, and no live decision that stands (an abandoned one does not).
std::int64_t pending_undecided_count(Store::Impl& impl, WallTime now) {
  Query q(impl,
          "SELECT count(*) FROM invitations i WHERE i.status = 'PENDING' "
          "AND (i.expiration_date IS NULL OR i.expiration_date > :now) "
          "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.invitation_id = i.id AND d.dry_run = 0 "
          "                AND d.state <> 'abandoned')");
  q->bind(":now", time_text(now));
  return single_int64(q);
}

// The ten newest failures of any kind: failed decisions and tasks, failed or partial runs, refused reloads.
std::vector<Failure> recent_failures(Store::Impl& impl) {
  Query q(impl,
          "SELECT at, source, subject, message FROM ("
          " SELECT updated_at AS at, 'decision' AS source, invitation_id AS subject, "
          "        coalesce(error, '') AS message FROM decisions WHERE state = 'failed' AND dry_run = 0"
          " UNION ALL"
          " SELECT updated_at, 'task', task_id, "
          "        coalesce(reason_code || ': ', '') || coalesce(message, '') FROM tasks "
          " WHERE task_status = 'FAILED'"
          " UNION ALL"
          " SELECT coalesce(finished_at, started_at), 'sync_run', CAST(id AS TEXT), coalesce(error, '') "
          " FROM sync_runs WHERE outcome IN ('failed', 'partial')"
          " UNION ALL"
          " SELECT at, 'reload', CAST(id AS TEXT), message FROM config_reloads WHERE outcome = 'refused'"
          ") ORDER BY at DESC LIMIT 10");
  std::vector<Failure> out;
  while (q->executeStep())
    out.push_back(Failure{time_from(q->getColumn(0)), text_from(q->getColumn(1)), text_from(q->getColumn(2)),
                          text_from(q->getColumn(3))});
  return out;
}

// Every call made since :since, one row per sync run and per pass outside a run (whose throttles are not
// recorded: they show in the governor's metrics). Read by the status summary and by the daily budgets' replay.
constexpr const char* kCallsSince =
    "SELECT started_at AS at, read_calls, write_calls, throttled FROM sync_runs WHERE started_at >= :since "
    "UNION ALL SELECT made_at, read_calls, write_calls, 0 FROM calls_outside_runs WHERE made_at >= :since";

// What the 24 hours before `now` spent of the daily quotas.
void add_calls_of_the_last_day(Store::Impl& impl, WallTime now, StatusSummary& s) {
  static const std::string sql =
      std::string("SELECT coalesce(sum(read_calls), 0), coalesce(sum(write_calls), 0), coalesce(sum(throttled), 0) "
                  "FROM (") + kCallsSince + ")";
  Query q(impl, sql.c_str());
  q->bind(":since", time_text(now - std::chrono::hours{24}));
  q->executeStep();
  s.read_calls_24h = q->getColumn(0).getInt64();
  s.write_calls_24h = q->getColumn(1).getInt64();
  s.throttled_24h = q->getColumn(2).getInt64();
}

std::optional<ConfigReload> last_reload(Store::Impl& impl) {
  Query q(impl, "SELECT at, outcome, message FROM config_reloads ORDER BY id DESC LIMIT 1");
  if (!q->executeStep()) return std::nullopt;
  return ConfigReload{time_from(q->getColumn(0)), text_from(q->getColumn(1)) == "applied", text_from(q->getColumn(2))};
}

std::string_view decision_filter_text(DecisionFilter f) {
  switch (f) {
    case DecisionFilter::any: return "any";
    case DecisionFilter::undecided: return "undecided";
    case DecisionFilter::accept: return "accept";
    case DecisionFilter::reject: return "reject";
    case DecisionFilter::review: return "review";
  }
  return "any";
}

const std::string& last_ok_run_query() {
  static const std::string q =
      std::string("SELECT ") + kSyncRunColumns + " FROM sync_runs WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1";
  return q;
}

}  // namespace

Result<LastSyncRuns> Store::last_sync_runs() {
  return guarded(*impl_, "reading the last sync runs", [&] {
    LastSyncRuns runs;
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);
    static const std::string last_finished = std::string("SELECT ") + kSyncRunColumns +
                                             " FROM sync_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1";
    runs.finished = one_run(*impl_, last_finished.c_str());
    runs.ok = one_run(*impl_, last_ok_run_query().c_str());
    return runs;
  });
}

Result<StatusSummary> Store::status_summary(WallTime now) {
  return guarded(*impl_, "reading the status summary", [&] {
    StatusSummary s;
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);
    static const std::string last = std::string("SELECT ") + kSyncRunColumns + " FROM sync_runs ORDER BY id DESC LIMIT 1";
    s.last_sync = one_run(*impl_, last.c_str());
    s.last_successful_sync = one_run(*impl_, last_ok_run_query().c_str());
    {
      // In two parts, each read from the partial index that holds its rows, not from the table.
      Query q(*impl_,
              "SELECT 'PENDING', count(*) FROM invitations WHERE status = 'PENDING' HAVING count(*) > 0 UNION ALL "
              "SELECT coalesce(status, 'UNKNOWN'), count(*) FROM invitations WHERE status IS NOT 'PENDING' GROUP BY 1");
      while (q->executeStep()) s.invitations_by_status[q->getColumn(0).getString()] = q->getColumn(1).getInt64();
    }
    {
      Query q(*impl_,
              "SELECT dry_run, action, count(*) FROM decisions WHERE state NOT IN ('failed', 'abandoned') "
              "GROUP BY dry_run, action");
      while (q->executeStep()) {
        auto& target = q->getColumn(0).getInt() ? s.dry_run_decisions_by_action : s.decisions_by_action;
        target[q->getColumn(1).getString()] = q->getColumn(2).getInt64();
      }
    }
    s.decisions_failed = count(*impl_, "SELECT count(*) FROM decisions WHERE state = 'failed' AND dry_run = 0");
    s.decisions_abandoned = count(*impl_, "SELECT count(*) FROM decisions WHERE state = 'abandoned' AND dry_run = 0");
    s.pending_undecided = pending_undecided_count(*impl_, now);
    s.reviews_waiting = count_reviews_waiting(*impl_, now);
    {
      Query q(*impl_, "SELECT count(*) FROM tasks WHERE task_status = 'IN_PROGRESS' AND task_id GLOB :form");
      q->bind(":form", kServiceTaskIdGlob);  // as unfinished_tasks()
      s.tasks_in_progress = single_int64(q);
    }
    s.tasks_failed = count(*impl_, "SELECT count(*) FROM tasks WHERE task_status = 'FAILED'");
    s.recent_failures = recent_failures(*impl_);
    add_calls_of_the_last_day(*impl_, now, s);
    s.last_reload = last_reload(*impl_);
    tx.commit();
    return s;
  });
}

Status Store::record_config_reload(const ConfigReload& reload) {
  return guarded(*impl_, "recording a configuration reload", [&]() -> Status {
    Query q(*impl_, "INSERT INTO config_reloads (at, outcome, message) VALUES (:at, :outcome, :message)");
    q->bind(":at", time_text(reload.at));
    q->bind(":outcome", reload.applied ? "applied" : "refused");
    q->bind(":message", reload.message.substr(0, 2000));
    q->exec();
    return Ok{};
  });
}

Result<std::vector<SyncRun>> Store::sync_runs_since(WallTime since) {
  return guarded(*impl_, "reading recent sync runs", [&] {
    static const std::string sql =
        std::string("SELECT ") + kSyncRunColumns + " FROM sync_runs WHERE started_at >= :since ORDER BY id";
    Query q(*impl_, sql.c_str());
    q->bind(":since", time_text(since));
    std::vector<SyncRun> runs;
    while (q->executeStep()) runs.push_back(read_sync_run(*q, 0));
    return runs;
  });
}

Status Store::record_calls_outside_runs(WallTime at, std::int64_t read_calls, std::int64_t write_calls) {
  return in_write_transaction(*impl_, "recording calls made outside a sync run", [&]() -> Status {
    {
      Query q(*impl_, "DELETE FROM calls_outside_runs WHERE made_at < :before");
      q->bind(":before", time_text(at - std::chrono::hours{48}));
      q->exec();
    }
    Query q(*impl_, "INSERT INTO calls_outside_runs (made_at, read_calls, write_calls) VALUES (:at, :reads, :writes)");
    q->bind(":at", time_text(at));
    q->bind(":reads", read_calls);
    q->bind(":writes", write_calls);
    q->exec();
    return Ok{};
  });
}

Result<std::vector<CallsMade>> Store::calls_since(WallTime since) {
  return guarded(*impl_, "reading the calls of the last day", [&] {
    static const std::string sql =
        std::string("SELECT at, read_calls, write_calls FROM (") + kCallsSince + ") ORDER BY at";
    Query q(*impl_, sql.c_str());
    q->bind(":since", time_text(since));
    std::vector<CallsMade> calls;
    while (q->executeStep())
      calls.push_back(CallsMade{time_from(q->getColumn(0)), q->getColumn(1).getInt64(), q->getColumn(2).getInt64()});
    return calls;
  });
}

namespace {

// A listing row that starts with kInvitationColumns then kDecisionColumns (NULLs for no decision); the columns
// after them are the caller's, from kListItemHeadColumns on.
constexpr int kListItemHeadColumns = kInvitationColumnCount + kDecisionColumnCount;

InvitationListItem read_list_item_head(SQLite::Statement& s) {
  InvitationListItem item;
  item.invitation = read_invitation(s, 0);
  if (!s.getColumn(kInvitationColumnCount).isNull()) item.decision = read_decision(s, kInvitationColumnCount);
  return item;
}

// The review queue: what waits for a person, soonest expiry first (never-expiring last).
std::vector<InvitationListItem> review_queue(Store::Impl& impl, const InvitationFilter& filter) {
  static const std::string sql =
      std::string("SELECT ") + kInvitationColumns + ", " + kDecisionColumns + ", " + kReviewColumns +
      " FROM reviews r "
      "CROSS JOIN invitations i ON i.id = r.invitation_id "  // reviews outer, see count_reviews_waiting
      "LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE invitation_id = i.id AND dry_run = 0) "
      "WHERE (:status IS NULL OR i.status = :status) AND " + kReviewWaiting +
      " ORDER BY i.expiration_date IS NULL, i.expiration_date, i.id LIMIT :limit";
  Query q(impl, sql.c_str());
  bind_optional(*q, ":status", filter.status);
  q->bind(":now", time_text(filter.now));
  q->bind(":limit", filter.limit);
  std::vector<InvitationListItem> out;
  while (q->executeStep()) {
    InvitationListItem item = read_list_item_head(*q);
    item.review = read_review(*q, kListItemHeadColumns);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Result<std::vector<InvitationListItem>> Store::list_invitations(const InvitationFilter& filter) {
  return guarded(*impl_, "listing invitations", [&] {
    if (filter.decision == DecisionFilter::review) return review_queue(*impl_, filter);
    // "The decision" is the latest live one; dry runs are only in show() and v_decisions.
    static const std::string sql =
        std::string("SELECT ") + kInvitationColumns + ", " + kDecisionColumns +
        ", t.task_id, t.task_status FROM invitations i "
        "LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE invitation_id = i.id AND dry_run = 0) "
        "LEFT JOIN tasks t ON t.task_id = (SELECT task_id FROM tasks WHERE engagement_invitation_id = i.id "
        "                                  ORDER BY start_time DESC, updated_at DESC LIMIT 1) "
        "WHERE (:status IS NULL OR i.status = :status) "
        "AND (:decision = 'any' OR (:decision = 'undecided' AND d.id IS NULL) OR d.action = :decision) "
        "ORDER BY i.invitation_date DESC, i.id LIMIT :limit";
    Query q(*impl_, sql.c_str());
    bind_optional(*q, ":status", filter.status);
    q->bind(":decision", std::string(decision_filter_text(filter.decision)));
    q->bind(":limit", filter.limit);
    std::vector<InvitationListItem> out;
    while (q->executeStep()) {
      InvitationListItem item = read_list_item_head(*q);
      const int t = kListItemHeadColumns;
      if (!q->getColumn(t).isNull()) {
        item.task_id = text_from(q->getColumn(t));
        item.task_status = text_from(q->getColumn(t + 1));
      }
      out.push_back(std::move(item));
    }
    return out;
  });
}

Result<std::vector<Task>> Store::list_tasks(const TaskFilter& filter) {
  return guarded(*impl_, "listing tasks", [&] {
    static const std::string sql = std::string("SELECT ") + kTaskColumns +
                                   " FROM tasks t WHERE (:status IS NULL OR t.task_status = :status) "
                                   "AND (:kind IS NULL OR t.kind = :kind) "
                                   "ORDER BY t.start_time DESC, t.task_id LIMIT :limit";
    Query q(*impl_, sql.c_str());
    bind_optional(*q, ":status", filter.task_status);
    bind_optional(*q, ":kind", filter.kind ? std::optional<std::string>(to_string(*filter.kind)) : std::nullopt);
    q->bind(":limit", filter.limit);
    std::vector<Task> out;
    while (q->executeStep()) out.push_back(read_task(*q, 0));
    return out;
  });
}

Result<std::optional<InvitationHistory>> Store::show(std::string_view invitation_id) {
  return guarded(*impl_, "reading an invitation's history", [&]() -> std::optional<InvitationHistory> {
    const std::string id(invitation_id);
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);
    InvitationHistory h;
    {
      static const std::string sql = std::string("SELECT ") + kInvitationColumns + " FROM invitations i WHERE i.id = :id";
      Query q(*impl_, sql.c_str());
      q->bind(":id", id);
      if (!q->executeStep()) return std::nullopt;
      h.invitation = read_invitation(*q, 0);
    }
    h.review = find_review(*impl_, id);
    {
      static const std::string sql =
          std::string("SELECT ") + kDecisionColumns + " FROM decisions d WHERE d.invitation_id = :id ORDER BY d.id";
      Query q(*impl_, sql.c_str());
      q->bind(":id", id);
      while (q->executeStep()) h.decisions.push_back(read_decision(*q, 0));
    }
    {
      static const std::string sql = std::string("SELECT ") + kTaskColumns +
                                     " FROM tasks t WHERE t.engagement_invitation_id = :id ORDER BY t.start_time, t.task_id";
      Query q(*impl_, sql.c_str());
      q->bind(":id", id);
      while (q->executeStep()) h.tasks.push_back(read_task(*q, 0));
    }
    {
      Query q(*impl_,
              "SELECT h.task_id, h.task_status, h.message, h.reason_code, h.observed_at FROM task_status_history h "
              "JOIN tasks t ON t.task_id = h.task_id WHERE t.engagement_invitation_id = :id ORDER BY h.id");
      q->bind(":id", id);
      while (q->executeStep()) {
        TaskStatusChange c;
        c.task_id = text_from(q->getColumn(0));
        c.task_status = text_from(q->getColumn(1));
        c.message = text_from(q->getColumn(2));
        c.reason_code = text_from(q->getColumn(3));
        c.observed_at = time_from(q->getColumn(4));
        h.status_history.push_back(std::move(c));
      }
    }
    tx.commit();
    return h;
  });
}

}  // namespace pcs::store
