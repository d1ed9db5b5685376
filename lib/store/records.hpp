#pragma once
// Plain records the store takes and returns. They mirror the Partner Central API's members (snake_case of
// the model's names) but do not depend on lib/partnercentral: the mapping lives with the caller, so the
// database schema can outlive changes in the client code.
//
// Text members hold the API's values as sent (enums included: a new enum value must never break the mirror).
// An empty string means "absent" and is stored as NULL.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace pcs::store {

// One EngagementInvitationSummary (ListEngagementInvitations). GetEngagementInvitation returns the same members
// except ParticipantType; absent members never erase what an earlier call stored.
struct InvitationSummary {
  std::string id;       // Id (required, primary key)
  std::string catalog;  // Catalog (required): "AWS" or "Sandbox"
  std::string arn;
  std::string payload_type;  // PayloadType: OPPORTUNITY_INVITATION
  std::string engagement_id;
  std::string engagement_title;
  std::string status;  // InvitationStatus: PENDING, ACCEPTED, REJECTED, EXPIRED
  std::optional<WallTime> invitation_date;
  std::optional<WallTime> expiration_date;
  std::string sender_aws_account_id;
  std::string sender_company_name;
  std::string receiver_alias;           // Receiver.Account.Alias
  std::string receiver_aws_account_id;  // Receiver.Account.AwsAccountId
  std::string participant_type;         // SENDER or RECEIVER
};

// What GetEngagementInvitation adds and a partner needs to decide. Payload.OpportunityInvitation.SenderContacts
// (names, e-mails, phones, job titles of people) are deliberately absent: see docs/database.md.
struct InvitationDetails {
  std::string customer_industry;      // Customer.Industry
  std::string customer_company_name;  // Customer.CompanyName
  std::string customer_website_url;   // Customer.WebsiteUrl
  std::string customer_country_code;  // Customer.CountryCode
  std::string project_title;          // Project.Title
  std::string project_business_problem;
  std::string project_target_completion_date;       // the model's Date, "YYYY-MM-DD", kept as sent
  std::optional<double> expected_spend_usd_monthly;  // sum of the USD/Monthly ExpectedCustomerSpend amounts
  std::string expected_spend_json;                   // the ExpectedCustomerSpend list as received (JSON)
  std::vector<std::string> receiver_responsibilities;
  std::string invitation_message;
  std::string engagement_description;
  std::string rejection_reason;
};

// One row of the mirror.
struct Invitation {
  InvitationSummary summary;
  std::optional<InvitationDetails> details;  // present once GetEngagementInvitation was stored
  WallTime first_seen{};
  WallTime last_seen{};
  std::optional<WallTime> details_fetched_at;
};

struct UpsertResult {
  std::int64_t seen = 0;
  std::int64_t inserted = 0;  // rows that were not in the mirror before
  std::int64_t changed = 0;   // rows that were, and differed from what was stored (rewritten)
};

enum class DecisionAction { accept, reject };
// recorded -> sent -> done; recorded | sent -> failed | abandoned; done -> failed (its accept task FAILED).
// Dry-run decisions stay recorded: they are never sent.
//   failed:    final; pcsyncd does not decide this invitation again by itself (a retry after a passing task
//              failure is a new decision with the next attempt number).
//   abandoned: not carried out because the situation changed (the rule, the catalog, dry run, or the
//              invitation itself); the current rules decide the invitation afresh.
enum class DecisionState { recorded, sent, done, failed, abandoned };

std::string_view to_string(DecisionAction a);
std::string_view to_string(DecisionState s);
std::optional<DecisionAction> parse_decision_action(std::string_view text);
std::optional<DecisionState> parse_decision_state(std::string_view text);
// The one place the state machine is written down (the database enforces the same with a trigger).
bool decision_transition_allowed(DecisionState from, DecisionState to);

// One key/value pair sent as a task Tag.
struct TagRecord {
  std::string key;
  std::string value;
  bool operator==(const TagRecord&) const = default;
};

// What is recorded before any call, and later sent exactly so: the request is built from these members only.
// The store keeps the request members as given; which operation carries which member is the caller's (lib/sync)
// knowledge, not the store's.
struct NewDecision {
  std::string invitation_id;
  std::string catalog;  // the catalog the request goes to: the invitation's, as listed
  DecisionAction action = DecisionAction::reject;
  std::string rule;    // the rule's name, or "default"
  std::string reason;  // the explanation for the audit trail ("matched rule ...")
  bool dry_run = false;
  int attempt = 1;           // which ClientToken of the invitation (a retry after a failed task is +1)
  std::string client_token;  // the ClientToken sent (empty: the request has none; stored as NULL)
  std::optional<std::vector<TagRecord>> tags;   // the Tags sent (absent: the request has no Tags; NULL)
  std::optional<std::string> rejection_reason;  // the RejectionReason sent (absent: none; NULL)
  // Who decided: empty for the rules; the invoking user for a person's decision (pcsyncctl accept/reject).
  // A person's decision is not re-judged by the rules on recovery: the person overrides them.
  std::string decided_by;
};

struct Decision {
  std::int64_t id = 0;
  std::string invitation_id;
  std::string catalog;  // the catalog the request goes to
  DecisionAction action = DecisionAction::reject;
  std::string rule;
  std::string reason;
  WallTime decided_at{};
  bool dry_run = false;
  int attempt = 1;
  std::string client_token;  // accepts only, committed before the call
  // The request as recorded. `request_known` is false only for decisions recorded before schema v3, whose
  // Tags or RejectionReason were never stored: they are not resent as they are (see the sync recovery).
  bool request_known = true;
  std::vector<TagRecord> tags;
  std::optional<std::string> rejection_reason;
  DecisionState state = DecisionState::recorded;
  std::string error;    // failed or abandoned: why
  std::string task_id;  // accepts, once done: the task the call started
  WallTime updated_at{};
  std::string decided_by;  // empty: the rules; otherwise the person ("alice", "alice via sudo")
};

// An invitation a rule (action: review) left to a person. Recorded once per invitation.
struct Review {
  std::string invitation_id;
  std::string catalog;
  std::string rule;
  std::string reason;
  WallTime requested_at{};
};

enum class TaskKind {
  accept_invitation,            // StartEngagementByAcceptingInvitationTask
  opportunity_from_engagement,  // StartOpportunityFromEngagementTask (mirrored, never started by pcsyncd)
};
std::string_view to_string(TaskKind k);
std::optional<TaskKind> parse_task_kind(std::string_view text);

// A task as Start*Task, Get*Task or List*Tasks reports it. Absent members keep what was stored.
struct Task {
  std::string task_id;  // TaskId (primary key)
  TaskKind kind = TaskKind::accept_invitation;
  std::string catalog;
  std::string task_arn;
  std::string engagement_invitation_id;
  std::string engagement_id;
  std::string context_id;
  std::optional<WallTime> start_time;
  std::string task_status;  // IN_PROGRESS, COMPLETE, FAILED
  std::string message;
  std::string reason_code;
  std::string opportunity_id;
  std::string resource_snapshot_job_id;
  WallTime updated_at{};  // set by the store: the last report that changed the task
};

struct TaskStatusChange {
  std::string task_id;
  std::string task_status;
  std::string message;
  std::string reason_code;
  WallTime observed_at{};
};

struct TaskUpsertResult {
  std::int64_t seen = 0;
  std::int64_t inserted = 0;
  std::int64_t status_changes = 0;  // history rows appended (a new task counts as one)
};

struct UnfinishedTask {
  std::string task_id;
  TaskKind kind = TaskKind::accept_invitation;
  std::string catalog;
};

enum class SyncOutcome { running, ok, partial, failed };
std::string_view to_string(SyncOutcome o);
std::optional<SyncOutcome> parse_sync_outcome(std::string_view text);

struct SyncCounters {
  std::int64_t read_calls = 0;
  std::int64_t write_calls = 0;
  std::int64_t throttled = 0;
  std::int64_t invitations_seen = 0;
  std::int64_t invitations_new = 0;
  std::int64_t invitations_decided = 0;

  SyncCounters& operator+=(const SyncCounters& o) {
    for (auto count : {&SyncCounters::read_calls, &SyncCounters::write_calls, &SyncCounters::throttled,
                       &SyncCounters::invitations_seen, &SyncCounters::invitations_new,
                       &SyncCounters::invitations_decided})
      this->*count += o.*count;
    return *this;
  }
};

struct SyncRun {
  std::int64_t id = 0;
  WallTime started_at{};
  std::optional<WallTime> finished_at;
  SyncOutcome outcome = SyncOutcome::running;
  SyncCounters counters;
  std::string error;
};

// Notifications (the outbox of webhook deliveries).

// A webhook as the store knows it: its name and the events it wants (empty: all). Never its URL.
struct NotificationTarget {
  std::string name;
  std::vector<std::string> events;
};

struct Notification {
  std::int64_t id = 0;
  std::string event;          // review_needed, accepted, rejected, task_failed, decision_failed, expiring, ...
  std::string invitation_id;  // "" for daemon-wide events (degraded, recovered)
  std::string target;         // the webhook's name
  std::string payload;        // JSON object of the facts (never a secret)
  WallTime created_at{};
  int attempts = 0;
  WallTime next_attempt_at{};
  std::optional<WallTime> delivered_at;
  std::optional<WallTime> failed_at;  // gave up: too many attempts or too old
  std::string last_error;
};

// Calls made at one time against the read and write quotas: a sync run's, or a pass outside any run's.
struct CallsMade {
  WallTime at{};
  std::int64_t read_calls = 0;
  std::int64_t write_calls = 0;
};

struct LastSyncRuns {
  std::optional<SyncRun> finished;  // the newest run with an end (ok, partial or failed)
  std::optional<SyncRun> ok;        // the newest run that ended ok
};

// Read side (pcsyncctl).

struct PendingQuery {
  std::string catalog{};            // only invitations of this catalog (empty: any)
  bool dry_run{false};              // in dry-run, invitations already decided in dry-run are not offered again
  std::int64_t limit = 1000;
  // Resume after this key (pending_cursor() of the last invitation of the previous page): a backlog larger
  // than one page is walked page by page instead of offering the same first page every cycle.
  std::string after{};
};

// A SIGHUP: applied, or refused with the reason (pcsyncctl status shows the latest).
struct ConfigReload {
  WallTime at{};
  bool applied = false;
  std::string message;  // applied: what changed; refused: why
};

struct Failure {
  WallTime at{};
  std::string source;   // "decision", "task" or "sync_run"
  std::string subject;  // invitation id, task id or run id
  std::string message;
};

struct StatusSummary {
  std::optional<SyncRun> last_sync;
  std::optional<SyncRun> last_successful_sync;
  std::map<std::string, std::int64_t> invitations_by_status;       // "UNKNOWN" when the API sent none
  std::map<std::string, std::int64_t> decisions_by_action;         // live decisions not failed, one per invitation
  std::map<std::string, std::int64_t> dry_run_decisions_by_action;  // dry-run decisions not failed
  std::int64_t decisions_failed = 0;
  std::int64_t pending_undecided = 0;  // PENDING, not expired, no live decision
  std::int64_t reviews_waiting = 0;    // of those, left to a person by a rule (action: review)
  std::int64_t tasks_in_progress = 0;
  std::int64_t tasks_failed = 0;
  std::vector<Failure> recent_failures;  // newest first, at most 10
  // Calls of the sync runs started in the 24 hours before `now`: what pcsyncd spent of the daily quotas.
  std::int64_t read_calls_24h = 0;
  std::int64_t write_calls_24h = 0;
  std::int64_t throttled_24h = 0;
  std::optional<ConfigReload> last_reload;
  std::int64_t decisions_abandoned = 0;  // live decisions not carried out because the situation changed
};

// "The decision" of an invitation is its latest live (not dry-run) decision.
// review: waiting for a person (a review row, PENDING, unexpired, no live decision), soonest expiry first.
enum class DecisionFilter { any, undecided, accept, reject, review };

struct InvitationFilter {
  std::optional<std::string> status{};
  DecisionFilter decision = DecisionFilter::any;
  std::int64_t limit = 100;
  WallTime now{};  // review: what "unexpired" is measured against
};

struct InvitationListItem {
  Invitation invitation;
  std::optional<Decision> decision;        // latest live decision
  std::optional<std::string> task_id;      // latest task started for this invitation
  std::optional<std::string> task_status{};
  std::optional<Review> review{};           // set when a rule sent it to review
};

struct TaskFilter {
  std::optional<std::string> task_status{};
  std::optional<TaskKind> kind{};
  std::int64_t limit = 100;
};

struct InvitationHistory {
  Invitation invitation;
  std::optional<Review> review;     // a rule left it to a person
  std::vector<Decision> decisions;  // oldest first, dry runs included
  std::vector<Task> tasks;
  std::vector<TaskStatusChange> status_history;  // of those tasks, oldest first
};

}  // namespace pcs::store
