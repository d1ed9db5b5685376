#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "partnercentral/patterns.hpp"
#include "partnercentral/validation.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;

std::vector<FieldError> check(std::string_view op, std::string_view body, ValidationOptions o = {}) {
  return validate_request(op, json::parse(body), o);
}

// The single error expected, as "field code".
std::string only(const std::vector<FieldError>& errors) {
  if (errors.size() != 1) {
    std::string all = std::to_string(errors.size()) + " errors:";
    for (const auto& e : errors) all += " " + e.field + " " + e.code;
    return all;
  }
  return errors[0].field + " " + errors[0].code;
}

TEST(Validation, KnownOperations) {
  EXPECT_EQ(known_operations().size(), 6u);
  for (auto op : known_operations()) EXPECT_TRUE(is_known_operation(op)) << op;
  EXPECT_FALSE(is_known_operation("CreateOpportunity"));
  auto errors = check("CreateOpportunity", "{}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "");
}

TEST(Validation, ValidRequestsPass) {
  EXPECT_TRUE(check("ListEngagementInvitations",
                    R"({"Catalog":"AWS","ParticipantType":"RECEIVER","MaxResults":100,"NextToken":"x",
                        "Sort":{"SortOrder":"DESCENDING","SortBy":"InvitationDate"},"PayloadType":["OpportunityInvitation"],
                        "Status":["PENDING"],"EngagementIdentifier":["eng-0123456789abcd"],
                        "SenderAwsAccountId":["123456789012","alias_1"]})")
                  .empty());
  EXPECT_TRUE(check("GetEngagementInvitation", R"({"Catalog":"Sandbox","Identifier":"arn:aws:partnercentral:x"})").empty());
  EXPECT_TRUE(check("StartEngagementByAcceptingInvitationTask",
                    R"({"Catalog":"AWS","ClientToken":"pcsyncd-engi-0000000000001","Identifier":"engi-0123456789abc",
                        "Tags":[{"Key":"source","Value":"pcsyncd"},{"Key":"Größe","Value":""}]})")
                  .empty());
  EXPECT_TRUE(check("RejectEngagementInvitation",
                    R"({"Catalog":"AWS","Identifier":"engi-0123456789abc","RejectionReason":"Pas adapté — merci"})")
                  .empty());
  EXPECT_TRUE(check("ListEngagementByAcceptingInvitationTasks",
                    R"({"Catalog":"AWS","MaxResults":1000,"TaskStatus":["IN_PROGRESS","COMPLETE","FAILED"],
                        "OpportunityIdentifier":["O1234567890123456789"],"TaskIdentifier":["task-0123456789abc"],
                        "EngagementInvitationIdentifier":["engi-0123456789abc"],
                        "Sort":{"SortOrder":"ASCENDING","SortBy":"StartTime"}})")
                  .empty());
  EXPECT_TRUE(check("ListOpportunityFromEngagementTasks",
                    R"({"Catalog":"AWS","MaxResults":1,"ContextIdentifier":["1"],"EngagementIdentifier":["eng-0123456789abcd"],
                        "Sort":{"SortOrder":"ASCENDING","SortBy":"StartTime"}})")
                  .empty());
  // null means "not set", as the SDKs send it.
  EXPECT_TRUE(check("GetEngagementInvitation", R"({"Catalog":"AWS","Identifier":"engi-0123456789abc","X":null})",
                    {.reject_unknown_members = false})
                  .empty());
}

TEST(Validation, RequiredMissing) {
  auto errors = check("StartEngagementByAcceptingInvitationTask", R"({"Catalog":"AWS"})");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "ClientToken");
  EXPECT_EQ(errors[0].code, "REQUIRED_FIELD_MISSING");
  EXPECT_EQ(errors[1].field, "Identifier");
  EXPECT_EQ(only(check("ListEngagementInvitations", R"({"Catalog":"AWS","ParticipantType":null})")),
            "ParticipantType REQUIRED_FIELD_MISSING");
  EXPECT_EQ(only(check("ListEngagementByAcceptingInvitationTasks",
                       R"({"Catalog":"AWS","Sort":{"SortOrder":"ASCENDING"}})")),
            "Sort.SortBy REQUIRED_FIELD_MISSING");
  EXPECT_EQ(only(check("StartEngagementByAcceptingInvitationTask",
                       R"({"Catalog":"AWS","ClientToken":"t","Identifier":"engi-0123456789abc",
                           "Tags":[{"Key":"a","Value":"b"},{"Key":"c","Value":"d"},{"Value":"x"}]})")),
            "Tags[2].Key REQUIRED_FIELD_MISSING");
}

TEST(Validation, BadEnum) {
  EXPECT_EQ(only(check("ListEngagementInvitations",
                       R"({"Catalog":"AWS","ParticipantType":"RECEIVER","Sort":{"SortOrder":"UP","SortBy":"InvitationDate"}})")),
            "Sort.SortOrder INVALID_ENUM_VALUE");
  EXPECT_EQ(only(check("ListEngagementInvitations", R"({"Catalog":"AWS","ParticipantType":"OBSERVER"})")),
            "ParticipantType INVALID_ENUM_VALUE");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks", R"({"Catalog":"AWS","TaskStatus":["COMPLETE","DONE"]})")),
            "TaskStatus[1] INVALID_ENUM_VALUE");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks",
                       R"({"Catalog":"AWS","Sort":{"SortOrder":"ASCENDING","SortBy":"InvitationDate"}})")),
            "Sort.SortBy INVALID_ENUM_VALUE");
}

TEST(Validation, BadPattern) {
  EXPECT_EQ(only(check("GetEngagementInvitation", R"({"Catalog":"AWS","Identifier":"engi-BAD"})")),
            "Identifier INVALID_STRING_FORMAT");
  EXPECT_EQ(only(check("GetEngagementInvitation", R"({"Catalog":"AWS1","Identifier":"engi-0123456789abc"})")),
            "Catalog INVALID_STRING_FORMAT");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks", R"({"Catalog":"AWS","OpportunityIdentifier":["X1"]})")),
            "OpportunityIdentifier[0] INVALID_STRING_FORMAT");
  EXPECT_EQ(only(check("StartEngagementByAcceptingInvitationTask",
                       R"({"Catalog":"AWS","ClientToken":"has space","Identifier":"engi-0123456789abc"})")),
            "ClientToken INVALID_STRING_FORMAT");
  EXPECT_EQ(only(check("RejectEngagementInvitation",
                       R"({"Catalog":"AWS","Identifier":"engi-0123456789abc","RejectionReason":"line\nbreak"})")),
            "RejectionReason INVALID_STRING_FORMAT");
  // EngagementInvitationArnOrIdentifier is at most 255 characters.
  std::string ok_id = "arn:" + std::string(251, 'a');
  EXPECT_TRUE(check("GetEngagementInvitation", R"({"Catalog":"AWS","Identifier":")" + ok_id + "\"}").empty());
  EXPECT_EQ(only(check("GetEngagementInvitation", R"({"Catalog":"AWS","Identifier":")" + ok_id + "a\"}")),
            "Identifier INVALID_STRING_FORMAT");
}

TEST(Validation, ListsAndRanges) {
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks",
                       R"({"Catalog":"AWS","TaskStatus":["COMPLETE","FAILED","IN_PROGRESS","COMPLETE"]})")),
            "TaskStatus TOO_MANY_VALUES");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks",
                       R"({"Catalog":"AWS","ContextIdentifier":["1","2","3","4","5","6","7","8","9","10","11"]})")),
            "ContextIdentifier TOO_MANY_VALUES");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks", R"({"Catalog":"AWS","TaskIdentifier":[]})")),
            "TaskIdentifier INVALID_VALUE");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks", R"({"Catalog":"AWS","MaxResults":0})")),
            "MaxResults VALUE_OUT_OF_RANGE");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks", R"({"Catalog":"AWS","MaxResults":1001})")),
            "MaxResults VALUE_OUT_OF_RANGE");
  EXPECT_EQ(only(check("ListEngagementInvitations", R"({"Catalog":"AWS","ParticipantType":"RECEIVER","MaxResults":101})")),
            "MaxResults VALUE_OUT_OF_RANGE");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks", R"({"Catalog":"AWS","MaxResults":18446744073709551615})")),
            "MaxResults VALUE_OUT_OF_RANGE");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks", R"({"Catalog":"AWS","MaxResults":"10"})")),
            "MaxResults INVALID_VALUE");
  EXPECT_EQ(only(check("ListOpportunityFromEngagementTasks", R"({"Catalog":"AWS","MaxResults":2.5})")),
            "MaxResults INVALID_VALUE");
  EXPECT_EQ(only(check("ListEngagementByAcceptingInvitationTasks", R"({"Catalog":"AWS","NextToken":""})")),
            "NextToken INVALID_STRING_FORMAT");
}

TEST(Validation, WrongTypesAndUnknownMembers) {
  EXPECT_EQ(only(check("GetEngagementInvitation", R"({"Catalog":1,"Identifier":"engi-0123456789abc"})")),
            "Catalog INVALID_VALUE");
  EXPECT_EQ(only(check("GetEngagementInvitation", R"([])")), "(body) INVALID_VALUE");
  auto unknown = R"({"Catalog":"AWS","Identifier":"engi-0123456789abc","Identifer":"typo"})";
  EXPECT_EQ(only(check("GetEngagementInvitation", unknown)), "Identifer INVALID_VALUE");
  EXPECT_TRUE(check("GetEngagementInvitation", unknown, {.reject_unknown_members = false}).empty());
}

TEST(Validation, ErrorNamesEveryField) {
  auto e = make_validation_error("GetEngagementInvitation",
                                 check("GetEngagementInvitation", R"({"Catalog":"1","Identifier":"engi-BAD"})"));
  EXPECT_EQ(e.kind, ErrorKind::validation);
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_FALSE(e.retryable);
  EXPECT_NE(e.message.find("Catalog"), std::string::npos);
  EXPECT_NE(e.message.find("Identifier"), std::string::npos);
  // Values are never echoed (some are @sensitive).
  EXPECT_EQ(e.message.find("engi-BAD"), std::string::npos);
}

TEST(Patterns, Vectors) {
  using namespace patterns;
  EXPECT_TRUE(invitation_arn_or_id("engi-0123456789abc"));
  EXPECT_FALSE(invitation_arn_or_id("engi-0123456789ab"));
  EXPECT_FALSE(invitation_arn_or_id("engi-0123456789ABC"));
  EXPECT_TRUE(invitation_arn_or_id("arn:"));
  EXPECT_FALSE(invitation_arn_or_id("arn:x\ny"));
  EXPECT_TRUE(engagement_arn_or_id("eng-0123456789abcd"));
  EXPECT_FALSE(engagement_arn_or_id("eng-0123456789abc"));
  EXPECT_TRUE(task_arn_or_id("task-0123456789abc"));
  // The exact forms the service hands out: no ARN, no prefix or suffix, lower case and digits only.
  EXPECT_TRUE(task_id("task-0123456789abc"));
  EXPECT_FALSE(task_id("arn:aws:partnercentral:us-east-1::task/task-0123456789abc"));
  EXPECT_FALSE(task_id("task-NOT-A-TASK-ID"));
  EXPECT_FALSE(task_id("x\x1btask-0123456789abc"));
  EXPECT_FALSE(task_id("task-0123456789abcd"));
  EXPECT_TRUE(invitation_id("engi-0123456789abc"));
  EXPECT_FALSE(invitation_id("arn:aws:partnercentral:us-east-1::engagement-invitation/engi-0123456789abc"));
  EXPECT_FALSE(invitation_id("engi-0123456789ab,"));
  EXPECT_FALSE(invitation_id("not-an-id^[]0;owned"));
  EXPECT_TRUE(opportunity_id("O1"));
  EXPECT_FALSE(opportunity_id("O"));
  EXPECT_FALSE(opportunity_id("O12345678901234567890"));
  EXPECT_TRUE(aws_account("123456789012"));
  EXPECT_TRUE(aws_account("my_alias"));
  EXPECT_FALSE(aws_account("1234567890123"));
  EXPECT_FALSE(aws_account("bad-alias"));
  EXPECT_TRUE(client_token("!~"));
  EXPECT_FALSE(client_token(std::string(65, 'a')));
  EXPECT_TRUE(rejection_reason("ok"));
  EXPECT_FALSE(rejection_reason(""));
  EXPECT_FALSE(rejection_reason(std::string(81, 'a')));
  EXPECT_FALSE(rejection_reason("\xF0\x9F\x98\x80"));  // U+1F600 is outside the BMP ranges
  EXPECT_TRUE(tag_text(""));
  EXPECT_TRUE(tag_text("a-b_c.d:e/f=g+h@i j"));
  EXPECT_FALSE(tag_text("a*b"));
  EXPECT_FALSE(tag_text("\xC3"));  // truncated UTF-8
  EXPECT_EQ(utf8_length("Größe").value_or(0), 5u);
  EXPECT_FALSE(utf8_length("\xC0\xAF").has_value());  // overlong
  EXPECT_FALSE(utf8_length("\xED\xA0\x80").has_value());  // surrogate
}

}  // namespace
}  // namespace pcs::pc
