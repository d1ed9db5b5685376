// Store: the decision audit trail and the exactly-once bookkeeping of accepts.

#include <optional>
#include <string>
#include <utility>

#include "store/store.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {
namespace {

std::optional<Decision> find_decision(Store::Impl& impl, std::int64_t id) {
  static const std::string sql = decisions_where("d.id = :id");
  Query q(impl, sql.c_str());
  q->bind(":id", id);
  return next_decision(q);
}

// Inside the caller's write transaction: the outbox rows of a live decision's change (accepted, rejected,
// task_failed, decision_failed).
void announce(Store::Impl& impl, const Decision& before, DecisionState to, WallTime now) {
  if (before.dry_run) return;
  std::string_view event;
  if (to == DecisionState::done) event = before.action == DecisionAction::accept ? "accepted" : "rejected";
  else if (to == DecisionState::failed) event = before.state == DecisionState::done ? "task_failed" : "decision_failed";
  else return;
  if (!event_wanted(impl, event)) return;
  auto after = find_decision(impl, before.id);
  if (!after) return;
  enqueue_event(impl, event, after->invitation_id, invitation_payload(impl, event, after->invitation_id, &*after, now),
                now);
}

// Inside the caller's write transaction.
Status move_decision(Store::Impl& impl, std::int64_t id, DecisionState to, std::string_view error,
                     std::string_view task_id, WallTime now) {
  auto current = find_decision(impl, id);
  if (!current)
    return make_error(ErrorKind::not_found, "StoreNoSuchDecision",
                      "decision " + std::to_string(id) + " is not in database " + impl.path +
                          "; this is a bug in pcsyncd: report it");
  // A dry-run decision is never sent, so it never moves; it may only be abandoned (never happens today).
  if (current->dry_run && to != DecisionState::abandoned)
    return make_error(ErrorKind::validation, "StoreDryRunDecision",
                      "decision " + std::to_string(id) + " was a dry run and is never sent; this is a bug in pcsyncd");
  if (!decision_transition_allowed(current->state, to))
    return make_error(ErrorKind::conflict, "StoreDecisionState",
                      "decision " + std::to_string(id) + " for invitation " + current->invitation_id + " is " +
                          std::string(to_string(current->state)) + " and cannot become " +
                          std::string(to_string(to)) + "; this is a bug in pcsyncd: report it");
  Query q(impl,
          "UPDATE decisions SET state = :state, error = :error, task_id = coalesce(:task, task_id), "
          "updated_at = :now WHERE id = :id");
  q->bind(":state", std::string(to_string(to)));
  // Bounded: an error text is a one-line Error::describe(), never a response body.
  bind_text(*q, ":error", std::string(error.substr(0, 2000)));
  bind_text(*q, ":task", std::string(task_id));
  q->bind(":now", time_text(now));
  q->bind(":id", id);
  q->exec();
  announce(impl, *current, to, now);
  return Ok{};
}

// Inside the caller's write transaction.
Result<Decision> insert_decision(Store::Impl& impl, const NewDecision& nd, WallTime now) {
  if (nd.catalog.empty() || nd.attempt < 1)
    return make_error(ErrorKind::validation, "StoreIncompleteDecision",
                      "decision for invitation " + nd.invitation_id +
                          " lacks its catalog or attempt; this is a bug in pcsyncd: report it");
  if (auto listed = require_invitation(impl, nd.invitation_id, "it must be listed before it is decided"); !listed)
    return listed.error();
  {
    Query q(impl,
            "SELECT id, action, state, coalesce(decided_by, 'rule ' || rule), decided_at FROM decisions "
            "WHERE invitation_id = :id AND dry_run = :dry_run AND state NOT IN ('failed', 'abandoned')");
    q->bind(":id", nd.invitation_id);
    q->bind(":dry_run", nd.dry_run ? 1 : 0);
    if (q->executeStep())
      return make_error(ErrorKind::conflict, "StoreAlreadyDecided",
                        "invitation " + nd.invitation_id + " already has decision " +
                            std::to_string(q->getColumn(0).getInt64()) + " (" + q->getColumn(1).getString() + " by " +
                            q->getColumn(3).getString() + " at " + q->getColumn(4).getString() + ", " +
                            q->getColumn(2).getString() +
                            "); a new decision is only recorded after a failed or abandoned one");
  }
  const std::string now_text = time_text(now);
  Query q(impl,
          "INSERT INTO decisions (invitation_id, catalog, action, rule, reason, decided_at, dry_run, attempt, "
          "client_token, request_known, tags, rejection_reason, state, updated_at, decided_by) "
          "VALUES (:id, :catalog, :action, :rule, :reason, :now, :dry_run, :attempt, :token, 1, :tags, "
          ":rejection, 'recorded', :now, :by)");
  q->bind(":id", nd.invitation_id);
  q->bind(":catalog", nd.catalog);
  q->bind(":action", std::string(to_string(nd.action)));
  q->bind(":rule", nd.rule);
  q->bind(":reason", nd.reason);
  q->bind(":now", now_text);
  q->bind(":dry_run", nd.dry_run ? 1 : 0);
  q->bind(":attempt", nd.attempt);
  bind_text(*q, ":token", nd.client_token);
  bind_optional(*q, ":tags", nd.tags ? std::optional<std::string>(tags_to_json(*nd.tags)) : std::nullopt);
  bind_optional(*q, ":rejection", nd.rejection_reason);
  bind_text(*q, ":by", nd.decided_by.substr(0, 200));
  q->exec();
  return std::move(*find_decision(impl, impl.db.getLastInsertRowid()));
}

// What a person may decide: the invitation as the mirror holds it is of the decision's catalog, PENDING and
// unexpired. The "no live decision" part is insert_decision's (and the unique index's).
Status check_decidable_by_person(Store::Impl& impl, const NewDecision& nd, WallTime now) {
  Query q(impl, "SELECT catalog, status, expiration_date FROM invitations WHERE id = :id");
  q->bind(":id", nd.invitation_id);
  if (!q->executeStep()) return no_such_invitation(nd.invitation_id, "check the id with pcsyncctl invitations");
  const std::string catalog = text_from(q->getColumn(0));
  const std::string status = text_from(q->getColumn(1));
  const auto expires = optional_time_from(q->getColumn(2));
  if (catalog != nd.catalog)
    return make_error(ErrorKind::conflict, "StoreOtherCatalog",
                      "invitation " + nd.invitation_id + " is in catalog " + catalog + ", not " + nd.catalog +
                          " (the configured catalog)");
  if (status != "PENDING")
    return make_error(ErrorKind::conflict, "StoreNotPending",
                      "invitation " + nd.invitation_id + " is " + (status.empty() ? "of unknown status" : status) +
                          ", not PENDING: there is nothing left to decide");
  if (expires && *expires <= now)
    return make_error(ErrorKind::conflict, "StoreInvitationExpired",
                      "invitation " + nd.invitation_id + " expired at " + time_text(*expires) +
                          ": Partner Central no longer accepts an answer");
  return Ok{};
}

// A write transaction that records a decision the caller then sends: a live one must outlast a power loss, or
// a restart could decide the invitation afresh (a new attempt, after the service already acted on this one).
// So its commit is made with synchronous=FULL (fsynced before it returns), the others with NORMAL.
template <class Body>
Result<Decision> record_durably(Store::Impl& impl, bool live, const char* what, Body&& body) {
  std::optional<DurableCommits> durable;
  if (auto set = guarded(impl, what, [&]() -> Status {
        durable.emplace(impl.db, live);
        return Ok{};
      });
      !set)
    return set.error();
  return in_write_transaction(impl, what, std::forward<Body>(body));
}

}  // namespace

Result<Decision> Store::record_person_decision(const NewDecision& nd, WallTime now) {
  return record_durably(*impl_, !nd.dry_run, "recording a person's decision", [&]() -> Result<Decision> {
    if (nd.decided_by.empty())
      return make_error(ErrorKind::validation, "StoreIncompleteDecision",
                        "a person's decision for invitation " + nd.invitation_id +
                            " does not say who decided; this is a bug in pcsyncd: report it");
    if (auto decidable = check_decidable_by_person(*impl_, nd, now); !decidable) return decidable.error();
    return insert_decision(*impl_, nd, now);
  });
}

Result<Decision> Store::record_decision(const NewDecision& nd, WallTime now) {
  return record_durably(*impl_, !nd.dry_run, "recording a decision",
                        [&] { return insert_decision(*impl_, nd, now); });
}

Result<Decision> Store::fail_decision_and_retry(std::int64_t decision_id, std::string_view error,
                                                const NewDecision& retry, WallTime now) {
  return record_durably(*impl_, !retry.dry_run, "recording a failed decision and its retry",
                        [&]() -> Result<Decision> {
                          if (auto failed = move_decision(*impl_, decision_id, DecisionState::failed, error, {}, now);
                              !failed)
                            return failed.error();
                          return insert_decision(*impl_, retry, now);
                        });
}

Status Store::mark_decision_sent(std::int64_t id, WallTime now) {
  return in_write_transaction(*impl_, "marking a decision sent",
                 [&] { return move_decision(*impl_, id, DecisionState::sent, {}, {}, now); });
}

Status Store::mark_decision_done(std::int64_t id, std::string_view task_id, WallTime now) {
  return in_write_transaction(*impl_, "marking a decision done",
                 [&] { return move_decision(*impl_, id, DecisionState::done, {}, task_id, now); });
}

Status Store::mark_decision_failed(std::int64_t id, std::string_view error, WallTime now) {
  return in_write_transaction(*impl_, "marking a decision failed",
                 [&] { return move_decision(*impl_, id, DecisionState::failed, error, {}, now); });
}

Status Store::mark_decision_abandoned(std::int64_t id, std::string_view why, WallTime now) {
  return in_write_transaction(*impl_, "marking a decision abandoned",
                 [&] { return move_decision(*impl_, id, DecisionState::abandoned, why, {}, now); });
}

Result<std::optional<Decision>> Store::decision(std::int64_t id) {
  return guarded(*impl_, "reading a decision", [&] { return find_decision(*impl_, id); });
}

Result<std::optional<Decision>> Store::latest_decision(std::string_view invitation_id, bool dry_run) {
  return guarded(*impl_, "reading the latest decision", [&] {
    static const std::string sql =
        decisions_where("d.invitation_id = :id AND d.dry_run = :dry_run ORDER BY d.id DESC LIMIT 1");
    Query q(*impl_, sql.c_str());
    q->bind(":id", std::string(invitation_id));
    q->bind(":dry_run", dry_run ? 1 : 0);
    return next_decision(q);
  });
}

Result<std::optional<Decision>> Store::decision_for_task(std::string_view task_id) {
  return guarded(*impl_, "reading the decision of a task", [&] {
    static const std::string sql = decisions_where("d.task_id = :task AND d.dry_run = 0 ORDER BY d.id DESC LIMIT 1");
    Query q(*impl_, sql.c_str());
    q->bind(":task", std::string(task_id));
    return next_decision(q);
  });
}

Result<std::vector<Decision>> Store::unfinished_decisions() {
  return guarded(*impl_, "listing unfinished decisions", [&] {
    static const std::string sql = decisions_where("d.dry_run = 0 AND d.state IN ('recorded', 'sent') ORDER BY d.id");
    Query q(*impl_, sql.c_str());
    std::vector<Decision> out;
    while (auto d = next_decision(q)) out.push_back(std::move(*d));
    return out;
  });
}

}  // namespace pcs::store
