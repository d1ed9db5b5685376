#include "sync/mapping.hpp"

#include <boost/json.hpp>

namespace pcs::sync {
namespace {

std::string or_empty(const std::optional<std::string>& s) { return s.value_or(std::string{}); }
std::string or_empty(std::optional<std::string>&& s) { return s ? std::move(*s) : std::string{}; }

std::optional<std::string> non_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::string spend_to_json(const std::vector<pc::ExpectedCustomerSpend>& spend) {
  boost::json::array out;
  for (const auto& s : spend) {
    boost::json::object o;
    o["Amount"] = s.amount;
    o["CurrencyCode"] = s.currency_code;
    o["Frequency"] = s.frequency;
    o["TargetCompany"] = s.target_company;
    out.push_back(std::move(o));
  }
  return boost::json::serialize(out);
}

std::vector<rules::SpendEntry> spend_from_json(const std::string& text) {
  std::vector<rules::SpendEntry> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& item : value.as_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.as_object();
    auto field = [&](const char* name) {
      auto it = o.find(name);
      return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : std::string{};
    };
    out.push_back(rules::SpendEntry{field("Amount"), field("CurrencyCode"), field("Frequency")});
  }
  return out;
}

// Receiver: a copy, or (from an rvalue) its strings taken over.
template <class Receiver, class Summary>
void copy_receiver(Receiver&& receiver, Summary& out) {
  if (receiver && receiver->account) {
    out.receiver_alias = or_empty(std::forward<Receiver>(receiver)->account->alias);
    out.receiver_aws_account_id = std::forward<Receiver>(receiver)->account->aws_account_id;
  }
}

// The members ListEngagementInvitations' summaries and GetEngagementInvitation share: copied from an lvalue,
// taken over from an rvalue (std::forward of each member moves its string only then).
template <class Invitation>
store::InvitationSummary common_summary(Invitation&& s) {
  store::InvitationSummary r;
  r.id = std::forward<Invitation>(s).id;
  r.catalog = std::forward<Invitation>(s).catalog;
  r.arn = or_empty(std::forward<Invitation>(s).arn);
  r.payload_type = or_empty(std::forward<Invitation>(s).payload_type);
  r.engagement_id = or_empty(std::forward<Invitation>(s).engagement_id);
  r.engagement_title = or_empty(std::forward<Invitation>(s).engagement_title);
  r.status = or_empty(std::forward<Invitation>(s).status);
  r.invitation_date = s.invitation_date.time;
  r.expiration_date = s.expiration_date.time;
  r.sender_aws_account_id = or_empty(std::forward<Invitation>(s).sender_aws_account_id);
  r.sender_company_name = or_empty(std::forward<Invitation>(s).sender_company_name);
  copy_receiver(std::forward<Invitation>(s).receiver, r);
  return r;
}

template <class TaskSummary>
store::Task common_task(const TaskSummary& s, std::string_view catalog) {
  store::Task t;
  t.task_id = or_empty(s.task_id);
  t.catalog = std::string(catalog);
  t.task_arn = or_empty(s.task_arn);
  t.start_time = s.start_time.time;
  t.task_status = or_empty(s.task_status);
  t.message = or_empty(s.message);
  t.reason_code = or_empty(s.reason_code);
  t.opportunity_id = or_empty(s.opportunity_id);
  t.resource_snapshot_job_id = or_empty(s.resource_snapshot_job_id);
  return t;
}

}  // namespace

store::InvitationSummary to_record(const pc::EngagementInvitationSummary& s) {
  store::InvitationSummary r = common_summary(s);
  r.participant_type = or_empty(s.participant_type);
  return r;
}

store::InvitationSummary to_record(pc::EngagementInvitationSummary&& s) {
  store::InvitationSummary r = common_summary(std::move(s));
  r.participant_type = or_empty(std::move(s.participant_type));
  return r;
}

DetailRecords to_records(const pc::GetEngagementInvitationResponse& g) {
  DetailRecords out;
  out.summary = common_summary(g);

  auto& d = out.details;
  d.invitation_message = or_empty(g.invitation_message);
  d.engagement_description = or_empty(g.engagement_description);
  d.rejection_reason = or_empty(g.rejection_reason);
  if (g.payload && g.payload->opportunity_invitation) {
    const auto& p = *g.payload->opportunity_invitation;
    d.customer_industry = p.customer.industry;
    d.customer_company_name = p.customer.company_name;
    d.customer_website_url = p.customer.website_url;
    d.customer_country_code = p.customer.country_code;
    d.project_title = p.project.title;
    d.project_business_problem = p.project.business_problem;
    d.project_target_completion_date = p.project.target_completion_date;
    d.expected_spend_json = spend_to_json(p.project.expected_customer_spend);
    std::vector<rules::SpendEntry> entries;
    for (const auto& s : p.project.expected_customer_spend)
      entries.push_back(rules::SpendEntry{s.amount, s.currency_code, s.frequency});
    d.expected_spend_usd_monthly = rules::monthly_usd_spend(entries);
    d.receiver_responsibilities = p.receiver_responsibilities;
  }
  return out;
}

store::Task to_record(const pc::StartEngagementByAcceptingInvitationTaskResponse& s, std::string_view catalog,
                      std::string_view invitation_id) {
  store::Task t = common_task(s, catalog);
  t.kind = store::TaskKind::accept_invitation;
  t.engagement_invitation_id = s.engagement_invitation_id.value_or(std::string(invitation_id));
  return t;
}

store::Task to_record(const pc::EngagementByAcceptingInvitationTaskSummary& s, std::string_view catalog) {
  store::Task t = common_task(s, catalog);
  t.kind = store::TaskKind::accept_invitation;
  t.engagement_invitation_id = or_empty(s.engagement_invitation_id);
  return t;
}

store::Task to_record(const pc::OpportunityFromEngagementTaskSummary& s, std::string_view catalog) {
  store::Task t = common_task(s, catalog);
  t.kind = store::TaskKind::opportunity_from_engagement;
  t.engagement_id = or_empty(s.engagement_id);
  t.context_id = or_empty(s.context_id);
  return t;
}

rules::InvitationFacts to_facts(const store::Invitation& inv) {
  rules::InvitationFacts f;
  const auto& s = inv.summary;
  f.id = s.id;
  f.status = s.status;
  f.invitation_date = s.invitation_date;
  f.expiration_date = s.expiration_date;
  f.payload_type = non_empty(s.payload_type);
  f.title = non_empty(s.engagement_title);
  f.sender_company = non_empty(s.sender_company_name);
  f.sender_account = non_empty(s.sender_aws_account_id);
  if (inv.details) {
    const auto& d = *inv.details;
    f.customer_country = non_empty(d.customer_country_code);
    f.customer_industry = non_empty(d.customer_industry);
    f.customer_company = non_empty(d.customer_company_name);
    f.customer_website = non_empty(d.customer_website_url);
    f.project_title = non_empty(d.project_title);
    f.business_problem = non_empty(d.project_business_problem);
    f.target_completion_date = non_empty(d.project_target_completion_date);
    f.receiver_responsibilities = d.receiver_responsibilities;
    f.expected_customer_spend = spend_from_json(d.expected_spend_json);
  }
  return f;
}

}  // namespace pcs::sync
