#include "sync/decision_request.hpp"

#include "sync/client_token.hpp"

namespace pcs::sync {
namespace {

// The members only one of the two operations carries: StartEngagementByAcceptingInvitationTask takes a
// ClientToken (the attempt's) and Tags, RejectEngagementInvitation a RejectionReason. The store keeps what it
// is given; this is the one place that knows which goes with which.
void set_request_members(store::NewDecision& d, std::vector<store::TagRecord> tags,
                         std::optional<std::string> rejection_reason) {
  if (d.action == store::DecisionAction::accept) {
    d.client_token = make_client_token(d.catalog, d.invitation_id, d.attempt);
    d.tags = std::move(tags);
  } else {
    d.rejection_reason = std::move(rejection_reason);
  }
}

// Both operations name their invitation the same way: its catalog and its id.
template <class Request>
Request addressed_to(const store::Decision& decision) {
  Request r;
  r.catalog = decision.catalog;
  r.identifier = decision.invitation_id;
  return r;
}

}  // namespace

store::NewDecision new_decision(const rules::Decision& verdict, const store::Invitation& invitation, bool dry_run,
                                int attempt) {
  store::NewDecision d;
  d.invitation_id = invitation.summary.id;
  d.catalog = invitation.summary.catalog;
  d.action = verdict.action == rules::Action::accept ? store::DecisionAction::accept : store::DecisionAction::reject;
  d.rule = verdict.rule;
  d.reason = verdict.reason;
  d.dry_run = dry_run;
  d.attempt = attempt;
  std::vector<store::TagRecord> tags;
  for (const auto& t : verdict.tags) tags.push_back({t.key, t.value});
  set_request_members(d, std::move(tags), verdict.rejection_reason);
  return d;
}

store::NewDecision person_decision(const PersonVerdict& verdict, const store::Invitation& invitation, int attempt) {
  store::NewDecision d;
  d.invitation_id = invitation.summary.id;
  d.catalog = invitation.summary.catalog;
  d.action = verdict.action;
  d.rule = "person";
  d.reason = verdict.why;
  d.decided_by = verdict.who;
  d.attempt = attempt;
  std::optional<std::string> rejection_reason;
  if (!verdict.why.empty()) rejection_reason = verdict.why;
  set_request_members(d, verdict.tags, std::move(rejection_reason));
  return d;
}

int next_attempt(const std::optional<store::Decision>& latest) {
  if (!latest) return 1;
  return latest->state == store::DecisionState::failed ? latest->attempt + 1 : latest->attempt;
}

store::NewDecision retry_of(const store::Decision& failed) {
  store::NewDecision d;
  d.invitation_id = failed.invitation_id;
  d.catalog = failed.catalog;
  d.action = failed.action;
  d.rule = failed.rule;
  d.reason = failed.reason;
  d.dry_run = failed.dry_run;
  d.attempt = failed.attempt + 1;
  d.decided_by = failed.decided_by;  // a person's accept retried after a passing task failure stays theirs
  set_request_members(d, failed.tags, failed.rejection_reason);
  return d;
}

pc::StartEngagementByAcceptingInvitationTaskRequest accept_request(const store::Decision& decision) {
  auto r = addressed_to<pc::StartEngagementByAcceptingInvitationTaskRequest>(decision);
  r.client_token = decision.client_token;
  for (const auto& t : decision.tags) r.tags.push_back(pc::Tag{t.key, t.value});
  return r;
}

pc::RejectEngagementInvitationRequest reject_request(const store::Decision& decision) {
  auto r = addressed_to<pc::RejectEngagementInvitationRequest>(decision);
  r.rejection_reason = decision.rejection_reason;
  return r;
}

}  // namespace pcs::sync
