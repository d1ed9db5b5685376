#include "store/schema.hpp"

#include <array>

namespace pcs::store {
namespace {

// v1: tables and indices. Times are ISO 8601 UTC text ("2024-05-01T12:34:56Z") so they sort and read well.
constexpr const char* kV1 = R"sql(
CREATE TABLE invitations (
  id                             TEXT PRIMARY KEY CHECK (length(id) > 0),
  catalog                        TEXT NOT NULL CHECK (length(catalog) > 0),
  arn                            TEXT,
  payload_type                   TEXT,
  engagement_id                  TEXT,
  engagement_title               TEXT,
  status                         TEXT,
  invitation_date                TEXT,
  expiration_date                TEXT,
  sender_aws_account_id          TEXT,
  sender_company_name            TEXT,
  receiver_alias                 TEXT,
  receiver_aws_account_id        TEXT,
  participant_type               TEXT,
  customer_industry              TEXT,
  customer_company_name          TEXT,
  customer_website_url           TEXT,
  customer_country_code          TEXT,
  project_title                  TEXT,
  project_business_problem       TEXT,
  project_target_completion_date TEXT,
  expected_spend_usd_monthly     REAL,
  expected_spend_json            TEXT,
  receiver_responsibilities      TEXT,
  invitation_message             TEXT,
  engagement_description         TEXT,
  rejection_reason               TEXT,
  first_seen                     TEXT NOT NULL,
  last_seen                      TEXT NOT NULL,
  details_fetched_at             TEXT
);
CREATE INDEX idx_invitations_status ON invitations(status);
-- Serves "PENDING and not expired" (pending undecided); the "no decision" half is a NOT EXISTS probe on
-- idx_decisions_invitation, so no denormalised decided flag has to be kept consistent.
CREATE INDEX idx_invitations_status_expiration ON invitations(status, expiration_date);
CREATE INDEX idx_invitations_expiration ON invitations(expiration_date);

CREATE TABLE decisions (
  id            INTEGER PRIMARY KEY,
  invitation_id TEXT NOT NULL REFERENCES invitations(id),
  action        TEXT NOT NULL CHECK (action IN ('accept', 'reject')),
  rule          TEXT NOT NULL,
  reason        TEXT NOT NULL DEFAULT '',
  decided_at    TEXT NOT NULL,
  dry_run       INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  client_token  TEXT CHECK (client_token IS NULL OR length(client_token) BETWEEN 1 AND 64),
  state         TEXT NOT NULL CHECK (state IN ('recorded', 'sent', 'done', 'failed')),
  error         TEXT,
  updated_at    TEXT NOT NULL
);
CREATE INDEX idx_decisions_invitation ON decisions(invitation_id, dry_run, state);
-- At most one decision in flight or done per invitation and mode; a failed one may be followed by another.
CREATE UNIQUE INDEX uq_decisions_active ON decisions(invitation_id, dry_run) WHERE state <> 'failed';
CREATE TRIGGER decisions_append_only BEFORE DELETE ON decisions
BEGIN
  SELECT RAISE(ABORT, 'decisions are an append-only audit trail');
END;
CREATE TRIGGER decisions_immutable
BEFORE UPDATE OF id, invitation_id, action, rule, reason, decided_at, dry_run, client_token ON decisions
BEGIN
  SELECT RAISE(ABORT, 'a recorded decision cannot be rewritten; record a new one');
END;
CREATE TRIGGER decisions_state_machine BEFORE UPDATE OF state ON decisions
WHEN NOT ((OLD.state = 'recorded' AND NEW.state IN ('sent', 'failed'))
       OR (OLD.state = 'sent' AND NEW.state IN ('sent', 'done', 'failed')))
BEGIN
  SELECT RAISE(ABORT, 'invalid decision state transition');
END;

CREATE TABLE tasks (
  task_id                  TEXT PRIMARY KEY CHECK (length(task_id) > 0),
  kind                     TEXT NOT NULL CHECK (kind IN ('accept_invitation', 'from_opportunity')),
  catalog                  TEXT,
  task_arn                 TEXT,
  engagement_invitation_id TEXT,
  engagement_id            TEXT,
  context_id               TEXT,
  start_time               TEXT,
  task_status              TEXT,
  message                  TEXT,
  reason_code              TEXT,
  opportunity_id           TEXT,
  resource_snapshot_job_id TEXT,
  first_seen               TEXT NOT NULL,
  updated_at               TEXT NOT NULL
);
CREATE INDEX idx_tasks_status ON tasks(task_status);
CREATE INDEX idx_tasks_invitation ON tasks(engagement_invitation_id);

CREATE TABLE task_status_history (
  id          INTEGER PRIMARY KEY,
  task_id     TEXT NOT NULL REFERENCES tasks(task_id),
  task_status TEXT,
  message     TEXT,
  reason_code TEXT,
  observed_at TEXT NOT NULL
);
CREATE INDEX idx_task_status_history_task ON task_status_history(task_id, id);

CREATE TABLE sync_runs (
  id                  INTEGER PRIMARY KEY,
  started_at          TEXT NOT NULL,
  finished_at         TEXT,
  outcome             TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'partial', 'failed')),
  read_calls          INTEGER NOT NULL DEFAULT 0,
  write_calls         INTEGER NOT NULL DEFAULT 0,
  throttled           INTEGER NOT NULL DEFAULT 0,
  invitations_seen    INTEGER NOT NULL DEFAULT 0,
  invitations_new     INTEGER NOT NULL DEFAULT 0,
  invitations_decided INTEGER NOT NULL DEFAULT 0,
  error               TEXT
);
CREATE INDEX idx_sync_runs_outcome ON sync_runs(outcome, id);
)sql";

// v2: the stable views for partners' own tools, columns named after the API's members.
constexpr const char* kV2 = R"sql(
CREATE VIEW v_decisions AS
SELECT d.id            AS DecisionId,
       d.invitation_id AS EngagementInvitationId,
       i.catalog       AS Catalog,
       d.action        AS Action,
       d.rule          AS Rule,
       d.reason        AS Reason,
       d.decided_at    AS DecidedAt,
       d.dry_run       AS DryRun,
       d.client_token  AS ClientToken,
       d.state         AS State,
       d.error         AS Error,
       d.updated_at    AS UpdatedAt
FROM decisions d JOIN invitations i ON i.id = d.invitation_id;

CREATE VIEW v_tasks AS
SELECT task_id                  AS TaskId,
       task_arn                 AS TaskArn,
       kind                     AS Kind,
       catalog                  AS Catalog,
       engagement_invitation_id AS EngagementInvitationId,
       engagement_id            AS EngagementId,
       context_id               AS ContextId,
       start_time               AS StartTime,
       task_status              AS TaskStatus,
       message                  AS Message,
       reason_code              AS ReasonCode,
       opportunity_id           AS OpportunityId,
       resource_snapshot_job_id AS ResourceSnapshotJobId,
       first_seen               AS FirstSeen,
       updated_at               AS UpdatedAt
FROM tasks;

CREATE VIEW v_sync_runs AS
SELECT id                  AS RunId,
       started_at          AS StartedAt,
       finished_at         AS FinishedAt,
       outcome             AS Outcome,
       read_calls          AS ReadCalls,
       write_calls         AS WriteCalls,
       throttled           AS Throttled,
       invitations_seen    AS InvitationsSeen,
       invitations_new     AS InvitationsNew,
       invitations_decided AS InvitationsDecided,
       error               AS Error
FROM sync_runs;

CREATE VIEW v_invitations AS
SELECT i.id                             AS Id,
       i.arn                            AS Arn,
       i.catalog                        AS Catalog,
       i.payload_type                   AS PayloadType,
       i.engagement_id                  AS EngagementId,
       i.engagement_title               AS EngagementTitle,
       i.status                         AS Status,
       i.invitation_date                AS InvitationDate,
       i.expiration_date                AS ExpirationDate,
       i.sender_aws_account_id          AS SenderAwsAccountId,
       i.sender_company_name            AS SenderCompanyName,
       i.receiver_alias                 AS ReceiverAlias,
       i.receiver_aws_account_id        AS ReceiverAwsAccountId,
       i.participant_type               AS ParticipantType,
       i.customer_industry              AS CustomerIndustry,
       i.customer_company_name          AS CustomerCompanyName,
       i.customer_website_url           AS CustomerWebsiteUrl,
       i.customer_country_code          AS CustomerCountryCode,
       i.project_title                  AS ProjectTitle,
       i.project_business_problem       AS ProjectBusinessProblem,
       i.project_target_completion_date AS ProjectTargetCompletionDate,
       i.expected_spend_usd_monthly     AS ExpectedSpendUsdMonthly,
       i.receiver_responsibilities      AS ReceiverResponsibilities,
       i.invitation_message             AS InvitationMessage,
       i.engagement_description         AS EngagementDescription,
       i.rejection_reason               AS RejectionReason,
       d.action                         AS Decision,
       d.state                          AS DecisionState,
       d.rule                           AS Rule,
       d.reason                         AS Reason,
       d.decided_at                     AS DecidedAt,
       t.task_id                        AS TaskId,
       t.task_status                    AS TaskStatus,
       t.opportunity_id                 AS OpportunityId,
       t.reason_code                    AS ReasonCode,
       i.first_seen                     AS FirstSeen,
       i.last_seen                      AS LastSeen,
       i.details_fetched_at             AS DetailsFetchedAt
FROM invitations i
LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE invitation_id = i.id AND dry_run = 0)
LEFT JOIN tasks t ON t.task_id = (SELECT task_id FROM tasks WHERE engagement_invitation_id = i.id
                                  ORDER BY start_time DESC, updated_at DESC LIMIT 1);
)sql";

// v3: a decision holds exactly what is sent (catalog, attempt, Tags, RejectionReason) and the task it started,
// and may be abandoned; tasks of the other kind are named after their operation; reloads are recorded.
// SQLite cannot change a CHECK constraint in place, so decisions and tasks are rebuilt (the views that read
// them first dropped, then created again). Decisions from v2 keep request_known = 0: their Tags or
// RejectionReason were taken from the config at send time and never stored.
constexpr const char* kV3 = R"sql(
DROP VIEW v_invitations;
DROP VIEW v_decisions;
DROP VIEW v_tasks;

CREATE TABLE decisions_v3 (
  id               INTEGER PRIMARY KEY,
  invitation_id    TEXT NOT NULL REFERENCES invitations(id),
  catalog          TEXT NOT NULL CHECK (length(catalog) > 0),
  action           TEXT NOT NULL CHECK (action IN ('accept', 'reject')),
  rule             TEXT NOT NULL,
  reason           TEXT NOT NULL DEFAULT '',
  decided_at       TEXT NOT NULL,
  dry_run          INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  attempt          INTEGER NOT NULL DEFAULT 1 CHECK (attempt BETWEEN 1 AND 100),
  client_token     TEXT CHECK (client_token IS NULL OR length(client_token) BETWEEN 1 AND 64),
  request_known    INTEGER NOT NULL DEFAULT 1 CHECK (request_known IN (0, 1)),
  tags             TEXT,
  rejection_reason TEXT,
  state            TEXT NOT NULL CHECK (state IN ('recorded', 'sent', 'done', 'failed', 'abandoned')),
  error            TEXT,
  task_id          TEXT,
  updated_at       TEXT NOT NULL
);
INSERT INTO decisions_v3 (id, invitation_id, catalog, action, rule, reason, decided_at, dry_run, attempt,
                          client_token, request_known, tags, rejection_reason, state, error, task_id, updated_at)
SELECT d.id, d.invitation_id, i.catalog, d.action, d.rule, d.reason, d.decided_at, d.dry_run, 1,
       d.client_token, 0, NULL, NULL, d.state, d.error,
       CASE WHEN d.action = 'accept' AND d.state = 'done' THEN
         (SELECT t.task_id FROM tasks t WHERE t.engagement_invitation_id = d.invitation_id
          AND t.kind = 'accept_invitation' ORDER BY t.start_time DESC LIMIT 1) END,
       d.updated_at
FROM decisions d JOIN invitations i ON i.id = d.invitation_id;
DROP TABLE decisions;
ALTER TABLE decisions_v3 RENAME TO decisions;
CREATE INDEX idx_decisions_invitation ON decisions(invitation_id, dry_run, state);
CREATE INDEX idx_decisions_task ON decisions(task_id) WHERE task_id IS NOT NULL;
-- At most one decision in flight or done per invitation and mode; a failed or abandoned one may be followed.
CREATE UNIQUE INDEX uq_decisions_active ON decisions(invitation_id, dry_run) WHERE state NOT IN ('failed', 'abandoned');
CREATE TRIGGER decisions_append_only BEFORE DELETE ON decisions
BEGIN
  SELECT RAISE(ABORT, 'decisions are an append-only audit trail');
END;
CREATE TRIGGER decisions_immutable
BEFORE UPDATE OF id, invitation_id, catalog, action, rule, reason, decided_at, dry_run, attempt, client_token,
                 request_known, tags, rejection_reason ON decisions
BEGIN
  SELECT RAISE(ABORT, 'a recorded decision cannot be rewritten; record a new one');
END;
CREATE TRIGGER decisions_state_machine BEFORE UPDATE OF state ON decisions
WHEN NOT ((OLD.state = 'recorded' AND NEW.state IN ('sent', 'failed', 'abandoned'))
       OR (OLD.state = 'sent' AND NEW.state IN ('sent', 'done', 'failed', 'abandoned'))
       OR (OLD.state = 'done' AND NEW.state = 'failed'))
BEGIN
  SELECT RAISE(ABORT, 'invalid decision state transition');
END;

-- task_status_history refers to tasks: rebuilt with it, child first, so no foreign key is left dangling.
CREATE TABLE tasks_v3 (
  task_id                  TEXT PRIMARY KEY CHECK (length(task_id) > 0),
  kind                     TEXT NOT NULL CHECK (kind IN ('accept_invitation', 'opportunity_from_engagement')),
  catalog                  TEXT,
  task_arn                 TEXT,
  engagement_invitation_id TEXT,
  engagement_id            TEXT,
  context_id               TEXT,
  start_time               TEXT,
  task_status              TEXT,
  message                  TEXT,
  reason_code              TEXT,
  opportunity_id           TEXT,
  resource_snapshot_job_id TEXT,
  first_seen               TEXT NOT NULL,
  updated_at               TEXT NOT NULL
);
INSERT INTO tasks_v3 SELECT task_id,
       CASE kind WHEN 'from_opportunity' THEN 'opportunity_from_engagement' ELSE kind END,
       catalog, task_arn, engagement_invitation_id, engagement_id, context_id, start_time, task_status, message,
       reason_code, opportunity_id, resource_snapshot_job_id, first_seen, updated_at FROM tasks;
CREATE TABLE task_status_history_v3 (
  id          INTEGER PRIMARY KEY,
  task_id     TEXT NOT NULL REFERENCES tasks(task_id),
  task_status TEXT,
  message     TEXT,
  reason_code TEXT,
  observed_at TEXT NOT NULL
);
INSERT INTO task_status_history_v3 SELECT id, task_id, task_status, message, reason_code, observed_at
FROM task_status_history;
DROP TABLE task_status_history;
DROP TABLE tasks;
ALTER TABLE tasks_v3 RENAME TO tasks;
ALTER TABLE task_status_history_v3 RENAME TO task_status_history;
CREATE INDEX idx_tasks_status ON tasks(task_status);
CREATE INDEX idx_tasks_invitation ON tasks(engagement_invitation_id);
CREATE INDEX idx_task_status_history_task ON task_status_history(task_id, id);

CREATE TABLE config_reloads (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
  message TEXT NOT NULL DEFAULT ''
);

CREATE VIEW v_decisions AS
SELECT d.id               AS DecisionId,
       d.invitation_id    AS EngagementInvitationId,
       d.catalog          AS Catalog,
       d.action           AS Action,
       d.rule             AS Rule,
       d.reason           AS Reason,
       d.decided_at       AS DecidedAt,
       d.dry_run          AS DryRun,
       d.client_token     AS ClientToken,
       d.state            AS State,
       d.error            AS Error,
       d.updated_at       AS UpdatedAt,
       d.attempt          AS Attempt,
       d.tags             AS Tags,
       d.rejection_reason AS RejectionReason,
       d.task_id          AS TaskId
FROM decisions d;

CREATE VIEW v_tasks AS
SELECT task_id                  AS TaskId,
       task_arn                 AS TaskArn,
       kind                     AS Kind,
       catalog                  AS Catalog,
       engagement_invitation_id AS EngagementInvitationId,
       engagement_id            AS EngagementId,
       context_id               AS ContextId,
       start_time               AS StartTime,
       task_status              AS TaskStatus,
       message                  AS Message,
       reason_code              AS ReasonCode,
       opportunity_id           AS OpportunityId,
       resource_snapshot_job_id AS ResourceSnapshotJobId,
       first_seen               AS FirstSeen,
       updated_at               AS UpdatedAt
FROM tasks;

CREATE VIEW v_invitations AS
SELECT i.id                             AS Id,
       i.arn                            AS Arn,
       i.catalog                        AS Catalog,
       i.payload_type                   AS PayloadType,
       i.engagement_id                  AS EngagementId,
       i.engagement_title               AS EngagementTitle,
       i.status                         AS Status,
       i.invitation_date                AS InvitationDate,
       i.expiration_date                AS ExpirationDate,
       i.sender_aws_account_id          AS SenderAwsAccountId,
       i.sender_company_name            AS SenderCompanyName,
       i.receiver_alias                 AS ReceiverAlias,
       i.receiver_aws_account_id        AS ReceiverAwsAccountId,
       i.participant_type               AS ParticipantType,
       i.customer_industry              AS CustomerIndustry,
       i.customer_company_name          AS CustomerCompanyName,
       i.customer_website_url           AS CustomerWebsiteUrl,
       i.customer_country_code          AS CustomerCountryCode,
       i.project_title                  AS ProjectTitle,
       i.project_business_problem       AS ProjectBusinessProblem,
       i.project_target_completion_date AS ProjectTargetCompletionDate,
       i.expected_spend_usd_monthly     AS ExpectedSpendUsdMonthly,
       i.receiver_responsibilities      AS ReceiverResponsibilities,
       i.invitation_message             AS InvitationMessage,
       i.engagement_description         AS EngagementDescription,
       i.rejection_reason               AS RejectionReason,
       d.action                         AS Decision,
       d.state                          AS DecisionState,
       d.rule                           AS Rule,
       d.reason                         AS Reason,
       d.decided_at                     AS DecidedAt,
       t.task_id                        AS TaskId,
       t.task_status                    AS TaskStatus,
       t.opportunity_id                 AS OpportunityId,
       t.reason_code                    AS ReasonCode,
       i.first_seen                     AS FirstSeen,
       i.last_seen                      AS LastSeen,
       i.details_fetched_at             AS DetailsFetchedAt
FROM invitations i
LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE invitation_id = i.id AND dry_run = 0)
LEFT JOIN tasks t ON t.task_id = (SELECT task_id FROM tasks WHERE engagement_invitation_id = i.id
                                  ORDER BY start_time DESC, updated_at DESC LIMIT 1);
)sql";

// v4: cheaper to write and no larger than needed. A listing rewrites only the rows whose content changed, so an
// unchanged row keeps the last_seen of its last change; a listing that returned every row of its scope records
// that once, in listing_coverage, and v_invitations' LastSeen is the later of the two. A row that such a listing
// did not return is marked unlisted_since (its LastSeen then stays what it was), until a listing returns it again.
// Indexes: idx_invitations_status was a prefix of idx_invitations_status_expiration and
// idx_invitations_expiration served no query; all three go. Two partial indexes split the rows instead, so each
// row is in exactly one of them (one index write per row besides the primary key): the PENDING ones in the
// pending walk's order (soonest expiry first, never-expiring last, then id: each page a seek, not a sort), and
// the settled ones by status. Together they count a catalog's rows by status without reading the table.
constexpr const char* kV4 = R"sql(
DROP VIEW v_invitations;
DROP INDEX idx_invitations_status;
DROP INDEX idx_invitations_expiration;
DROP INDEX idx_invitations_status_expiration;
ALTER TABLE invitations ADD COLUMN unlisted_since TEXT;
CREATE INDEX idx_invitations_settled ON invitations(catalog, status) WHERE status IS NOT 'PENDING';
CREATE INDEX idx_invitations_pending
  ON invitations(catalog, coalesce(expiration_date, '9999-12-31T23:59:59Z'), id) WHERE status = 'PENDING';
CREATE INDEX idx_invitations_unlisted ON invitations(catalog) WHERE unlisted_since IS NOT NULL;

CREATE TABLE listing_coverage (
  catalog   TEXT NOT NULL,
  scope     TEXT NOT NULL,  -- '' every status, else the one status listed
  listed_at TEXT NOT NULL,  -- when that listing started
  PRIMARY KEY (catalog, scope)
) WITHOUT ROWID;

CREATE VIEW v_invitations AS
SELECT i.id                             AS Id,
       i.arn                            AS Arn,
       i.catalog                        AS Catalog,
       i.payload_type                   AS PayloadType,
       i.engagement_id                  AS EngagementId,
       i.engagement_title               AS EngagementTitle,
       i.status                         AS Status,
       i.invitation_date                AS InvitationDate,
       i.expiration_date                AS ExpirationDate,
       i.sender_aws_account_id          AS SenderAwsAccountId,
       i.sender_company_name            AS SenderCompanyName,
       i.receiver_alias                 AS ReceiverAlias,
       i.receiver_aws_account_id        AS ReceiverAwsAccountId,
       i.participant_type               AS ParticipantType,
       i.customer_industry              AS CustomerIndustry,
       i.customer_company_name          AS CustomerCompanyName,
       i.customer_website_url           AS CustomerWebsiteUrl,
       i.customer_country_code          AS CustomerCountryCode,
       i.project_title                  AS ProjectTitle,
       i.project_business_problem       AS ProjectBusinessProblem,
       i.project_target_completion_date AS ProjectTargetCompletionDate,
       i.expected_spend_usd_monthly     AS ExpectedSpendUsdMonthly,
       i.receiver_responsibilities      AS ReceiverResponsibilities,
       i.invitation_message             AS InvitationMessage,
       i.engagement_description         AS EngagementDescription,
       i.rejection_reason               AS RejectionReason,
       d.action                         AS Decision,
       d.state                          AS DecisionState,
       d.rule                           AS Rule,
       d.reason                         AS Reason,
       d.decided_at                     AS DecidedAt,
       t.task_id                        AS TaskId,
       t.task_status                    AS TaskStatus,
       t.opportunity_id                 AS OpportunityId,
       t.reason_code                    AS ReasonCode,
       i.first_seen                     AS FirstSeen,
       CASE WHEN i.unlisted_since IS NOT NULL THEN i.last_seen
            ELSE max(i.last_seen, coalesce((SELECT max(c.listed_at) FROM listing_coverage c
                                            WHERE c.catalog = i.catalog AND (c.scope = '' OR c.scope = i.status)),
                                           '')) END AS LastSeen,
       i.details_fetched_at             AS DetailsFetchedAt
FROM invitations i
LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE invitation_id = i.id AND dry_run = 0)
LEFT JOIN tasks t ON t.task_id = (SELECT task_id FROM tasks WHERE engagement_invitation_id = i.id
                                  ORDER BY start_time DESC, updated_at DESC LIMIT 1);
)sql";

// v5 (issue 10): a person decides what the rules leave open. Touches only the decisions' audit columns, a new
// reviews table and v_decisions, so it stays independent of v4's invitation indexes and v_invitations.
constexpr const char* kV5 = R"sql(
-- Who decided: NULL for the rules, the invoking user for pcsyncctl accept/reject ("alice via sudo").
ALTER TABLE decisions ADD COLUMN decided_by TEXT CHECK (decided_by IS NULL OR length(decided_by) BETWEEN 1 AND 200);
DROP TRIGGER decisions_immutable;
CREATE TRIGGER decisions_immutable
BEFORE UPDATE OF id, invitation_id, catalog, action, rule, reason, decided_at, dry_run, attempt, client_token,
                 request_known, tags, rejection_reason, decided_by ON decisions
BEGIN
  SELECT RAISE(ABORT, 'a recorded decision cannot be rewritten; record a new one');
END;

-- Invitations a rule (action: review) left to a person: recorded once, so the notification goes out once.
-- Waiting = a row here, the invitation PENDING and unexpired, and no live decision.
CREATE TABLE reviews (
  invitation_id TEXT PRIMARY KEY REFERENCES invitations(id),
  catalog       TEXT NOT NULL,
  rule          TEXT NOT NULL,
  reason        TEXT NOT NULL DEFAULT '',
  requested_at  TEXT NOT NULL
);
CREATE TRIGGER reviews_append_only BEFORE DELETE ON reviews
BEGIN
  SELECT RAISE(ABORT, 'reviews are part of the audit trail');
END;

DROP VIEW v_decisions;
CREATE VIEW v_decisions AS
SELECT d.id               AS DecisionId,
       d.invitation_id    AS EngagementInvitationId,
       d.catalog          AS Catalog,
       d.action           AS Action,
       d.rule             AS Rule,
       d.reason           AS Reason,
       d.decided_at       AS DecidedAt,
       d.dry_run          AS DryRun,
       d.client_token     AS ClientToken,
       d.state            AS State,
       d.error            AS Error,
       d.updated_at       AS UpdatedAt,
       d.attempt          AS Attempt,
       d.tags             AS Tags,
       d.rejection_reason AS RejectionReason,
       d.task_id          AS TaskId,
       d.decided_by       AS DecidedBy
FROM decisions d;

-- Notifications (the outbox): one row per event and webhook, written in the transaction of the change that
-- causes it, so none is lost and none is sent for a change that was rolled back. The webhook is named, never
-- its URL (a Slack URL is a credential; it stays in the configuration).
CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  event           TEXT NOT NULL,
  invitation_id   TEXT,
  target          TEXT NOT NULL,
  payload         TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL,
  delivered_at    TEXT,
  failed_at       TEXT,
  last_error      TEXT
);
CREATE INDEX idx_notifications_due ON notifications(next_attempt_at)
  WHERE delivered_at IS NULL AND failed_at IS NULL;
-- Invitations announced as expiring soon: once each.
CREATE TABLE expiry_warnings (
  invitation_id TEXT PRIMARY KEY REFERENCES invitations(id),
  warned_at     TEXT NOT NULL
);

CREATE VIEW v_reviews AS
SELECT r.invitation_id AS EngagementInvitationId,
       r.catalog       AS Catalog,
       r.rule          AS Rule,
       r.reason        AS Reason,
       r.requested_at  AS RequestedAt
FROM reviews r;
)sql";

// v6: the daemon's health as last announced, so that a restart during an outage does not announce it again.
constexpr const char* kV6 = R"sql(
CREATE TABLE daemon_health (
  id         INTEGER PRIMARY KEY CHECK (id = 1),  -- one row
  state      TEXT NOT NULL CHECK (state IN ('degraded', 'recovered')),
  reason     TEXT NOT NULL DEFAULT '',
  changed_at TEXT NOT NULL
);
)sql";

// v7: the calls a pass that is not a sync run made (a person's decision carried out at once), so that the rolling
// daily budgets replayed at start count them too. Rows older than two days go as new ones are written.
constexpr const char* kV7 = R"sql(
CREATE TABLE calls_outside_runs (
  made_at     TEXT NOT NULL,
  read_calls  INTEGER NOT NULL DEFAULT 0 CHECK (read_calls >= 0),
  write_calls INTEGER NOT NULL DEFAULT 0 CHECK (write_calls >= 0)
);
CREATE INDEX idx_calls_outside_runs_made_at ON calls_outside_runs(made_at);
)sql";

// v8: a listing writes many rows per statement (store_invitations.cpp). SQLite gives such a statement a
// statement journal (a copy of every page it changes, spilled to a temporary file past 64 KiB: as many bytes as
// the rows it writes) whenever it may stop halfway with ABORT: a CHECK that calls a function (length()), or a
// NOT NULL or CHECK column its DO UPDATE writes. So invitations is rebuilt with CHECKs that call no function
// (id <> '' is length(id) > 0 for text) and last_seen, which every insert and rewrite sets, without NOT NULL;
// the listing no longer rewrites catalog, which never changes for an id. Same columns, rows and rowids.
// idx_invitations_pending gains `status` at the end: always 'PENDING' there, but SQLite 3.40 does not infer that
// from the index's WHERE, so counting a catalog's PENDING rows (every complete listing does) read the table for
// each row (6 ms per 100,000; 0.5 ms from the index alone). v_invitations names the table, so the swap runs
// with legacy_alter_table: the new table takes the old one's name without SQLite first checking the view
// against the table the DROP just removed (the migrator sets it back OFF even when this fails halfway). It needs
// free disk for a second copy of the table while it runs, and the file keeps the old table's pages afterwards,
// free for later writes (VACUUM gives them back).
constexpr const char* kV8 = R"sql(
CREATE TABLE invitations_v8 (
  id                             TEXT PRIMARY KEY CHECK (id <> ''),
  catalog                        TEXT NOT NULL CHECK (catalog <> ''),
  arn                            TEXT,
  payload_type                   TEXT,
  engagement_id                  TEXT,
  engagement_title               TEXT,
  status                         TEXT,
  invitation_date                TEXT,
  expiration_date                TEXT,
  sender_aws_account_id          TEXT,
  sender_company_name            TEXT,
  receiver_alias                 TEXT,
  receiver_aws_account_id        TEXT,
  participant_type               TEXT,
  customer_industry              TEXT,
  customer_company_name          TEXT,
  customer_website_url           TEXT,
  customer_country_code          TEXT,
  project_title                  TEXT,
  project_business_problem       TEXT,
  project_target_completion_date TEXT,
  expected_spend_usd_monthly     REAL,
  expected_spend_json            TEXT,
  receiver_responsibilities      TEXT,
  invitation_message             TEXT,
  engagement_description         TEXT,
  rejection_reason               TEXT,
  first_seen                     TEXT NOT NULL,
  last_seen                      TEXT,
  details_fetched_at             TEXT,
  unlisted_since                 TEXT
);
INSERT INTO invitations_v8 (rowid, id, catalog, arn, payload_type, engagement_id, engagement_title, status,
  invitation_date, expiration_date, sender_aws_account_id, sender_company_name, receiver_alias,
  receiver_aws_account_id, participant_type, customer_industry, customer_company_name, customer_website_url,
  customer_country_code, project_title, project_business_problem, project_target_completion_date,
  expected_spend_usd_monthly, expected_spend_json, receiver_responsibilities, invitation_message,
  engagement_description, rejection_reason, first_seen, last_seen, details_fetched_at, unlisted_since)
SELECT rowid, id, catalog, arn, payload_type, engagement_id, engagement_title, status,
  invitation_date, expiration_date, sender_aws_account_id, sender_company_name, receiver_alias,
  receiver_aws_account_id, participant_type, customer_industry, customer_company_name, customer_website_url,
  customer_country_code, project_title, project_business_problem, project_target_completion_date,
  expected_spend_usd_monthly, expected_spend_json, receiver_responsibilities, invitation_message,
  engagement_description, rejection_reason, first_seen, last_seen, details_fetched_at, unlisted_since
FROM invitations;
PRAGMA legacy_alter_table = ON;
DROP TABLE invitations;
ALTER TABLE invitations_v8 RENAME TO invitations;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX idx_invitations_settled ON invitations(catalog, status) WHERE status IS NOT 'PENDING';
CREATE INDEX idx_invitations_pending
  ON invitations(catalog, coalesce(expiration_date, '9999-12-31T23:59:59Z'), id, status) WHERE status = 'PENDING';
CREATE INDEX idx_invitations_unlisted ON invitations(catalog) WHERE unlisted_since IS NOT NULL;
)sql";

constexpr std::array<Migration, 8> kMigrations{{
    {1, "tables and indices", kV1},
    {2, "stable views v_invitations, v_decisions, v_tasks, v_sync_runs", kV2},
    {3, "decisions hold the request sent, attempts, abandoned state; task kind names; config reloads", kV3},
    {4, "unchanged rows are not rewritten (listing coverage, LastSeen), leaner invitation indexes", kV4},
    {5, "who decided (decisions.decided_by), reviews waiting for a person, v_reviews, the notification outbox",
     kV5},
    {6, "the daemon's health as last announced (daemon_health)", kV6},
    {7, "calls made outside sync runs, for the daily budgets' replay (calls_outside_runs)", kV7},
    {8, "invitations rebuilt so that a statement writing many rows needs no statement journal", kV8},
}};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

}  // namespace pcs::store
