// decode_body's streaming fast path (json_stream_decode.cpp) against the DOM engine it stands in for: what it
// decodes, the DOM engine decodes to the same value; what it declines, decode_body answers with the DOM
// engine's own error. (The response-decoder fuzz targets check the first property on every input they try.)
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "partnercentral/json_codec.hpp"
#include "test_helpers.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;

template <class T>
Result<T> dom_decode(std::string_view body) {
  auto v = parse_json_body(body);
  if (!v) return v.error();
  return from_json<T>(*v);
}

template <class T>
bool streams(std::string_view body, T& out) {
  return detail::stream_decode(shape_of<T>(), body, &out);
}

template <class T>
void expect_streamed_as_the_dom_decodes(std::string_view body) {
  T streamed{};
  ASSERT_TRUE(streams(body, streamed)) << body;
  auto dom = dom_decode<T>(body);
  ASSERT_TRUE(dom.ok()) << dom.error().describe();
  EXPECT_EQ(json::serialize(to_json(streamed)), json::serialize(to_json(*dom))) << body;
}

template <class T>
void expect_declined_with_the_doms_error(std::string_view body) {
  T streamed{};
  EXPECT_FALSE(streams(body, streamed)) << body;
  auto dom = dom_decode<T>(body);
  auto decoded = decode_body<T>(body);
  ASSERT_EQ(dom.ok(), decoded.ok()) << body;
  if (dom.ok()) {
    EXPECT_EQ(json::serialize(to_json(*decoded)), json::serialize(to_json(*dom))) << body;
  } else {
    EXPECT_EQ(decoded.error().describe(), dom.error().describe()) << body;
  }
}

std::string page(int items) {
  std::string body = R"({"EngagementInvitationSummaries":[)";
  for (int i = 0; i < items; ++i) {
    if (i) body += ',';
    const std::string id = "engi-" + std::string(13 - std::to_string(i).size(), '0') + std::to_string(i);
    body += R"({"Arn":"arn:aws:partnercentral:us-east-1:aws:catalog/AWS/engagement-invitation/)" + id +
            R"(","PayloadType":"OpportunityInvitation","Id":")" + id +
            R"(","EngagementId":"eng-03f0e02ux2pevc","EngagementTitle":"Data Lake Migration","Status":"PENDING",)"
            R"("InvitationDate":"2026-11-22T09:57:15Z","ExpirationDate":"2026-12-22T09:57:15.250Z",)"
            R"("SenderAwsAccountId":"196279209229","SenderCompanyName":"Example Corp",)"
            R"("Receiver":{"Account":{"Alias":"acme","AwsAccountId":"111122223333"}},"Catalog":"AWS",)"
            R"("ParticipantType":"RECEIVER"})";
  }
  return body + R"(],"NextToken":"token-1"})";
}

TEST(StreamDecode, ReadsWellFormedResponsesToWhatTheDomEngineReads) {
  expect_streamed_as_the_dom_decodes<GetEngagementInvitationResponse>(test::kGetInvitationJson);
  expect_streamed_as_the_dom_decodes<ListEngagementInvitationsResponse>(page(100));
  expect_streamed_as_the_dom_decodes<ListEngagementInvitationsResponse>(page(0));
  expect_streamed_as_the_dom_decodes<StartEngagementByAcceptingInvitationTaskResponse>(
      R"({"TaskId":"task-0000000000001","TaskArn":"arn:aws:x","StartTime":"2025-03-01T10:00:00Z",
          "TaskStatus":"IN_PROGRESS","EngagementInvitationId":"engi-0000000000001"})");
  expect_streamed_as_the_dom_decodes<RejectEngagementInvitationResponse>("{}");
  expect_streamed_as_the_dom_decodes<ListEngagementByAcceptingInvitationTasksResponse>(
      R"({"TaskSummaries":[{"TaskId":"task-0000000000001","TaskStatus":"FAILED","ReasonCode":"InvitationAccessDenied",
          "Message":"no","OpportunityId":"O1","ResourceSnapshotJobId":"job-0000000000001",
          "EngagementInvitationId":"engi-0000000000001"}]})");
  expect_streamed_as_the_dom_decodes<ListOpportunityFromEngagementTasksResponse>(
      R"({"TaskSummaries":[{"TaskId":"task-0000000000002","TaskStatus":"COMPLETE","EngagementId":"eng-00000000000001",
          "ContextId":"7","OpportunityId":"O2"}],"NextToken":""})");
}

TEST(StreamDecode, SkipsUnknownMembersAndNullsReadsEscapesAndPartsLikeTheDom) {
  // Unknown members at every depth, holding every kind of value; null as absent.
  expect_streamed_as_the_dom_decodes<ListOpportunityFromEngagementTasksResponse>(
      R"({"Before":{"a":[1,{"b":null},"c",true,2.5],"d":{}},"TaskSummaries":[{"TaskStatus":"PAUSED","Extra":[[[]]],
          "ReasonCode":null,"More":{"TaskId":"not this one"}}],"NextToken":null,"After":[{}]})");
  // A key spelt with escapes, strings with escapes (long enough that the parser hands them over in parts),
  // non-ASCII text, and whitespace after the body.
  std::string long_message;
  for (int i = 0; i < 2000; ++i) long_message += "line \\\"" + std::to_string(i) + "\\\"\\n\\u00e9";
  expect_streamed_as_the_dom_decodes<ListEngagementByAcceptingInvitationTasksResponse>(
      R"({"TaskSummaries":[{"Task\u0049d":"task-0000000000001","Message":")" + long_message +
      R"(","OpportunityId":"Ö1 ✓"}]}   )"
      "\n");
  // An empty union, and an empty list.
  expect_streamed_as_the_dom_decodes<ListEngagementInvitationsResponse>(
      R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS","Receiver":{}}]})");
  expect_streamed_as_the_dom_decodes<ListEngagementInvitationsResponse>(R"({"EngagementInvitationSummaries":[]})");
}

TEST(StreamDecode, DeclinesWhatOnlyTheDomEngineReadsOrRefusesAndDecodeBodyGivesItsAnswer) {
  using Tasks = ListEngagementByAcceptingInvitationTasksResponse;
  for (std::string_view body : {
           // not JSON, not whole, not an object, or more than one value
           std::string_view(R"({"TaskSummaries":[{"TaskId":"task-)"), std::string_view(""),
           std::string_view("<html>503</html>"), std::string_view("[1,2]"), std::string_view("\"x\""),
           std::string_view("null"), std::string_view("7"), std::string_view("{\"a\":1} trailing"),
           std::string_view("{} {}"),
           // the wrong JSON type for a member or an item
           std::string_view(R"({"TaskSummaries":[{"TaskId":42}]})"), std::string_view(R"({"TaskSummaries":{}})"),
           std::string_view(R"({"TaskSummaries":[null]})"), std::string_view(R"({"TaskSummaries":[{"TaskId":true}]})"),
           std::string_view(R"({"TaskSummaries":["task"]})"), std::string_view(R"({"TaskSummaries":[[]]})"),
           std::string_view(R"({"TaskSummaries":[{"StartTime":{}}]})"),
           // a date-time that is not one, and one given as epoch seconds (the DOM engine keeps its own text)
           std::string_view(R"({"TaskSummaries":[{"StartTime":"yesterday"}]})"),
           std::string_view(R"({"TaskSummaries":[{"StartTime":1740823200}]})"),
           std::string_view(R"({"TaskSummaries":[{"StartTime":1740823200.5}]})"),
           // a known member given twice, whatever its values
           std::string_view(R"({"NextToken":"a","NextToken":"b"})"),
           std::string_view(R"({"NextToken":"a","NextToken":null})"),
           std::string_view(R"({"NextToken":null,"NextToken":"b"})"),
           std::string_view(R"({"TaskSummaries":[{"TaskId":"a","Task\u0049d":"b"}]})"),
       }) {
    SCOPED_TRACE(body);
    expect_declined_with_the_doms_error<Tasks>(body);
  }
  // A missing required member, a string over its @length max, a list over its size.
  expect_declined_with_the_doms_error<GetEngagementInvitationResponse>(R"({"Id":"engi-0000000000001"})");
  expect_declined_with_the_doms_error<ListEngagementInvitationsResponse>(
      R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS"},{"Catalog":"AWS"}]})");
  json::value v = json::parse(test::kGetInvitationJson);
  auto& project = v.at("Payload").at("OpportunityInvitation").as_object();
  json::value over_length = v;
  over_length.at("Payload").at("OpportunityInvitation").at("Project").as_object()["BusinessProblem"] =
      std::string(2001, 'x');
  expect_declined_with_the_doms_error<GetEngagementInvitationResponse>(json::serialize(over_length));
  json::array contacts;
  for (int i = 0; i < 4; ++i) contacts.push_back(json::object{{"Email", "a@example.com"}});
  project["SenderContacts"] = contacts;
  expect_declined_with_the_doms_error<GetEngagementInvitationResponse>(json::serialize(v));
  // Nested deeper than the parser allows.
  expect_declined_with_the_doms_error<Tasks>(R"({"x":)" + std::string(40, '[') + std::string(40, ']') + "}");
}

}  // namespace
}  // namespace pcs::pc
