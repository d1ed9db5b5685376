#include "record_json.hpp"

#include "core/time_format.hpp"

namespace pcs::ctl {
namespace {

void put(boost::json::object& o, const char* key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}
void put(boost::json::object& o, const char* key, const std::optional<WallTime>& t) {
  if (t) o[key] = format_iso8601(*t);
}
void put(boost::json::object& o, const char* key, WallTime t) {
  if (t != WallTime{}) o[key] = format_iso8601(t);
}

boost::json::object run_json(const store::SyncRun& run) {
  boost::json::object o;
  o["RunId"] = run.id;
  put(o, "StartedAt", run.started_at);
  put(o, "FinishedAt", run.finished_at);
  o["Outcome"] = std::string(store::to_string(run.outcome));
  o["ReadCalls"] = run.counters.read_calls;
  o["WriteCalls"] = run.counters.write_calls;
  o["Throttled"] = run.counters.throttled;
  o["InvitationsSeen"] = run.counters.invitations_seen;
  o["InvitationsNew"] = run.counters.invitations_new;
  o["InvitationsDecided"] = run.counters.invitations_decided;
  put(o, "Error", run.error);
  return o;
}

template <class Map>
boost::json::object counts(const Map& m) {
  boost::json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

}  // namespace

boost::json::object invitation_json(const store::Invitation& inv) {
  const auto& s = inv.summary;
  boost::json::object o;
  o["Id"] = s.id;
  put(o, "Catalog", s.catalog);
  put(o, "Arn", s.arn);
  put(o, "PayloadType", s.payload_type);
  put(o, "EngagementId", s.engagement_id);
  put(o, "EngagementTitle", s.engagement_title);
  put(o, "Status", s.status);
  put(o, "InvitationDate", s.invitation_date);
  put(o, "ExpirationDate", s.expiration_date);
  put(o, "SenderCompanyName", s.sender_company_name);
  put(o, "ParticipantType", s.participant_type);
  if (inv.details) {
    const auto& d = *inv.details;
    boost::json::object customer, project;
    put(customer, "Industry", d.customer_industry);
    put(customer, "CompanyName", d.customer_company_name);
    put(customer, "CountryCode", d.customer_country_code);
    put(project, "Title", d.project_title);
    put(project, "TargetCompletionDate", d.project_target_completion_date);
    if (d.expected_spend_usd_monthly) project["ExpectedMonthlySpendUsd"] = *d.expected_spend_usd_monthly;
    o["Customer"] = std::move(customer);
    o["Project"] = std::move(project);
    if (!d.receiver_responsibilities.empty()) {
      boost::json::array r;
      for (const auto& x : d.receiver_responsibilities) r.push_back(boost::json::string(x));
      o["ReceiverResponsibilities"] = std::move(r);
    }
  }
  put(o, "FirstSeen", inv.first_seen);
  put(o, "LastSeen", inv.last_seen);
  return o;
}

boost::json::object decision_json(const store::Decision& d) {
  boost::json::object o;
  o["DecisionId"] = d.id;
  o["InvitationId"] = d.invitation_id;
  o["Decision"] = std::string(store::to_string(d.action));
  o["Rule"] = d.rule;
  o["Reason"] = d.reason;
  put(o, "DecidedAt", d.decided_at);
  o["DryRun"] = d.dry_run;
  o["State"] = std::string(store::to_string(d.state));
  put(o, "ClientToken", d.client_token);
  put(o, "Error", d.error);
  put(o, "UpdatedAt", d.updated_at);
  o["Attempt"] = d.attempt;
  // What was (or will be) sent, exactly as recorded; absent for decisions recorded before schema 3.
  if (d.request_known && d.action == store::DecisionAction::accept) {
    boost::json::array tags;
    for (const auto& t : d.tags) tags.push_back(boost::json::object{{"Key", t.key}, {"Value", t.value}});
    o["Tags"] = std::move(tags);
  }
  if (d.request_known && d.rejection_reason) o["RejectionReason"] = *d.rejection_reason;
  put(o, "TaskId", d.task_id);
  put(o, "DecidedBy", d.decided_by);  // a person's decision: who (absent for the rules')
  return o;
}

boost::json::object review_json(const store::Review& r) {
  boost::json::object o;
  o["Rule"] = r.rule;
  o["Reason"] = r.reason;
  put(o, "RequestedAt", r.requested_at);
  return o;
}

boost::json::object task_json(const store::Task& t) {
  boost::json::object o;
  o["TaskId"] = t.task_id;
  o["Kind"] = std::string(store::to_string(t.kind));
  put(o, "TaskArn", t.task_arn);
  put(o, "Catalog", t.catalog);
  put(o, "EngagementInvitationId", t.engagement_invitation_id);
  put(o, "EngagementId", t.engagement_id);
  put(o, "ContextId", t.context_id);
  put(o, "StartTime", t.start_time);
  put(o, "TaskStatus", t.task_status);
  put(o, "Message", t.message);
  put(o, "ReasonCode", t.reason_code);
  put(o, "OpportunityId", t.opportunity_id);
  put(o, "ResourceSnapshotJobId", t.resource_snapshot_job_id);
  put(o, "UpdatedAt", t.updated_at);
  return o;
}

boost::json::object list_item_json(const store::InvitationListItem& item) {
  boost::json::object o = invitation_json(item.invitation);
  if (item.decision) {
    o["Decision"] = std::string(store::to_string(item.decision->action));
    o["Rule"] = item.decision->rule;
    o["Reason"] = item.decision->reason;
    o["DecisionState"] = std::string(store::to_string(item.decision->state));
    put(o, "DecidedAt", item.decision->decided_at);
    put(o, "DecidedBy", item.decision->decided_by);
  }
  if (item.review) o["Review"] = review_json(*item.review);
  if (item.task_id) o["TaskId"] = *item.task_id;
  if (item.task_status) o["TaskStatus"] = *item.task_status;
  return o;
}

boost::json::object history_json(const store::InvitationHistory& h) {
  boost::json::object o = invitation_json(h.invitation);
  boost::json::array decisions, tasks, history;
  for (const auto& d : h.decisions) decisions.push_back(decision_json(d));
  for (const auto& t : h.tasks) tasks.push_back(task_json(t));
  for (const auto& c : h.status_history) {
    boost::json::object e;
    e["TaskId"] = c.task_id;
    e["TaskStatus"] = c.task_status;
    put(e, "Message", c.message);
    put(e, "ReasonCode", c.reason_code);
    put(e, "ObservedAt", c.observed_at);
    history.push_back(std::move(e));
  }
  if (h.review) o["Review"] = review_json(*h.review);
  o["Decisions"] = std::move(decisions);
  o["Tasks"] = std::move(tasks);
  o["TaskStatusHistory"] = std::move(history);
  return o;
}

boost::json::object status_json(const store::StatusSummary& s) {
  boost::json::object o;
  if (s.last_sync) o["LastSync"] = run_json(*s.last_sync);
  if (s.last_successful_sync) o["LastSuccessfulSync"] = run_json(*s.last_successful_sync);
  o["InvitationsByStatus"] = counts(s.invitations_by_status);
  o["DecisionsByAction"] = counts(s.decisions_by_action);
  o["DryRunDecisionsByAction"] = counts(s.dry_run_decisions_by_action);
  o["DecisionsFailed"] = s.decisions_failed;
  o["DecisionsAbandoned"] = s.decisions_abandoned;
  if (s.last_reload) {
    boost::json::object r;
    put(r, "At", s.last_reload->at);
    r["Outcome"] = s.last_reload->applied ? "applied" : "refused";
    r["Message"] = s.last_reload->message;
    o["LastReload"] = std::move(r);
  }
  o["PendingUndecided"] = s.pending_undecided;
  o["ReviewsWaiting"] = s.reviews_waiting;
  o["TasksInProgress"] = s.tasks_in_progress;
  o["TasksFailed"] = s.tasks_failed;
  boost::json::array failures;
  for (const auto& f : s.recent_failures) {
    boost::json::object e;
    put(e, "At", f.at);
    e["Source"] = f.source;
    e["Subject"] = f.subject;
    e["Message"] = f.message;
    failures.push_back(std::move(e));
  }
  o["RecentFailures"] = std::move(failures);
  o["ReadCallsLast24h"] = s.read_calls_24h;
  o["WriteCallsLast24h"] = s.write_calls_24h;
  o["ThrottledLast24h"] = s.throttled_24h;
  return o;
}

}  // namespace pcs::ctl
