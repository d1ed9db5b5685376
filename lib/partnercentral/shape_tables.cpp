// The shapes of the six operations, one table per structure, transcribed from partnercentral-selling-2022-07-26
// (and, for ListOpportunityFromEngagementTasks, from the current API reference). A member's entry carries the
// member's target with the member's own traits merged in, as Smithy applies them. Encoding, decoding and
// request validation all read these tables; shape_tables_test cross-checks every member against the model.
//
// Adding a member: the struct field in types.hpp, and one field<>() line in its structure's table below, in
// the model's order (the order members are written in). The compiler rejects a table that leaves a field out
// or binds it to a shape of the wrong kind.
//
// Patterns: a request shape's pattern has a hand-written matcher (patterns.hpp) because the validator checks
// it. A response's patterns, enum values and minimum lengths are recorded but never enforced: the service is
// the authority on what it sends and evolves; decoding enforces types, maximum lengths and list sizes only.

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "partnercentral/enum_values.hpp"
#include "partnercentral/patterns.hpp"
#include "partnercentral/shape_codec.hpp"
#include "partnercentral/validation.hpp"

// The leaves use designated initializers and rely on the members' defaults for what a shape does not
// constrain; GCC 12 still reports those as "missing initializer", so that one warning is off in this file.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace pcs::pc {
namespace {

using detail::field;
using detail::join;
using detail::kRequired;
using detail::structure;
using detail::union_of;
using K = ShapeKind;

// ---- leaves: strings, enums, integers, timestamps ----
// Smithy's prelude String and Integer, with the member's own length or range where it has one.
constexpr ShapeSpec kString{.name = "String"};
constexpr ShapeSpec kTaskNextToken{.name = "String", .min = 1, .max = 2048};
constexpr ShapeSpec kSenderCompanyName{.name = "String", .max = 120};
constexpr ShapeSpec kProjectTitle{.name = "String", .min = 1, .max = 255};
constexpr ShapeSpec kTargetCompany{.name = "String", .min = 1, .max = 80};
constexpr ShapeSpec kTaskPageSize{.name = "Integer", .kind = K::integer, .min = 1, .max = 1000};
constexpr ShapeSpec kPageSize{.name = "PageSize", .kind = K::integer, .min = 1, .max = 100};
constexpr ShapeSpec kDateTime{.name = "DateTime", .kind = K::timestamp};

constexpr ShapeSpec kSortOrder{.name = "SortOrder", .enum_values = kSortOrderValues};
constexpr ShapeSpec kInvitationSortName{.name = "OpportunityEngagementInvitationSortName",
                                        .enum_values = kInvitationSortNameValues};
constexpr ShapeSpec kTaskSortName{.name = "ListTasksSortName", .enum_values = kTaskSortNameValues};
constexpr ShapeSpec kPayloadType{.name = "EngagementInvitationPayloadType", .enum_values = kPayloadTypeValues};
constexpr ShapeSpec kParticipantType{.name = "ParticipantType", .enum_values = kParticipantTypeValues};
constexpr ShapeSpec kInvitationStatus{.name = "InvitationStatus", .enum_values = kInvitationStatusValues};
constexpr ShapeSpec kTaskStatus{.name = "TaskStatus", .enum_values = kTaskStatusValues};
constexpr ShapeSpec kReasonCode{.name = "ReasonCode", .enum_values = kReasonCodeValues};
constexpr ShapeSpec kReceiverResponsibility{.name = "ReceiverResponsibility",
                                            .enum_values = kReceiverResponsibilityValues};
constexpr ShapeSpec kIndustry{.name = "Industry", .enum_values = kIndustryValues};
constexpr ShapeSpec kCountryCode{.name = "CountryCode", .enum_values = kCountryCodeValues, .sensitive = true};
// ExpectedCustomerSpend.CurrencyCode narrows the enum with its own pattern.
constexpr ShapeSpec kSpendCurrencyCode{.name = "CurrencyCode", .pattern = "^USD$",
                                       .enum_values = kCurrencyCodeValues, .sensitive = true};
constexpr ShapeSpec kPaymentFrequency{.name = "PaymentFrequency", .enum_values = kPaymentFrequencyValues};

constexpr ShapeSpec kCatalog{.name = "CatalogIdentifier", .pattern = "^[a-zA-Z]+$", .matches = patterns::catalog};
constexpr ShapeSpec kEngagementArnOrId{.name = "EngagementArnOrIdentifier", .pattern = "^(arn:.*|eng-[0-9a-z]{14})$",
                                       .matches = patterns::engagement_arn_or_id};
constexpr ShapeSpec kAwsAccount{.name = "AwsAccount", .pattern = "^([0-9]{12}|\\w{1,12})$",
                                .matches = patterns::aws_account, .sensitive = true};
constexpr ShapeSpec kInvitationArnOrId{.name = "EngagementInvitationArnOrIdentifier", .min = 1, .max = 255,
                                       .pattern = "^(arn:.*|engi-[0-9a-z]{13})$",
                                       .matches = patterns::invitation_arn_or_id};
constexpr ShapeSpec kClientToken{.name = "ClientToken", .min = 1, .pattern = "^[!-~]{1,64}$",
                                 .matches = patterns::client_token};
constexpr ShapeSpec kTagKey{.name = "TagKey", .min = 1, .max = 128, .pattern = R"(^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$)",
                            .matches = patterns::tag_text};
constexpr ShapeSpec kTagValue{.name = "TagValue", .max = 256, .pattern = R"(^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$)",
                              .matches = patterns::tag_text};
constexpr ShapeSpec kRejectionReason{.name = "RejectionReasonString",
                                     .pattern = R"(^[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}$)",
                                     .matches = patterns::rejection_reason};
constexpr ShapeSpec kOpportunityId{.name = "OpportunityIdentifier", .pattern = "^O[0-9]{1,19}$",
                                   .matches = patterns::opportunity_id};
constexpr ShapeSpec kTaskArnOrId{.name = "TaskArnOrIdentifier", .pattern = "^(arn:.*|task-[0-9a-z]{13})$",
                                 .matches = patterns::task_arn_or_id};
// Not in our model file and the reference gives no pattern: any string, so we never reject a valid one.
constexpr ShapeSpec kContextId{.name = "ContextIdentifier"};

// Response-only strings (patterns recorded, not enforced; see the top of the file).
constexpr ShapeSpec kEngagementId{.name = "EngagementIdentifier", .pattern = "^eng-[0-9a-z]{14}$"};
constexpr ShapeSpec kEngagementTitle{.name = "EngagementTitle", .min = 1, .max = 40};
constexpr ShapeSpec kAlias{.name = "Alias", .min = 0, .max = 80, .pattern = R"(^[\p{L}\p{N}\p{P}\p{Z}]+$)"};
constexpr ShapeSpec kInvitationMessage{.name = "InvitationMessage", .min = 1, .max = 255};
constexpr ShapeSpec kEngagementDescription{.name = "EngagementDescription", .max = 255};
constexpr ShapeSpec kMemberCompanyName{.name = "MemberCompanyName", .min = 1, .max = 120};
constexpr ShapeSpec kSenderContactEmail{.name = "SenderContactEmail", .max = 80,
                                        .pattern = R"(^[a-zA-Z0-9.!#$%&'*+/=?^_{|}~-]+@[a-zA-Z0-9-]+(?:.[a-zA-Z0-9-]+)*$)",
                                        .sensitive = true};
constexpr ShapeSpec kName{.name = "Name", .max = 80, .sensitive = true};
constexpr ShapeSpec kJobTitle{.name = "JobTitle", .max = 80, .sensitive = true};
constexpr ShapeSpec kPhoneNumber{.name = "PhoneNumber", .max = 40, .pattern = R"(^\+[1-9]\d{1,14}$)", .sensitive = true};
constexpr ShapeSpec kCompanyName{.name = "CompanyName", .min = 1, .max = 120, .pattern = R"(^[\p{L}\p{N}\p{P}\p{Z}]+$)"};
constexpr ShapeSpec kCompanyWebsiteUrl{
    .name = "CompanyWebsiteUrl", .min = 4, .max = 255,
    .pattern = R"(^((http|https)://)??(www[.])??([a-zA-Z0-9]|-)+?([.][a-zA-Z0-9(-|/|=|?)??]+?)+?$)", .sensitive = true};
constexpr ShapeSpec kBusinessProblem{.name = "EngagementCustomerBusinessProblem", .min = 20, .max = 255,
                                     .sensitive = true};
constexpr ShapeSpec kDate{.name = "Date", .pattern = "^[1-9][0-9]{3}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$"};
constexpr ShapeSpec kWebsiteUrl{.name = "WebsiteUrl", .min = 4, .max = 255, .sensitive = true};
constexpr ShapeSpec kTaskId{.name = "TaskIdentifier", .pattern = "task-[0-9a-z]{13}$"};
constexpr ShapeSpec kTaskArn{.name = "TaskArn", .pattern = "^arn:.*"};
constexpr ShapeSpec kResourceSnapshotJobId{.name = "ResourceSnapshotJobIdentifier", .pattern = "^job-[0-9a-z]{13}$"};
constexpr ShapeSpec kEngagementInvitationId{.name = "EngagementInvitationIdentifier",
                                            .pattern = "^engi-[0-9,a-z]{13}$"};

// ---- lists of leaves ----
constexpr ShapeSpec kPayloadTypes{.name = "EngagementInvitationsPayloadType", .kind = K::list, .element = &kPayloadType};
constexpr ShapeSpec kInvitationStatuses{.name = "InvitationStatusList", .kind = K::list, .min = 1, .max = 10,
                                        .element = &kInvitationStatus};
constexpr ShapeSpec kEngagementIds{.name = "EngagementIdentifiers", .kind = K::list, .min = 1, .max = 10,
                                   .element = &kEngagementArnOrId};
constexpr ShapeSpec kAwsAccounts{.name = "AwsAccountIdOrAliasList", .kind = K::list, .min = 1, .max = 10,
                                 .element = &kAwsAccount};
constexpr ShapeSpec kTaskStatuses{.name = "TaskStatuses", .kind = K::list, .min = 1, .max = 3, .element = &kTaskStatus};
constexpr ShapeSpec kOpportunityIds{.name = "OpportunityIdentifiers", .kind = K::list, .min = 1, .max = 10,
                                    .element = &kOpportunityId};
constexpr ShapeSpec kInvitationIds{.name = "EngagementInvitationIdentifiers", .kind = K::list, .min = 1, .max = 10,
                                   .element = &kInvitationArnOrId};
constexpr ShapeSpec kTaskIds{.name = "TaskIdentifiers", .kind = K::list, .min = 1, .max = 10, .element = &kTaskArnOrId};
constexpr ShapeSpec kContextIds{.name = "ContextIdentifiers", .kind = K::list, .min = 1, .max = 10,
                                .element = &kContextId};
constexpr ShapeSpec kReceiverResponsibilities{.name = "ReceiverResponsibilityList", .kind = K::list,
                                              .element = &kReceiverResponsibility};

// ---- structures shared by the requests ----
constexpr MemberSpec kInvitationSortMembers[]{
    field<&Sort::sort_order>("SortOrder", kSortOrder, kRequired),
    field<&Sort::sort_by>("SortBy", kInvitationSortName, kRequired),
};
constexpr ShapeSpec kInvitationSort = structure<Sort>("OpportunityEngagementInvitationSort", kInvitationSortMembers);

constexpr MemberSpec kTaskSortMembers[]{
    field<&Sort::sort_order>("SortOrder", kSortOrder, kRequired),
    field<&Sort::sort_by>("SortBy", kTaskSortName, kRequired),
};
constexpr ShapeSpec kTaskSort = structure<Sort>("ListTasksSortBase", kTaskSortMembers);

constexpr MemberSpec kTagMembers[]{
    field<&Tag::key>("Key", kTagKey, kRequired),
    field<&Tag::value>("Value", kTagValue, kRequired),
};
constexpr ShapeSpec kTag = structure<Tag>("Tag", kTagMembers);
constexpr ShapeSpec kTags{.name = "TagList", .kind = K::list, .min = 1, .max = 200, .element = &kTag};

// ---- the six inputs ----
constexpr MemberSpec kListEngagementInvitationsRequestMembers[]{
    field<&ListEngagementInvitationsRequest::catalog>("Catalog", kCatalog, kRequired),
    field<&ListEngagementInvitationsRequest::max_results>("MaxResults", kPageSize),
    field<&ListEngagementInvitationsRequest::next_token>("NextToken", kString),
    field<&ListEngagementInvitationsRequest::sort>("Sort", kInvitationSort),
    field<&ListEngagementInvitationsRequest::payload_type>("PayloadType", kPayloadTypes),
    field<&ListEngagementInvitationsRequest::participant_type>("ParticipantType", kParticipantType, kRequired),
    field<&ListEngagementInvitationsRequest::status>("Status", kInvitationStatuses),
    field<&ListEngagementInvitationsRequest::engagement_identifier>("EngagementIdentifier", kEngagementIds),
    field<&ListEngagementInvitationsRequest::sender_aws_account_id>("SenderAwsAccountId", kAwsAccounts),
};
constexpr ShapeSpec kListEngagementInvitationsRequest =
    structure<ListEngagementInvitationsRequest>("ListEngagementInvitationsRequest", kListEngagementInvitationsRequestMembers);

constexpr MemberSpec kGetEngagementInvitationRequestMembers[]{
    field<&GetEngagementInvitationRequest::catalog>("Catalog", kCatalog, kRequired),
    field<&GetEngagementInvitationRequest::identifier>("Identifier", kInvitationArnOrId, kRequired),
};
constexpr ShapeSpec kGetEngagementInvitationRequest =
    structure<GetEngagementInvitationRequest>("GetEngagementInvitationRequest", kGetEngagementInvitationRequestMembers);

constexpr MemberSpec kStartEngagementByAcceptingInvitationTaskRequestMembers[]{
    field<&StartEngagementByAcceptingInvitationTaskRequest::catalog>("Catalog", kCatalog, kRequired),
    field<&StartEngagementByAcceptingInvitationTaskRequest::client_token>("ClientToken", kClientToken, kRequired),
    field<&StartEngagementByAcceptingInvitationTaskRequest::identifier>("Identifier", kInvitationArnOrId, kRequired),
    field<&StartEngagementByAcceptingInvitationTaskRequest::tags>("Tags", kTags),
};
constexpr ShapeSpec kStartEngagementByAcceptingInvitationTaskRequest =
    structure<StartEngagementByAcceptingInvitationTaskRequest>("StartEngagementByAcceptingInvitationTaskRequest",
                                                               kStartEngagementByAcceptingInvitationTaskRequestMembers);

constexpr MemberSpec kRejectEngagementInvitationRequestMembers[]{
    field<&RejectEngagementInvitationRequest::catalog>("Catalog", kCatalog, kRequired),
    field<&RejectEngagementInvitationRequest::identifier>("Identifier", kInvitationArnOrId, kRequired),
    field<&RejectEngagementInvitationRequest::rejection_reason>("RejectionReason", kRejectionReason),
};
constexpr ShapeSpec kRejectEngagementInvitationRequest = structure<RejectEngagementInvitationRequest>(
    "RejectEngagementInvitationRequest", kRejectEngagementInvitationRequestMembers);

// The members both task listings start with.
template <class T>
constexpr MemberSpec kTaskListRequestMembers[]{
    field<&T::max_results>("MaxResults", kTaskPageSize),
    field<&T::next_token>("NextToken", kTaskNextToken),
    field<&T::sort>("Sort", kTaskSort),
    field<&T::catalog>("Catalog", kCatalog, kRequired),
    field<&T::task_status>("TaskStatus", kTaskStatuses),
};

using AcceptTasksRequest = ListEngagementByAcceptingInvitationTasksRequest;
constexpr auto kAcceptTasksRequestMembers = join(
    kTaskListRequestMembers<AcceptTasksRequest>,
    {field<&AcceptTasksRequest::opportunity_identifier>("OpportunityIdentifier", kOpportunityIds),
     field<&AcceptTasksRequest::engagement_invitation_identifier>("EngagementInvitationIdentifier", kInvitationIds),
     field<&AcceptTasksRequest::task_identifier>("TaskIdentifier", kTaskIds)});
constexpr ShapeSpec kAcceptTasksRequest =
    structure<AcceptTasksRequest>("ListEngagementByAcceptingInvitationTasksRequest", kAcceptTasksRequestMembers);

// Newer than the model file. NextToken's bounds follow the sibling task listing (an assumption; the reference
// gives none).
using OpportunityTasksRequest = ListOpportunityFromEngagementTasksRequest;
constexpr auto kOpportunityTasksRequestMembers = join(
    kTaskListRequestMembers<OpportunityTasksRequest>,
    {field<&OpportunityTasksRequest::task_identifier>("TaskIdentifier", kTaskIds),
     field<&OpportunityTasksRequest::opportunity_identifier>("OpportunityIdentifier", kOpportunityIds),
     field<&OpportunityTasksRequest::engagement_identifier>("EngagementIdentifier", kEngagementIds),
     field<&OpportunityTasksRequest::context_identifier>("ContextIdentifier", kContextIds)});
constexpr ShapeSpec kOpportunityTasksRequest =
    structure<OpportunityTasksRequest>("ListOpportunityFromEngagementTasksRequest", kOpportunityTasksRequestMembers);

// ---- ListEngagementInvitations and GetEngagementInvitation outputs ----
constexpr MemberSpec kAccountReceiverMembers[]{
    field<&AccountReceiver::alias>("Alias", kAlias),
    field<&AccountReceiver::aws_account_id>("AwsAccountId", kAwsAccount, kRequired),
};
constexpr ShapeSpec kAccountReceiver = structure<AccountReceiver>("AccountReceiver", kAccountReceiverMembers);

constexpr MemberSpec kReceiverMembers[]{field<&Receiver::account>("Account", kAccountReceiver)};
constexpr ShapeSpec kReceiver = union_of<Receiver>("Receiver", kReceiverMembers);

// The members an invitation summary shares with GetEngagementInvitation's output.
template <class T>
constexpr MemberSpec kInvitationMembers[]{
    field<&T::arn>("Arn", kString),
    field<&T::payload_type>("PayloadType", kPayloadType),
    field<&T::id>("Id", kInvitationArnOrId, kRequired),
    field<&T::engagement_id>("EngagementId", kEngagementId),
    field<&T::engagement_title>("EngagementTitle", kEngagementTitle),
    field<&T::status>("Status", kInvitationStatus),
    field<&T::invitation_date>("InvitationDate", kDateTime),
    field<&T::expiration_date>("ExpirationDate", kDateTime),
    field<&T::sender_aws_account_id>("SenderAwsAccountId", kAwsAccount),
    field<&T::sender_company_name>("SenderCompanyName", kSenderCompanyName),
    field<&T::receiver>("Receiver", kReceiver),
    field<&T::catalog>("Catalog", kCatalog, kRequired),
};

constexpr auto kInvitationSummaryMembers =
    join(kInvitationMembers<EngagementInvitationSummary>,
         {field<&EngagementInvitationSummary::participant_type>("ParticipantType", kParticipantType)});
constexpr ShapeSpec kInvitationSummary =
    structure<EngagementInvitationSummary>("EngagementInvitationSummary", kInvitationSummaryMembers);
constexpr ShapeSpec kInvitationSummaries{.name = "EngagementInvitationSummaries", .kind = K::list,
                                         .element = &kInvitationSummary};

constexpr MemberSpec kListEngagementInvitationsResponseMembers[]{
    field<&ListEngagementInvitationsResponse::engagement_invitation_summaries>("EngagementInvitationSummaries",
                                                                              kInvitationSummaries),
    field<&ListEngagementInvitationsResponse::next_token>("NextToken", kString),
};
constexpr ShapeSpec kListEngagementInvitationsResponse = structure<ListEngagementInvitationsResponse>(
    "ListEngagementInvitationsResponse", kListEngagementInvitationsResponseMembers);

constexpr MemberSpec kSenderContactMembers[]{
    field<&SenderContact::email>("Email", kSenderContactEmail, kRequired),
    field<&SenderContact::first_name>("FirstName", kName),
    field<&SenderContact::last_name>("LastName", kName),
    field<&SenderContact::business_title>("BusinessTitle", kJobTitle),
    field<&SenderContact::phone>("Phone", kPhoneNumber),
};
constexpr ShapeSpec kSenderContact = structure<SenderContact>("SenderContact", kSenderContactMembers);
constexpr ShapeSpec kSenderContacts{.name = "SenderContactList", .kind = K::list, .min = 1, .max = 3,
                                    .element = &kSenderContact};

constexpr MemberSpec kEngagementCustomerMembers[]{
    field<&EngagementCustomer::industry>("Industry", kIndustry, kRequired),
    field<&EngagementCustomer::company_name>("CompanyName", kCompanyName, kRequired),
    field<&EngagementCustomer::website_url>("WebsiteUrl", kCompanyWebsiteUrl, kRequired),
    field<&EngagementCustomer::country_code>("CountryCode", kCountryCode, kRequired),
};
constexpr ShapeSpec kEngagementCustomer = structure<EngagementCustomer>("EngagementCustomer", kEngagementCustomerMembers);

constexpr MemberSpec kExpectedCustomerSpendMembers[]{
    field<&ExpectedCustomerSpend::amount>("Amount", kString, kRequired),
    field<&ExpectedCustomerSpend::currency_code>("CurrencyCode", kSpendCurrencyCode, kRequired),
    field<&ExpectedCustomerSpend::frequency>("Frequency", kPaymentFrequency, kRequired),
    field<&ExpectedCustomerSpend::target_company>("TargetCompany", kTargetCompany, kRequired),
    field<&ExpectedCustomerSpend::estimation_url>("EstimationUrl", kWebsiteUrl),
};
constexpr ShapeSpec kExpectedCustomerSpend =
    structure<ExpectedCustomerSpend>("ExpectedCustomerSpend", kExpectedCustomerSpendMembers);
constexpr ShapeSpec kExpectedCustomerSpendList{.name = "ExpectedCustomerSpendList", .kind = K::list, .min = 1,
                                               .element = &kExpectedCustomerSpend};

constexpr MemberSpec kProjectDetailsMembers[]{
    field<&ProjectDetails::business_problem>("BusinessProblem", kBusinessProblem, kRequired),
    field<&ProjectDetails::title>("Title", kProjectTitle, kRequired),
    field<&ProjectDetails::target_completion_date>("TargetCompletionDate", kDate, kRequired),
    field<&ProjectDetails::expected_customer_spend>("ExpectedCustomerSpend", kExpectedCustomerSpendList, kRequired),
};
constexpr ShapeSpec kProjectDetails = structure<ProjectDetails>("ProjectDetails", kProjectDetailsMembers);

constexpr MemberSpec kOpportunityInvitationPayloadMembers[]{
    field<&OpportunityInvitationPayload::sender_contacts>("SenderContacts", kSenderContacts),
    field<&OpportunityInvitationPayload::receiver_responsibilities>("ReceiverResponsibilities",
                                                                   kReceiverResponsibilities, kRequired),
    field<&OpportunityInvitationPayload::customer>("Customer", kEngagementCustomer, kRequired),
    field<&OpportunityInvitationPayload::project>("Project", kProjectDetails, kRequired),
};
constexpr ShapeSpec kOpportunityInvitationPayload =
    structure<OpportunityInvitationPayload>("OpportunityInvitationPayload", kOpportunityInvitationPayloadMembers);

constexpr MemberSpec kPayloadMembers[]{
    field<&Payload::opportunity_invitation>("OpportunityInvitation", kOpportunityInvitationPayload),
};
constexpr ShapeSpec kPayload = union_of<Payload>("Payload", kPayloadMembers);

constexpr MemberSpec kEngagementMemberSummaryMembers[]{
    field<&EngagementMemberSummary::company_name>("CompanyName", kMemberCompanyName),
    field<&EngagementMemberSummary::website_url>("WebsiteUrl", kString),
};
constexpr ShapeSpec kEngagementMemberSummary =
    structure<EngagementMemberSummary>("EngagementMemberSummary", kEngagementMemberSummaryMembers);
constexpr ShapeSpec kEngagementMemberSummaries{.name = "EngagementMemberSummaries", .kind = K::list,
                                               .element = &kEngagementMemberSummary};

constexpr auto kGetEngagementInvitationResponseMembers =
    join(kInvitationMembers<GetEngagementInvitationResponse>,
         {field<&GetEngagementInvitationResponse::rejection_reason>("RejectionReason", kRejectionReason),
          field<&GetEngagementInvitationResponse::payload>("Payload", kPayload),
          field<&GetEngagementInvitationResponse::invitation_message>("InvitationMessage", kInvitationMessage),
          field<&GetEngagementInvitationResponse::engagement_description>("EngagementDescription",
                                                                          kEngagementDescription),
          field<&GetEngagementInvitationResponse::existing_members>("ExistingMembers", kEngagementMemberSummaries)});
constexpr ShapeSpec kGetEngagementInvitationResponse = structure<GetEngagementInvitationResponse>(
    "GetEngagementInvitationResponse", kGetEngagementInvitationResponseMembers);

// ---- task outputs ----
// The members every task summary (and StartEngagementByAcceptingInvitationTask's output) starts with.
template <class T>
constexpr MemberSpec kTaskMembers[]{
    field<&T::task_id>("TaskId", kTaskId),
    field<&T::task_arn>("TaskArn", kTaskArn),
    field<&T::start_time>("StartTime", kDateTime),
    field<&T::task_status>("TaskStatus", kTaskStatus),
    field<&T::message>("Message", kString),
    field<&T::reason_code>("ReasonCode", kReasonCode),
    field<&T::opportunity_id>("OpportunityId", kOpportunityId),
    field<&T::resource_snapshot_job_id>("ResourceSnapshotJobId", kResourceSnapshotJobId),
};

using StartTaskResponse = StartEngagementByAcceptingInvitationTaskResponse;
constexpr auto kStartTaskResponseMembers = join(
    kTaskMembers<StartTaskResponse>,
    {field<&StartTaskResponse::engagement_invitation_id>("EngagementInvitationId", kEngagementInvitationId)});
constexpr ShapeSpec kStartTaskResponse =
    structure<StartTaskResponse>("StartEngagementByAcceptingInvitationTaskResponse", kStartTaskResponseMembers);

constexpr ShapeSpec kRejectEngagementInvitationResponse =
    structure<RejectEngagementInvitationResponse>("RejectEngagementInvitationResponse");

using AcceptTaskSummary = EngagementByAcceptingInvitationTaskSummary;
constexpr auto kAcceptTaskSummaryMembers = join(
    kTaskMembers<AcceptTaskSummary>,
    {field<&AcceptTaskSummary::engagement_invitation_id>("EngagementInvitationId", kEngagementInvitationId)});
constexpr ShapeSpec kAcceptTaskSummary =
    structure<AcceptTaskSummary>("ListEngagementByAcceptingInvitationTaskSummary", kAcceptTaskSummaryMembers);
constexpr ShapeSpec kAcceptTaskSummaries{.name = "ListEngagementByAcceptingInvitationTaskSummaries", .kind = K::list,
                                         .element = &kAcceptTaskSummary};

constexpr MemberSpec kAcceptTasksResponseMembers[]{
    field<&ListEngagementByAcceptingInvitationTasksResponse::task_summaries>("TaskSummaries", kAcceptTaskSummaries),
    field<&ListEngagementByAcceptingInvitationTasksResponse::next_token>("NextToken", kString),
};
constexpr ShapeSpec kAcceptTasksResponse = structure<ListEngagementByAcceptingInvitationTasksResponse>(
    "ListEngagementByAcceptingInvitationTasksResponse", kAcceptTasksResponseMembers);

// Newer than the model file: the reference's members, with the sibling shapes' leaves. The reference lists
// more ReasonCode values (ContextNotFound, ...); output enums are open, so any value is kept.
using OpportunityTaskSummary = OpportunityFromEngagementTaskSummary;
constexpr auto kOpportunityTaskSummaryMembers =
    join(kTaskMembers<OpportunityTaskSummary>,
         {field<&OpportunityTaskSummary::engagement_id>("EngagementId", kEngagementId),
          field<&OpportunityTaskSummary::context_id>("ContextId", kContextId)});
constexpr ShapeSpec kOpportunityTaskSummary =
    structure<OpportunityTaskSummary>("ListOpportunityFromEngagementTaskSummary", kOpportunityTaskSummaryMembers);
constexpr ShapeSpec kOpportunityTaskSummaries{.name = "ListOpportunityFromEngagementTaskSummaries",
                                              .kind = K::list, .element = &kOpportunityTaskSummary};

constexpr MemberSpec kOpportunityTasksResponseMembers[]{
    field<&ListOpportunityFromEngagementTasksResponse::task_summaries>("TaskSummaries", kOpportunityTaskSummaries),
    field<&ListOpportunityFromEngagementTasksResponse::next_token>("NextToken", kString),
};
constexpr ShapeSpec kOpportunityTasksResponse = structure<ListOpportunityFromEngagementTasksResponse>(
    "ListOpportunityFromEngagementTasksResponse", kOpportunityTasksResponseMembers);

// ---- the operations ----
struct Operation {
  std::string_view name;
  const ShapeSpec* input;
  const ShapeSpec* output;
  bool writes = false;  // changes state: Partner Central meters it with the write quota
};

constexpr bool kWrites = true;
constexpr Operation kOperations[]{
    {ListEngagementInvitationsRequest::operation, &kListEngagementInvitationsRequest,
     &kListEngagementInvitationsResponse},
    {GetEngagementInvitationRequest::operation, &kGetEngagementInvitationRequest, &kGetEngagementInvitationResponse},
    {StartEngagementByAcceptingInvitationTaskRequest::operation, &kStartEngagementByAcceptingInvitationTaskRequest,
     &kStartTaskResponse, kWrites},
    {RejectEngagementInvitationRequest::operation, &kRejectEngagementInvitationRequest,
     &kRejectEngagementInvitationResponse, kWrites},
    {AcceptTasksRequest::operation, &kAcceptTasksRequest, &kAcceptTasksResponse},
    {OpportunityTasksRequest::operation, &kOpportunityTasksRequest, &kOpportunityTasksResponse},
};

constexpr auto kOperationNames = [] {
  std::array<std::string_view, std::size(kOperations)> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = kOperations[i].name;
  return names;
}();

const Operation* find_operation(std::string_view name) {
  for (const auto& op : kOperations)
    if (op.name == name) return &op;
  return nullptr;
}

// Adds every structure and union reachable from shape, each once, outermost first.
void collect(const ShapeSpec* shape, std::vector<const ShapeSpec*>& out) {
  while (shape && shape->kind == K::list) shape = shape->element;
  if (!shape || !shape->type || std::find(out.begin(), out.end(), shape) != out.end()) return;
  out.push_back(shape);
  for (const auto& m : shape->members) collect(m.shape, out);
}

const std::vector<const ShapeSpec*>& structures() {
  static const std::vector<const ShapeSpec*> all = [] {
    std::vector<const ShapeSpec*> out;
    for (const auto& op : kOperations) {
      collect(op.input, out);
      collect(op.output, out);
    }
    return out;
  }();
  return all;
}

}  // namespace

bool MemberSpec::sensitive() const {
  for (const ShapeSpec* s = shape; s; s = s->kind == K::list ? s->element : nullptr)
    if (s->sensitive) return true;
  return false;
}

std::span<const std::string_view> known_operations() { return kOperationNames; }

bool is_known_operation(std::string_view operation) { return find_operation(operation) != nullptr; }

const ShapeSpec* input_shape(std::string_view operation) {
  const Operation* op = find_operation(operation);
  return op ? op->input : nullptr;
}

const ShapeSpec* output_shape(std::string_view operation) {
  const Operation* op = find_operation(operation);
  return op ? op->output : nullptr;
}

bool is_write_operation(std::string_view operation) {
  const Operation* op = find_operation(operation);
  return op && op->writes;
}

std::span<const ShapeSpec* const> described_structures() { return structures(); }

const ShapeSpec* find_shape(std::string_view name) {
  for (const ShapeSpec* s : structures())
    if (s->name == name) return s;
  return nullptr;
}

const MemberSpec* find_member(const ShapeSpec& shape, std::string_view name) {
  for (const auto& m : shape.members)
    if (m.name == name) return &m;
  return nullptr;
}

bool is_sensitive(std::string_view shape, std::string_view member) {
  const ShapeSpec* s = find_shape(shape);
  const MemberSpec* m = s ? find_member(*s, member) : nullptr;
  return m && m->sensitive();
}

namespace detail {

const ShapeSpec& shape_by_type(const void* type, const char* type_name) {
  for (const ShapeSpec* s : structures())
    if (s->type == type) return *s;
  std::fprintf(stderr, "pcsyncd: no shape table describes %s (lib/partnercentral/shape_tables.cpp)\n", type_name);
  std::abort();
}

}  // namespace detail
}  // namespace pcs::pc
