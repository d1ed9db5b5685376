#pragma once
// Small builders shared by the store tests.
#include <chrono>
#include <string>

#include "core/time_format.hpp"
#include "store/records.hpp"

namespace pcs::store::test {

inline WallTime at(const char* iso) { return *parse_iso8601(iso); }

inline InvitationSummary invitation(std::string id, std::string status = "PENDING",
                                    const char* expires = "2030-01-01T00:00:00Z") {
  InvitationSummary m;
  m.id = std::move(id);
  m.catalog = "AWS";
  m.arn = "arn:aws:partnercentral:us-east-1::catalog/AWS/engagement-invitation/" + m.id;
  m.payload_type = "OPPORTUNITY_INVITATION";
  m.engagement_id = "eng-" + m.id;
  m.engagement_title = "Title of " + m.id;
  m.status = std::move(status);
  m.invitation_date = at("2024-05-01T12:00:00Z");
  m.expiration_date = at(expires);
  m.sender_aws_account_id = "123456789012";
  m.sender_company_name = "Sender Co";
  m.receiver_alias = "partner";
  m.receiver_aws_account_id = "210987654321";
  m.participant_type = "RECEIVER";
  return m;
}

inline Task task(std::string task_id, std::string invitation_id, std::string status) {
  Task t;
  t.task_id = std::move(task_id);
  t.kind = TaskKind::accept_invitation;
  t.catalog = "AWS";
  t.task_arn = "arn:aws:partnercentral:us-east-1::task/" + t.task_id;
  t.engagement_invitation_id = std::move(invitation_id);
  t.start_time = at("2024-05-02T00:00:00Z");
  t.task_status = std::move(status);
  return t;
}

// A decision as the sync layer records it: catalog AWS, attempt 1, a stand-in ClientToken and no Tags for an
// accept (the store keeps what it is given; what each operation carries is lib/sync's), the reason sent with a
// reject.
inline NewDecision decision(std::string id, DecisionAction action, std::string rule = "r", std::string reason = "",
                            bool dry_run = false) {
  NewDecision d;
  d.invitation_id = std::move(id);
  d.catalog = "AWS";
  d.action = action;
  d.rule = std::move(rule);
  d.reason = reason;
  d.dry_run = dry_run;
  if (action == DecisionAction::accept) {
    d.client_token = "token-" + d.invitation_id;
    d.tags.emplace();
  } else if (!reason.empty()) {
    d.rejection_reason = reason;
  }
  return d;
}

}  // namespace pcs::store::test
