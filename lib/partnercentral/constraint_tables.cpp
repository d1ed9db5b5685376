// The input shapes of the six operations, transcribed from partnercentral-selling-2022-07-26 (and, for
// ListOpportunityFromEngagementTasks, from the current API reference). Member traits are merged into the
// member's ShapeSpec, as Smithy applies them. constraint_tables_test cross-checks this file against the model.

#include <array>

#include "partnercentral/patterns.hpp"
#include "partnercentral/validation.hpp"

// The tables use designated initializers and rely on the members' defaults for what a shape does not
// constrain; GCC 12 still reports those as "missing initializer", so that one warning is off in this file.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace pcs::pc {
namespace {

using K = ShapeKind;

// ---- leaves ----
const ShapeSpec kCatalog{.name = "CatalogIdentifier", .kind = K::string, .pattern = "^[a-zA-Z]+$",
                         .matches = patterns::catalog};
const ShapeSpec kString{.name = "String", .kind = K::string};
const ShapeSpec kNextTokenBounded{.name = "String", .kind = K::string, .min = 1, .max = 2048};
const ShapeSpec kPageSize{.name = "PageSize", .kind = K::integer, .min = 1, .max = 100};
const ShapeSpec kTaskPageSize{.name = "Integer", .kind = K::integer, .min = 1, .max = 1000};
const ShapeSpec kSortOrder{.name = "SortOrder", .kind = K::string, .enum_values = {"ASCENDING", "DESCENDING"}};
const ShapeSpec kInvitationSortName{.name = "OpportunityEngagementInvitationSortName", .kind = K::string,
                                    .enum_values = {"InvitationDate"}};
const ShapeSpec kTaskSortName{.name = "ListTasksSortName", .kind = K::string, .enum_values = {"StartTime"}};
const ShapeSpec kPayloadType{.name = "EngagementInvitationPayloadType", .kind = K::string,
                             .enum_values = {"OpportunityInvitation"}};
const ShapeSpec kParticipantType{.name = "ParticipantType", .kind = K::string, .enum_values = {"SENDER", "RECEIVER"}};
const ShapeSpec kInvitationStatus{.name = "InvitationStatus", .kind = K::string,
                                  .enum_values = {"ACCEPTED", "PENDING", "REJECTED", "EXPIRED"}};
const ShapeSpec kTaskStatus{.name = "TaskStatus", .kind = K::string,
                            .enum_values = {"IN_PROGRESS", "COMPLETE", "FAILED"}};
const ShapeSpec kEngagementArnOrId{.name = "EngagementArnOrIdentifier", .kind = K::string,
                                   .pattern = "^(arn:.*|eng-[0-9a-z]{14})$", .matches = patterns::engagement_arn_or_id};
const ShapeSpec kAwsAccount{.name = "AwsAccount", .kind = K::string, .pattern = "^([0-9]{12}|\\w{1,12})$",
                            .matches = patterns::aws_account};
const ShapeSpec kInvitationArnOrId{.name = "EngagementInvitationArnOrIdentifier", .kind = K::string, .min = 1,
                                   .max = 255, .pattern = "^(arn:.*|engi-[0-9a-z]{13})$",
                                   .matches = patterns::invitation_arn_or_id};
const ShapeSpec kClientToken{.name = "ClientToken", .kind = K::string, .min = 1, .pattern = "^[!-~]{1,64}$",
                             .matches = patterns::client_token};
const ShapeSpec kTagKey{.name = "TagKey", .kind = K::string, .min = 1, .max = 128,
                        .pattern = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", .matches = patterns::tag_text};
const ShapeSpec kTagValue{.name = "TagValue", .kind = K::string, .max = 256,
                          .pattern = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", .matches = patterns::tag_text};
const ShapeSpec kRejectionReason{.name = "RejectionReasonString", .kind = K::string,
                                 .pattern = "^[\\u0020-\\u007E\\u00A0-\\uD7FF\\uE000-\\uFFFD]{1,80}$",
                                 .matches = patterns::rejection_reason};
const ShapeSpec kOpportunityId{.name = "OpportunityIdentifier", .kind = K::string, .pattern = "^O[0-9]{1,19}$",
                               .matches = patterns::opportunity_id};
const ShapeSpec kTaskArnOrId{.name = "TaskArnOrIdentifier", .kind = K::string,
                             .pattern = "^(arn:.*|task-[0-9a-z]{13})$", .matches = patterns::task_arn_or_id};
// Not in our model file and the reference gives no pattern: any string, so we never reject a valid one.
const ShapeSpec kContextId{.name = "ContextIdentifier", .kind = K::string};

// ---- structures and lists ----
const ShapeSpec kInvitationSort{.name = "OpportunityEngagementInvitationSort", .kind = K::structure,
                                .members = {{"SortOrder", &kSortOrder, true}, {"SortBy", &kInvitationSortName, true}}};
const ShapeSpec kTaskSort{.name = "ListTasksSortBase", .kind = K::structure,
                          .members = {{"SortOrder", &kSortOrder, true}, {"SortBy", &kTaskSortName, true}}};
const ShapeSpec kPayloadTypes{.name = "EngagementInvitationsPayloadType", .kind = K::list, .element = &kPayloadType};
const ShapeSpec kInvitationStatuses{.name = "InvitationStatusList", .kind = K::list, .min = 1, .max = 10,
                                    .element = &kInvitationStatus};
const ShapeSpec kEngagementIds{.name = "EngagementIdentifiers", .kind = K::list, .min = 1, .max = 10,
                               .element = &kEngagementArnOrId};
const ShapeSpec kAwsAccounts{.name = "AwsAccountIdOrAliasList", .kind = K::list, .min = 1, .max = 10,
                             .element = &kAwsAccount};
const ShapeSpec kTag{.name = "Tag", .kind = K::structure,
                     .members = {{"Key", &kTagKey, true}, {"Value", &kTagValue, true}}};
const ShapeSpec kTags{.name = "TagList", .kind = K::list, .min = 1, .max = 200, .element = &kTag};
const ShapeSpec kTaskStatuses{.name = "TaskStatuses", .kind = K::list, .min = 1, .max = 3, .element = &kTaskStatus};
const ShapeSpec kOpportunityIds{.name = "OpportunityIdentifiers", .kind = K::list, .min = 1, .max = 10,
                                .element = &kOpportunityId};
const ShapeSpec kInvitationIds{.name = "EngagementInvitationIdentifiers", .kind = K::list, .min = 1, .max = 10,
                               .element = &kInvitationArnOrId};
const ShapeSpec kTaskIds{.name = "TaskIdentifiers", .kind = K::list, .min = 1, .max = 10, .element = &kTaskArnOrId};
const ShapeSpec kContextIds{.name = "ContextIdentifiers", .kind = K::list, .min = 1, .max = 10, .element = &kContextId};

// ---- the six inputs ----
const ShapeSpec kListEngagementInvitations{
    .name = "ListEngagementInvitationsRequest",
    .kind = K::structure,
    .members = {{"Catalog", &kCatalog, true},
                {"MaxResults", &kPageSize, false},
                {"NextToken", &kString, false},
                {"Sort", &kInvitationSort, false},
                {"PayloadType", &kPayloadTypes, false},
                {"ParticipantType", &kParticipantType, true},
                {"Status", &kInvitationStatuses, false},
                {"EngagementIdentifier", &kEngagementIds, false},
                {"SenderAwsAccountId", &kAwsAccounts, false}}};

const ShapeSpec kGetEngagementInvitation{
    .name = "GetEngagementInvitationRequest",
    .kind = K::structure,
    .members = {{"Catalog", &kCatalog, true}, {"Identifier", &kInvitationArnOrId, true}}};

const ShapeSpec kStartEngagementByAcceptingInvitationTask{
    .name = "StartEngagementByAcceptingInvitationTaskRequest",
    .kind = K::structure,
    .members = {{"Catalog", &kCatalog, true},
                {"ClientToken", &kClientToken, true},
                {"Identifier", &kInvitationArnOrId, true},
                {"Tags", &kTags, false}}};

const ShapeSpec kRejectEngagementInvitation{
    .name = "RejectEngagementInvitationRequest",
    .kind = K::structure,
    .members = {{"Catalog", &kCatalog, true},
                {"Identifier", &kInvitationArnOrId, true},
                {"RejectionReason", &kRejectionReason, false}}};

const ShapeSpec kListEngagementByAcceptingInvitationTasks{
    .name = "ListEngagementByAcceptingInvitationTasksRequest",
    .kind = K::structure,
    .members = {{"MaxResults", &kTaskPageSize, false},
                {"NextToken", &kNextTokenBounded, false},
                {"Sort", &kTaskSort, false},
                {"Catalog", &kCatalog, true},
                {"TaskStatus", &kTaskStatuses, false},
                {"OpportunityIdentifier", &kOpportunityIds, false},
                {"EngagementInvitationIdentifier", &kInvitationIds, false},
                {"TaskIdentifier", &kTaskIds, false}}};

// Newer than the model file. NextToken's bounds follow the sibling task listing (an assumption; the reference
// gives none).
const ShapeSpec kListOpportunityFromEngagementTasks{
    .name = "ListOpportunityFromEngagementTasksRequest",
    .kind = K::structure,
    .members = {{"MaxResults", &kTaskPageSize, false},
                {"NextToken", &kNextTokenBounded, false},
                {"Sort", &kTaskSort, false},
                {"Catalog", &kCatalog, true},
                {"TaskStatus", &kTaskStatuses, false},
                {"TaskIdentifier", &kTaskIds, false},
                {"OpportunityIdentifier", &kOpportunityIds, false},
                {"EngagementIdentifier", &kEngagementIds, false},
                {"ContextIdentifier", &kContextIds, false}}};

constexpr std::array<std::string_view, 6> kOperations{
    "ListEngagementInvitations",          "GetEngagementInvitation",
    "StartEngagementByAcceptingInvitationTask", "RejectEngagementInvitation",
    "ListEngagementByAcceptingInvitationTasks", "ListOpportunityFromEngagementTasks"};

}  // namespace

std::span<const std::string_view> known_operations() { return kOperations; }

bool is_known_operation(std::string_view operation) { return input_shape(operation) != nullptr; }

const ShapeSpec* input_shape(std::string_view operation) {
  if (operation == "ListEngagementInvitations") return &kListEngagementInvitations;
  if (operation == "GetEngagementInvitation") return &kGetEngagementInvitation;
  if (operation == "StartEngagementByAcceptingInvitationTask") return &kStartEngagementByAcceptingInvitationTask;
  if (operation == "RejectEngagementInvitation") return &kRejectEngagementInvitation;
  if (operation == "ListEngagementByAcceptingInvitationTasks") return &kListEngagementByAcceptingInvitationTasks;
  if (operation == "ListOpportunityFromEngagementTasks") return &kListOpportunityFromEngagementTasks;
  return nullptr;
}

}  // namespace pcs::pc
