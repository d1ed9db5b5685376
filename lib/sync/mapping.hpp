#pragma once
// From the API's types to the mirror's records and the rules' facts, and back from the mirror to facts
// (so `pcsyncctl rules test` sees what the daemon saw). Pure.

#include "partnercentral/types.hpp"
#include "rules/invitation_facts.hpp"
#include "store/records.hpp"

namespace pcs::sync {

store::InvitationSummary to_record(const pc::EngagementInvitationSummary& summary);
// The same, taking the strings over: for a page that is read once.
store::InvitationSummary to_record(pc::EngagementInvitationSummary&& summary);

struct DetailRecords {
  store::InvitationSummary summary;
  store::InvitationDetails details;
};
// SenderContacts are dropped here on purpose: personal data the rules do not need is never mirrored.
DetailRecords to_records(const pc::GetEngagementInvitationResponse& response);

store::Task to_record(const pc::StartEngagementByAcceptingInvitationTaskResponse& response, std::string_view catalog,
                      std::string_view invitation_id);
store::Task to_record(const pc::EngagementByAcceptingInvitationTaskSummary& summary, std::string_view catalog);
store::Task to_record(const pc::OpportunityFromEngagementTaskSummary& summary, std::string_view catalog);

rules::InvitationFacts to_facts(const store::Invitation& invitation);

}  // namespace pcs::sync
