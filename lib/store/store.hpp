#pragma once
// The local SQLite mirror: invitations, the decision audit trail, tasks and sync runs.
//
// One Store is one connection, used from the io_context thread only. Calls are synchronous: each is a few
// small statements (a page of invitations at most) and waits at most busy_timeout for another writer.
// SQLiteCpp throws; nothing leaves this class as an exception: every call returns Result/Status whose message
// says what the operator should do. The header keeps SQLiteCpp out, so callers need not see it.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/records.hpp"
#include "store/seen_ids.hpp"

namespace pcs::store {

enum class OpenMode {
  read_write,  // pcsyncd: creates the file, migrates the schema
  read_only,   // pcsyncctl: SQLITE_OPEN_READONLY + query_only; safe while the daemon writes (WAL)
};

struct OpenOptions {
  OpenMode mode = OpenMode::read_write;
  std::chrono::milliseconds busy_timeout{5000};
  std::string vfs{};  // the SQLite VFS to open with; empty: SQLite's default (tests pass a shim that counts syncs)
};

class Store {
 public:
  // Opens path (or ":memory:"). read_write: creates a missing file owner-only (0600, whatever the umask; its
  // -wal and -shm follow), tightens an existing one readable by group/others (see open_notices), runs PRAGMA
  // quick_check before anything is written, then WAL, synchronous=NORMAL (FULL for the commit of a live
  // decision, see record_decision), foreign keys and every pending migration. The directory must exist and be writable; it is never created. A zero-byte file is a new
  // database. Refuses, without writing to the file: a damaged file (StoreCorrupt), not SQLite or another
  // program's file (StoreNotPcsyncd), a schema newer than this binary, a file locked by another connection
  // past busy_timeout (StoreLocked), and (read_only) a missing or not yet migrated database.
  static Result<Store> open(const std::string& path, OpenOptions options = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::string& path() const;
  // What open() changed or found that the operator should know (a file mode it tightened, one it could not);
  // usually empty. The store does not log: the daemon logs these once at start.
  const std::vector<std::string>& open_notices() const;
  Result<int> schema_version();
  // PRAGMA data_version: changes between two calls exactly when another connection committed in between
  // (this connection's own commits do not change it). The daemon tells pcsyncctl's commits from its own.
  Result<std::int64_t> data_version();
  // PRAGMA integrity_check; the error lists what SQLite found.
  Status integrity_check();

  // --- invitations ---
  // One transaction per call (a page, or several pages gathered by the caller): all rows or none. A row is
  // written only when it is new or differs from what is stored (a member the answer left out never counts as
  // a difference), and then gets last_seen = now; first_seen is kept. An unchanged row is not touched: a
  // listing that returns it confirms it through record_listing().
  Result<UpsertResult> upsert_invitations(std::span<const InvitationSummary> page, WallTime now);
  // A listing's pages, written as they come into one open transaction that is committed every 25,000 rows, by
  // commit_listed_invitations(), or before any other call of this Store runs, whichever comes first; a page is
  // all or nothing within it: a row the schema refuses (no id or catalog) refuses its page before any write, and
  // a write that fails (I/O, a full disk) rolls back the whole open transaction. Rows as upsert_invitations
  // writes them. A crash loses the uncommitted rows, which the next listing writes again.
  Result<UpsertResult> upsert_listed_invitations(std::span<const InvitationSummary> page, WallTime now);
  Status commit_listed_invitations();
  // Commits an open listing's transaction now, from outside the listing (its write lock stops every other writer
  // while it is open). A failure is returned here and kept for the listing, whose next call fails with it.
  Status flush_listing();
  // A listing that returned every page: `scope` is the Status it filtered on ("" for every status), `seen` the ids
  // it returned whose Status is in that scope, `started_at` when its first request went out. Rows of the catalog
  // in scope that it did not return are marked unlisted: their LastSeen stays what it was until a listing returns
  // them again. Every other row of the scope has LastSeen >= started_at from now on, without being rewritten.
  Status record_listing(std::string_view catalog, std::string_view scope, WallTime started_at, SeenIds& seen);
  // GetEngagementInvitation: upserts the summary members it carries and stores the details.
  Status set_invitation_details(const InvitationSummary& summary, const InvitationDetails& details, WallTime now);
  Result<std::optional<Invitation>> invitation(std::string_view id);
  // PENDING, not expired at now, and no decision yet (see PendingQuery); soonest expiry first.
  Result<std::vector<Invitation>> pending_undecided(WallTime now, PendingQuery query = {});
  // The paging key of pending_undecided(): expiration (never-expiring last), then id.
  static std::string pending_cursor(const Invitation& invitation);

  // --- decisions (append-only audit trail) ---
  // Commits the decision exactly as it will be sent (catalog, attempt, ClientToken, Tags, RejectionReason)
  // before the caller makes the call. Conflict error if the invitation already has a decision in that mode
  // that is neither failed nor abandoned. A live decision's commit is durable (synchronous=FULL for that
  // transaction: the WAL is fsynced before this returns), so a power loss after the call cannot lose it; a
  // dry-run decision commits as everything else does (NORMAL).
  Result<Decision> record_decision(const NewDecision& decision, WallTime now);
  Status mark_decision_sent(std::int64_t decision_id, WallTime now);
  // `task_id`: the accept task the call started ("" for a reject).
  Status mark_decision_done(std::int64_t decision_id, std::string_view task_id, WallTime now);
  Status mark_decision_failed(std::int64_t decision_id, std::string_view error, WallTime now);
  Status mark_decision_abandoned(std::int64_t decision_id, std::string_view why, WallTime now);
  // mark_decision_failed() and record_decision(retry) in one transaction: the retry of an accept whose task
  // FAILED exists exactly when the failure is recorded, so a crash or a storage fault between the two cannot
  // leave the invitation failed for good with its retry lost. On any error neither is recorded.
  Result<Decision> fail_decision_and_retry(std::int64_t decision_id, std::string_view error, const NewDecision& retry,
                                           WallTime now);
  Result<std::optional<Decision>> decision(std::int64_t decision_id);
  // The invitation's newest decision in that mode, whatever its state.
  Result<std::optional<Decision>> latest_decision(std::string_view invitation_id, bool dry_run = false);
  // The live decision whose call started this task.
  Result<std::optional<Decision>> decision_for_task(std::string_view task_id);
  // A person's decision (decided_by set), refused atomically unless the invitation is listed, of the
  // decision's catalog, PENDING, unexpired at `now`, and without a live decision (recorded, sent or done):
  // StoreAlreadyDecided, StoreNotPending, StoreInvitationExpired (conflict), StoreNoSuchInvitation.
  Result<Decision> record_person_decision(const NewDecision& decision, WallTime now);

  // --- reviews (action: review) ---
  // Records that a rule left the invitation to a person; true when new (false: recorded before, nothing
  // written), so whoever is told is told once.
  Result<bool> record_review(const Review& review);
  Result<std::optional<Review>> review(std::string_view invitation_id);
  // How many reviews wait for a person at `now` (pcsyncd_review_pending).
  Result<std::int64_t> reviews_waiting(WallTime now);

  // Live decisions recorded or sent but not confirmed, oldest first: the next cycle re-checks and resends them.
  Result<std::vector<Decision>> unfinished_decisions();

  // --- notifications (the outbox) ---
  // The webhooks events are written for, from now on (the daemon sets them from `notify:` at start and on
  // reload). Each event below becomes one row per target that wants it, in the transaction of its change:
  // review_needed (record_review, when new), accepted/rejected (a decision done), task_failed (a done accept
  // whose task FAILED), decision_failed (a call refused for good).
  void set_notification_targets(std::vector<NotificationTarget> targets);
  // The daemon's health changed (`event` "degraded" or "recovered", `reason` for people): recorded as its state,
  // whether or not a webhook wants the event, and announced ({"Event", "Reason", "At"}) in the same transaction.
  Status record_health(std::string_view event, std::string_view reason, WallTime now);
  // Whether the last health change recorded was "degraded" (false when none was).
  Result<bool> degraded();
  // PENDING invitations of `catalog` without a live decision (undecided or waiting for a person) expiring within
  // `within` of `now` and not announced before: recorded and announced (event expiring) in one transaction.
  // Returns how many were announced. A range of the pending index: a backlog of undecided invitations that expire
  // later costs nothing.
  Result<std::int64_t> warn_expiring(std::string_view catalog, WallTime now, std::chrono::seconds within);
  // Undelivered rows due at `now`, oldest first; and when the next one is due (nullopt: none is waiting).
  Result<std::vector<Notification>> due_notifications(WallTime now, std::int64_t limit);
  Result<std::optional<WallTime>> next_notification_due();
  Status notification_delivered(std::int64_t id, WallTime now);
  // One failed attempt: retried at `retry_at`, or given up (failed) when it is nullopt. `error` never holds a
  // URL or a secret.
  Status notification_attempt_failed(std::int64_t id, std::string_view error, std::optional<WallTime> retry_at,
                                     WallTime now);
  // pcsyncctl notifications: newest first.
  Result<std::vector<Notification>> list_notifications(std::int64_t limit);

  // --- config reloads ---
  Status record_config_reload(const ConfigReload& reload);

  // --- tasks ---
  // One transaction per batch; a history row is appended only when a task's status changes.
  Result<TaskUpsertResult> upsert_tasks(std::span<const Task> tasks, WallTime now);
  // Tasks still IN_PROGRESS: poll them with Get*Task.
  Result<std::vector<UnfinishedTask>> unfinished_tasks();

  // --- sync runs ---
  // Also closes runs left "running" by a previous process as failed (it stopped mid-run).
  Result<std::int64_t> begin_sync_run(WallTime now);
  // Runs started at or after `since`, oldest first.
  Result<std::vector<SyncRun>> sync_runs_since(WallTime since);
  // The calls of a pass that is not a sync run (a decisions-only pass), at its start. Rows older than two days
  // are deleted in the same transaction: the replay below reads one day.
  Status record_calls_outside_runs(WallTime at, std::int64_t read_calls, std::int64_t write_calls);
  // Every call made at or after `since`, by sync runs and outside them, oldest first: the daemon replays them
  // into the governor's rolling daily budgets at start, so a restart does not forget what was spent.
  Result<std::vector<CallsMade>> calls_since(WallTime since);
  Status finish_sync_run(std::int64_t run_id, SyncOutcome outcome, const SyncCounters& counters,
                         std::string_view error, WallTime now);
  // The last run that finished (whatever its outcome) and the last one that finished ok: the daemon's metrics
  // start from them, so a restart does not hide how long ago the last sync was.
  Result<LastSyncRuns> last_sync_runs();

  // --- read side (pcsyncctl) ---
  Result<StatusSummary> status_summary(WallTime now);
  Result<std::vector<InvitationListItem>> list_invitations(const InvitationFilter& filter);
  Result<std::vector<Task>> list_tasks(const TaskFilter& filter);
  // Everything known about one invitation; nullopt when the id is unknown.
  Result<std::optional<InvitationHistory>> show(std::string_view invitation_id);

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pcs::store
