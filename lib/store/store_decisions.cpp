// Store: the decision audit trail and the exactly-once bookkeeping of accepts.

#include <string>

#include "store/client_token.hpp"
#include "store/store.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {
namespace {

std::optional<Decision> find_decision(Store::Impl& impl, std::int64_t id) {
  static const std::string sql = std::string("SELECT ") + kDecisionColumns +
                                 " FROM decisions d JOIN invitations i ON i.id = d.invitation_id WHERE d.id = :id";
  Query q(impl, sql.c_str());
  q->bind(":id", id);
  if (!q->executeStep()) return std::nullopt;
  return read_decision(*q, 0);
}

Status move_decision(Store::Impl& impl, std::int64_t id, DecisionState to, std::string_view error, WallTime now) {
  SQLite::Transaction tx(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
  auto current = find_decision(impl, id);
  if (!current)
    return make_error(ErrorKind::not_found, "StoreNoSuchDecision",
                      "decision " + std::to_string(id) + " is not in database " + impl.path +
                          "; this is a bug in pcsyncd: report it");
  if (current->dry_run)
    return make_error(ErrorKind::validation, "StoreDryRunDecision",
                      "decision " + std::to_string(id) + " was a dry run and is never sent; this is a bug in pcsyncd");
  if (!decision_transition_allowed(current->state, to))
    return make_error(ErrorKind::conflict, "StoreDecisionState",
                      "decision " + std::to_string(id) + " for invitation " + current->invitation_id + " is " +
                          std::string(to_string(current->state)) + " and cannot become " +
                          std::string(to_string(to)) + "; this is a bug in pcsyncd: report it");
  Query q(impl, "UPDATE decisions SET state = :state, error = :error, updated_at = :now WHERE id = :id");
  q->bind(":state", std::string(to_string(to)));
  // Bounded: an error text is a one-line Error::describe(), never a response body.
  bind_text(*q, ":error", std::string(error.substr(0, 2000)));
  q->bind(":now", time_text(now));
  q->bind(":id", id);
  q->exec();
  tx.commit();
  return Ok{};
}

}  // namespace

Result<Decision> Store::record_decision(const NewDecision& nd, WallTime now) {
  return guarded(*impl_, "recording a decision", [&]() -> Result<Decision> {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    std::string catalog;
    {
      Query q(*impl_, "SELECT catalog FROM invitations WHERE id = :id");
      q->bind(":id", nd.invitation_id);
      if (!q->executeStep())
        return make_error(ErrorKind::not_found, "StoreNoSuchInvitation",
                          "invitation " + nd.invitation_id +
                              " is not in the local database; it must be listed before it is decided");
      catalog = q->getColumn(0).getString();
    }
    {
      Query q(*impl_,
              "SELECT id, action, state FROM decisions WHERE invitation_id = :id AND dry_run = :dry_run "
              "AND state <> 'failed'");
      q->bind(":id", nd.invitation_id);
      q->bind(":dry_run", nd.dry_run ? 1 : 0);
      if (q->executeStep())
        return make_error(ErrorKind::conflict, "StoreAlreadyDecided",
                          "invitation " + nd.invitation_id + " already has decision " +
                              std::to_string(q->getColumn(0).getInt64()) + " (" + q->getColumn(1).getString() + ", " +
                              q->getColumn(2).getString() + "); a new decision is only recorded after a failed one");
    }
    const std::string now_text = time_text(now);
    Query q(*impl_,
            "INSERT INTO decisions (invitation_id, action, rule, reason, decided_at, dry_run, client_token, state, "
            "updated_at) VALUES (:id, :action, :rule, :reason, :now, :dry_run, :token, 'recorded', :now)");
    q->bind(":id", nd.invitation_id);
    q->bind(":action", std::string(to_string(nd.action)));
    q->bind(":rule", nd.rule);
    q->bind(":reason", nd.reason);
    q->bind(":now", now_text);
    q->bind(":dry_run", nd.dry_run ? 1 : 0);
    // Only StartEngagementByAcceptingInvitationTask takes a ClientToken; RejectEngagementInvitation has none.
    if (nd.action == DecisionAction::accept)
      q->bind(":token", make_client_token(catalog, nd.invitation_id));
    else
      q->bind(":token");
    q->exec();
    const std::int64_t id = impl_->db.getLastInsertRowid();
    auto row = find_decision(*impl_, id);
    tx.commit();
    return std::move(*row);
  });
}

Status Store::mark_decision_sent(std::int64_t id, WallTime now) {
  return guarded(*impl_, "marking a decision sent",
                 [&] { return move_decision(*impl_, id, DecisionState::sent, {}, now); });
}

Status Store::mark_decision_done(std::int64_t id, WallTime now) {
  return guarded(*impl_, "marking a decision done",
                 [&] { return move_decision(*impl_, id, DecisionState::done, {}, now); });
}

Status Store::mark_decision_failed(std::int64_t id, std::string_view error, WallTime now) {
  return guarded(*impl_, "marking a decision failed",
                 [&] { return move_decision(*impl_, id, DecisionState::failed, error, now); });
}

Result<std::optional<Decision>> Store::decision(std::int64_t id) {
  return guarded(*impl_, "reading a decision", [&] { return find_decision(*impl_, id); });
}

Result<std::vector<Decision>> Store::unfinished_accepts() {
  return guarded(*impl_, "listing unfinished accepts", [&] {
    static const std::string sql =
        std::string("SELECT ") + kDecisionColumns +
        " FROM decisions d JOIN invitations i ON i.id = d.invitation_id "
        "WHERE d.action = 'accept' AND d.dry_run = 0 AND d.state IN ('recorded', 'sent') "
        "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.engagement_invitation_id = d.invitation_id "
        "                AND t.kind = 'accept_invitation') "
        "ORDER BY d.id";
    Query q(*impl_, sql.c_str());
    std::vector<Decision> out;
    while (q->executeStep()) out.push_back(read_decision(*q, 0));
    return out;
  });
}

Result<std::vector<Decision>> Store::unfinished_rejects() {
  return guarded(*impl_, "listing unfinished rejects", [&] {
    static const std::string sql =
        std::string("SELECT ") + kDecisionColumns +
        " FROM decisions d JOIN invitations i ON i.id = d.invitation_id "
        "WHERE d.action = 'reject' AND d.dry_run = 0 AND d.state IN ('recorded', 'sent') "
        "ORDER BY d.id";
    Query q(*impl_, sql.c_str());
    std::vector<Decision> out;
    while (q->executeStep()) out.push_back(read_decision(*q, 0));
    return out;
  });
}

}  // namespace pcs::store
