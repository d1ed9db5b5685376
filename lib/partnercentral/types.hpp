#pragma once
// Typed requests and responses of the six Partner Central Selling operations pcsyncd uses.
//
// Why the shapes look like this:
// - Enums are plain strings: the service adds values (ReasonCode grows every few months) and an unknown value
//   must flow through to the database and the operator, never crash or be dropped.
// - Timestamps are parsed into std::optional<WallTime> and the wire text is kept beside them, so a value we
//   cannot parse is still visible and a round trip reproduces what the service sent.
// - Optional members are std::optional (or an empty vector for optional lists): serialization omits what is
//   unset, exactly as the SDKs do.
// Fields the model marks @sensitive (account ids, contact details, customer data) are carried here because
// the sync engine needs them; they must never be logged (see README.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace pcs::pc {

// A date-time member as received: the parsed instant (empty when absent or unparseable) and the wire text.
struct Timestamp {
  std::optional<WallTime> time;
  std::string raw;  // empty when the member was absent
  bool present() const { return !raw.empty(); }
};

// ---- shared pieces ----------------------------------------------------------------------------------------

struct Sort {
  std::string sort_order;  // "ASCENDING" | "DESCENDING"
  std::string sort_by;     // "InvitationDate" (invitations) or "StartTime" (tasks)
};

struct Tag {
  std::string key;
  std::string value;
};

struct AccountReceiver {
  std::optional<std::string> alias;
  std::string aws_account_id;  // @sensitive
};

// Receiver is a union in the model with one member today (Account). An empty Receiver means the service sent
// a member we do not know yet.
struct Receiver {
  std::optional<AccountReceiver> account;
};

struct EngagementCustomer {
  std::string industry;
  std::string company_name;
  std::string website_url;   // @sensitive
  std::string country_code;  // @sensitive
};

struct ExpectedCustomerSpend {
  std::string amount;         // a decimal string as the service sends it
  std::string currency_code;  // @sensitive
  std::string frequency;
  std::string target_company;
  std::optional<std::string> estimation_url;  // @sensitive
};

struct ProjectDetails {
  std::string business_problem;        // @sensitive
  std::string title;
  std::string target_completion_date;  // "YYYY-MM-DD" (the model's Date is a string)
  std::vector<ExpectedCustomerSpend> expected_customer_spend;
};

struct SenderContact {
  std::string email;  // @sensitive
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> business_title;
  std::optional<std::string> phone;
};

struct OpportunityInvitationPayload {
  std::vector<SenderContact> sender_contacts;
  std::vector<std::string> receiver_responsibilities;
  EngagementCustomer customer;
  ProjectDetails project;
};

// Payload is a union: one member today (OpportunityInvitation).
struct Payload {
  std::optional<OpportunityInvitationPayload> opportunity_invitation;
};

struct EngagementMemberSummary {
  std::optional<std::string> company_name;
  std::optional<std::string> website_url;
};

// ---- ListEngagementInvitations ----------------------------------------------------------------------------

struct EngagementInvitationSummary {
  std::optional<std::string> arn;
  std::optional<std::string> payload_type;
  std::string id;  // required
  std::optional<std::string> engagement_id;
  std::optional<std::string> engagement_title;
  std::optional<std::string> status;
  Timestamp invitation_date;
  Timestamp expiration_date;
  std::optional<std::string> sender_aws_account_id;  // @sensitive
  std::optional<std::string> sender_company_name;
  std::optional<Receiver> receiver;
  std::string catalog;  // required
  std::optional<std::string> participant_type;
};

struct ListEngagementInvitationsResponse {
  std::vector<EngagementInvitationSummary> engagement_invitation_summaries;
  std::optional<std::string> next_token;
};

struct ListEngagementInvitationsRequest {
  static constexpr std::string_view operation = "ListEngagementInvitations";
  using Response = ListEngagementInvitationsResponse;

  std::string catalog;           // required
  std::optional<int> max_results;  // 1..100
  std::optional<std::string> next_token;
  std::optional<Sort> sort;  // SortBy "InvitationDate"
  std::vector<std::string> payload_type;
  std::string participant_type;  // required: "RECEIVER" for us
  std::vector<std::string> status;
  std::vector<std::string> engagement_identifier;
  std::vector<std::string> sender_aws_account_id;
};

// ---- GetEngagementInvitation ------------------------------------------------------------------------------

struct GetEngagementInvitationResponse {
  std::optional<std::string> arn;
  std::optional<std::string> payload_type;
  std::string id;  // required
  std::optional<std::string> engagement_id;
  std::optional<std::string> engagement_title;
  std::optional<std::string> status;
  Timestamp invitation_date;
  Timestamp expiration_date;
  std::optional<std::string> sender_aws_account_id;
  std::optional<std::string> sender_company_name;
  std::optional<Receiver> receiver;
  std::string catalog;  // required
  std::optional<std::string> rejection_reason;
  std::optional<Payload> payload;
  std::optional<std::string> invitation_message;
  std::optional<std::string> engagement_description;
  std::vector<EngagementMemberSummary> existing_members;
};

struct GetEngagementInvitationRequest {
  static constexpr std::string_view operation = "GetEngagementInvitation";
  using Response = GetEngagementInvitationResponse;

  std::string catalog;     // required
  std::string identifier;  // required: "engi-..." or an ARN
};

// ---- StartEngagementByAcceptingInvitationTask -------------------------------------------------------------

struct StartEngagementByAcceptingInvitationTaskResponse {
  std::optional<std::string> task_id;
  std::optional<std::string> task_arn;
  Timestamp start_time;
  std::optional<std::string> task_status;
  std::optional<std::string> message;
  std::optional<std::string> reason_code;
  std::optional<std::string> opportunity_id;
  std::optional<std::string> resource_snapshot_job_id;
  std::optional<std::string> engagement_invitation_id;
};

struct StartEngagementByAcceptingInvitationTaskRequest {
  static constexpr std::string_view operation = "StartEngagementByAcceptingInvitationTask";
  using Response = StartEngagementByAcceptingInvitationTaskResponse;

  std::string catalog;       // required
  std::string client_token;  // required: idempotency, 1..64 printable ASCII
  std::string identifier;    // required
  std::vector<Tag> tags;
};

// ---- RejectEngagementInvitation ---------------------------------------------------------------------------

struct RejectEngagementInvitationResponse {};  // the service answers an empty object

struct RejectEngagementInvitationRequest {
  static constexpr std::string_view operation = "RejectEngagementInvitation";
  using Response = RejectEngagementInvitationResponse;

  std::string catalog;     // required
  std::string identifier;  // required
  std::optional<std::string> rejection_reason;
};

// ---- ListEngagementByAcceptingInvitationTasks -------------------------------------------------------------

struct EngagementByAcceptingInvitationTaskSummary {
  std::optional<std::string> task_id;
  std::optional<std::string> task_arn;
  Timestamp start_time;
  std::optional<std::string> task_status;
  std::optional<std::string> message;
  std::optional<std::string> reason_code;
  std::optional<std::string> opportunity_id;
  std::optional<std::string> resource_snapshot_job_id;
  std::optional<std::string> engagement_invitation_id;
};

struct ListEngagementByAcceptingInvitationTasksResponse {
  std::vector<EngagementByAcceptingInvitationTaskSummary> task_summaries;
  std::optional<std::string> next_token;
};

struct ListEngagementByAcceptingInvitationTasksRequest {
  static constexpr std::string_view operation = "ListEngagementByAcceptingInvitationTasks";
  using Response = ListEngagementByAcceptingInvitationTasksResponse;

  std::optional<int> max_results;  // 1..1000
  std::optional<std::string> next_token;
  std::optional<Sort> sort;  // SortBy "StartTime"
  std::string catalog;       // required
  std::vector<std::string> task_status;
  std::vector<std::string> opportunity_identifier;
  std::vector<std::string> engagement_invitation_identifier;
  std::vector<std::string> task_identifier;
};

// ---- ListOpportunityFromEngagementTasks (newer than the model file) ---------------------------------------

struct OpportunityFromEngagementTaskSummary {
  std::optional<std::string> task_id;
  std::optional<std::string> task_arn;
  Timestamp start_time;
  std::optional<std::string> task_status;
  std::optional<std::string> message;
  std::optional<std::string> reason_code;
  std::optional<std::string> opportunity_id;
  std::optional<std::string> resource_snapshot_job_id;
  std::optional<std::string> engagement_id;
  std::optional<std::string> context_id;
};

struct ListOpportunityFromEngagementTasksResponse {
  std::vector<OpportunityFromEngagementTaskSummary> task_summaries;
  std::optional<std::string> next_token;
};

struct ListOpportunityFromEngagementTasksRequest {
  static constexpr std::string_view operation = "ListOpportunityFromEngagementTasks";
  using Response = ListOpportunityFromEngagementTasksResponse;

  std::optional<int> max_results;  // 1..1000
  std::optional<std::string> next_token;
  std::optional<Sort> sort;  // SortBy "StartTime"
  std::string catalog;       // required
  std::vector<std::string> task_status;
  std::vector<std::string> task_identifier;
  std::vector<std::string> opportunity_identifier;
  std::vector<std::string> engagement_identifier;
  std::vector<std::string> context_identifier;
};

}  // namespace pcs::pc
