#include <gtest/gtest.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time_format.hpp"
#include "partnercentral/json_codec.hpp"
#include "test_helpers.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;

template <class T>
T decode_ok(std::string_view body) {
  auto r = decode_body<T>(body);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? std::move(r).value() : T{};
}

// encode -> decode -> encode gives the same JSON: every member survives both directions.
template <class T>
void expect_round_trip(const T& value) {
  json::value first = to_json(value);
  auto back = from_json<T>(first);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  json::value second = to_json(*back);
  EXPECT_EQ(json::serialize(first), json::serialize(second));
}

TEST(Codec, ListEngagementInvitationsRequestHasEverySetMemberAndOmitsUnset) {
  ListEngagementInvitationsRequest r;
  r.catalog = "AWS";
  r.participant_type = "RECEIVER";
  auto minimal = to_json(r);
  EXPECT_EQ(json::serialize(minimal), R"({"Catalog":"AWS","ParticipantType":"RECEIVER"})");

  r.max_results = 50;
  r.next_token = "tok";
  r.sort = Sort{"DESCENDING", "InvitationDate"};
  r.payload_type = {"OpportunityInvitation"};
  r.status = {"PENDING", "EXPIRED"};
  r.engagement_identifier = {"eng-00000000000001"};
  r.sender_aws_account_id = {"123456789012"};
  auto full = to_json(r);
  EXPECT_EQ(full.size(), 9u);
  EXPECT_EQ(full.at("MaxResults").as_int64(), 50);
  EXPECT_EQ(full.at("Sort").at("SortBy").as_string(), "InvitationDate");
  EXPECT_EQ(full.at("Status").as_array().size(), 2u);
  expect_round_trip(r);
}

TEST(Codec, EveryRequestRoundTrips) {
  GetEngagementInvitationRequest g{"AWS", "engi-0000000000001"};
  expect_round_trip(g);
  EXPECT_EQ(json::serialize(to_json(g)), R"({"Catalog":"AWS","Identifier":"engi-0000000000001"})");

  StartEngagementByAcceptingInvitationTaskRequest s{"AWS", "token-1", "engi-0000000000001", {{"k", "v"}}};
  expect_round_trip(s);
  EXPECT_EQ(to_json(s).at("Tags").as_array()[0].at("Key").as_string(), "k");

  RejectEngagementInvitationRequest rej{"Sandbox", "engi-0000000000001", std::string("not a fit")};
  expect_round_trip(rej);
  EXPECT_EQ(to_json(rej).at("RejectionReason").as_string(), "not a fit");

  // The two task listings share their paging, sorting and task filters.
  auto with_task_filters = [](auto request, std::string status) {
    request.catalog = "AWS";
    request.next_token = "n";
    request.sort = Sort{"ASCENDING", "StartTime"};
    request.task_status = {std::move(status)};
    request.task_identifier = {"task-0000000000001"};
    return request;
  };
  auto lt = with_task_filters(ListEngagementByAcceptingInvitationTasksRequest{}, "FAILED");
  lt.max_results = 1000;
  lt.opportunity_identifier = {"O123"};
  lt.engagement_invitation_identifier = {"engi-0000000000001"};
  expect_round_trip(lt);
  EXPECT_EQ(to_json(lt).size(), 8u);

  auto lo = with_task_filters(ListOpportunityFromEngagementTasksRequest{}, "COMPLETE");
  lo.max_results = 10;
  lo.opportunity_identifier = {"O1"};
  lo.engagement_identifier = {"eng-00000000000001"};
  lo.context_identifier = {"1"};
  expect_round_trip(lo);
  EXPECT_EQ(to_json(lo).size(), 9u);
}

TEST(Codec, GetEngagementInvitationResponseParsesEveryMember) {
  auto r = decode_ok<GetEngagementInvitationResponse>(test::kGetInvitationJson);
  EXPECT_EQ(r.id, "engi-0000000000001");
  EXPECT_EQ(r.catalog, "AWS");
  EXPECT_EQ(r.status.value_or(""), "PENDING");
  ASSERT_TRUE(r.invitation_date.time.has_value());
  EXPECT_EQ(r.invitation_date.raw, "2025-03-01T10:00:00.123Z");
  EXPECT_EQ(format_iso8601(*r.invitation_date.time, true), "2025-03-01T10:00:00.123Z");
  ASSERT_TRUE(r.expiration_date.time.has_value());  // no fractional seconds
  EXPECT_EQ(format_iso8601(*r.expiration_date.time), "2025-03-16T10:00:00Z");
  ASSERT_TRUE(r.receiver && r.receiver->account);
  EXPECT_EQ(r.receiver->account->aws_account_id, "210987654321");
  EXPECT_EQ(r.receiver->account->alias.value_or(""), "acme");
  ASSERT_TRUE(r.payload && r.payload->opportunity_invitation);
  const auto& oi = *r.payload->opportunity_invitation;
  EXPECT_EQ(oi.customer.industry, "Financial Services");
  EXPECT_EQ(oi.customer.country_code, "US");
  EXPECT_EQ(oi.project.target_completion_date, "2025-12-31");
  ASSERT_EQ(oi.project.expected_customer_spend.size(), 1u);
  EXPECT_EQ(oi.project.expected_customer_spend[0].amount, "12000.50");
  EXPECT_EQ(oi.project.expected_customer_spend[0].estimation_url.value_or(""), "https://calc.example/1");
  EXPECT_EQ(oi.receiver_responsibilities.size(), 2u);
  ASSERT_EQ(oi.sender_contacts.size(), 1u);
  EXPECT_EQ(oi.sender_contacts[0].phone.value_or(""), "+14155550100");
  ASSERT_EQ(r.existing_members.size(), 1u);
  EXPECT_EQ(r.invitation_message.value_or(""), "Please help");
  expect_round_trip(r);
}

TEST(Codec, EveryResponseRoundTrips) {
  auto li = decode_ok<ListEngagementInvitationsResponse>(
      R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS","Status":"PENDING",
          "InvitationDate":"2025-03-01T10:00:00Z","ParticipantType":"RECEIVER","PayloadType":"OpportunityInvitation",
          "Receiver":{"Account":{"AwsAccountId":"210987654321"}}}],"NextToken":"abc"})");
  ASSERT_EQ(li.engagement_invitation_summaries.size(), 1u);
  EXPECT_EQ(li.next_token.value_or(""), "abc");
  EXPECT_EQ(li.engagement_invitation_summaries[0].participant_type.value_or(""), "RECEIVER");
  expect_round_trip(li);

  auto st = decode_ok<StartEngagementByAcceptingInvitationTaskResponse>(
      R"({"TaskId":"task-0000000000001","TaskArn":"arn:aws:x","StartTime":"2025-03-01T10:00:00Z",
          "TaskStatus":"IN_PROGRESS","EngagementInvitationId":"engi-0000000000001"})");
  EXPECT_EQ(st.task_status.value_or(""), "IN_PROGRESS");
  EXPECT_TRUE(st.start_time.time.has_value());
  expect_round_trip(st);

  auto rej = decode_ok<RejectEngagementInvitationResponse>("{}");
  EXPECT_EQ(json::serialize(to_json(rej)), "{}");

  auto lt = decode_ok<ListEngagementByAcceptingInvitationTasksResponse>(
      R"({"TaskSummaries":[{"TaskId":"task-0000000000001","TaskStatus":"FAILED","ReasonCode":"InvitationAccessDenied",
          "Message":"no","OpportunityId":"O1","ResourceSnapshotJobId":"job-0000000000001",
          "EngagementInvitationId":"engi-0000000000001"}]})");
  ASSERT_EQ(lt.task_summaries.size(), 1u);
  EXPECT_FALSE(lt.next_token.has_value());
  EXPECT_EQ(lt.task_summaries[0].resource_snapshot_job_id.value_or(""), "job-0000000000001");
  expect_round_trip(lt);

  auto lo = decode_ok<ListOpportunityFromEngagementTasksResponse>(
      R"({"TaskSummaries":[{"TaskId":"task-0000000000002","TaskStatus":"COMPLETE","EngagementId":"eng-00000000000001",
          "ContextId":"7","OpportunityId":"O2"}],"NextToken":""})");
  ASSERT_EQ(lo.task_summaries.size(), 1u);
  EXPECT_EQ(lo.task_summaries[0].context_id.value_or(""), "7");
  EXPECT_EQ(lo.task_summaries[0].engagement_id.value_or(""), "eng-00000000000001");
  expect_round_trip(lo);
}

TEST(Codec, UnknownEnumValuesAndMembersAreKept) {
  auto lo = decode_ok<ListOpportunityFromEngagementTasksResponse>(
      R"({"TaskSummaries":[{"TaskStatus":"PAUSED","ReasonCode":"SomethingNewIn2026","Extra":[1,2]}],"Other":true})");
  ASSERT_EQ(lo.task_summaries.size(), 1u);
  EXPECT_EQ(lo.task_summaries[0].task_status.value_or(""), "PAUSED");
  EXPECT_EQ(lo.task_summaries[0].reason_code.value_or(""), "SomethingNewIn2026");
  auto newer = decode_ok<StartEngagementByAcceptingInvitationTaskResponse>(
      R"({"ReasonCode":"DisqualifiedLeadNotPermitted"})");
  EXPECT_EQ(newer.reason_code.value_or(""), "DisqualifiedLeadNotPermitted");
}

TEST(Codec, NullIsAbsentAndEpochSecondsAreAccepted) {
  auto li = decode_ok<ListEngagementInvitationsResponse>(
      R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS","Arn":null,
          "InvitationDate":1740823200}],"NextToken":null})");
  EXPECT_FALSE(li.next_token.has_value());
  ASSERT_EQ(li.engagement_invitation_summaries.size(), 1u);
  EXPECT_FALSE(li.engagement_invitation_summaries[0].arn.has_value());
  ASSERT_TRUE(li.engagement_invitation_summaries[0].invitation_date.time.has_value());
  EXPECT_EQ(format_iso8601(*li.engagement_invitation_summaries[0].invitation_date.time), "2025-03-01T10:00:00Z");
}

TEST(Codec, MissingRequiredResponseMemberNamesTheField) {
  auto r = decode_body<ListEngagementInvitationsResponse>(
      R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS"},{"Catalog":"AWS"}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::protocol);
  EXPECT_NE(r.error().message.find("EngagementInvitationSummaries[1].Id"), std::string::npos) << r.error().message;

  auto g = decode_body<GetEngagementInvitationResponse>(R"({"Id":"engi-0000000000001"})");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("Catalog"), std::string::npos);

  auto nested = decode_body<GetEngagementInvitationResponse>(
      R"({"Id":"engi-0000000000001","Catalog":"AWS","Payload":{"OpportunityInvitation":{
          "ReceiverResponsibilities":[],"Customer":{"Industry":"x","CompanyName":"y","WebsiteUrl":"z"},
          "Project":{"Title":"t","BusinessProblem":"b","TargetCompletionDate":"2025-01-01","ExpectedCustomerSpend":[]}}}})");
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("Payload.OpportunityInvitation.Customer.CountryCode"), std::string::npos)
      << nested.error().message;
}

TEST(Codec, WrongJsonTypeIsAProtocolErrorNamingTheField) {
  auto r = decode_body<ListEngagementByAcceptingInvitationTasksResponse>(R"({"TaskSummaries":[{"TaskId":42}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::protocol);
  EXPECT_NE(r.error().message.find("TaskSummaries[0].TaskId is not a string"), std::string::npos) << r.error().message;

  auto list = decode_body<ListEngagementByAcceptingInvitationTasksResponse>(R"({"TaskSummaries":{}})");
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.error().message.find("TaskSummaries is not a list"), std::string::npos);

  auto ts = decode_body<StartEngagementByAcceptingInvitationTaskResponse>(R"({"StartTime":"yesterday"})");
  ASSERT_FALSE(ts.ok());
  EXPECT_NE(ts.error().message.find("StartTime"), std::string::npos);
}

TEST(Codec, MalformedTruncatedAndNonObjectBodiesAreProtocolErrors) {
  for (std::string_view body : {std::string_view(R"({"TaskSummaries":[{"TaskId":"task-)"), std::string_view(""),
                                std::string_view("<html>503</html>"), std::string_view("[1,2]"),
                                std::string_view("{\"a\":1} trailing")}) {
    auto r = decode_body<ListEngagementByAcceptingInvitationTasksResponse>(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().kind, ErrorKind::protocol) << body;
  }
  // Truncating a valid body anywhere never yields a value nor throws.
  std::string full = test::kGetInvitationJson;
  for (std::size_t n = 0; n < full.size(); n += 7) {
    auto r = decode_body<GetEngagementInvitationResponse>(std::string_view(full).substr(0, n));
    EXPECT_FALSE(r.ok()) << n;
  }
}

// decode_body parses into its arena: the parsed value, and what it holds, live on the storage it was given
// (not a copy on the heap, which would cost as much again as the parse).
TEST(Codec, AParsedBodyStaysOnTheStorageItWasGiven) {
  boost::json::monotonic_resource arena;
  auto v = parse_json_body(test::kGetInvitationJson, &arena);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->storage().get(), &arena);
  EXPECT_EQ(v->as_object().storage().get(), &arena);
}

// The request bodies pcsyncd signs and sends, byte for byte (what the table-driven encoder must keep).
TEST(Codec, RequestWireFormatIsPinned) {
  ListEngagementInvitationsRequest l;
  l.catalog = "AWS";
  l.participant_type = "RECEIVER";
  l.max_results = 50;
  l.next_token = "tok";
  l.sort = Sort{"DESCENDING", "InvitationDate"};
  l.status = {"PENDING"};
  EXPECT_EQ(json::serialize(to_json(l)),
            R"({"Catalog":"AWS","MaxResults":50,"NextToken":"tok","Sort":{"SortOrder":"DESCENDING",)"
            R"("SortBy":"InvitationDate"},"ParticipantType":"RECEIVER","Status":["PENDING"]})");
  StartEngagementByAcceptingInvitationTaskRequest s{"AWS", "token-1", "engi-0000000000001", {{"k", "v"}, {"a", ""}}};
  EXPECT_EQ(json::serialize(to_json(s)), R"({"Catalog":"AWS","ClientToken":"token-1","Identifier":"engi-0000000000001",)"
                                         R"("Tags":[{"Key":"k","Value":"v"},{"Key":"a","Value":""}]})");
  RejectEngagementInvitationRequest r{"AWS", "engi-0000000000001", std::nullopt};
  EXPECT_EQ(json::serialize(to_json(r)), R"({"Catalog":"AWS","Identifier":"engi-0000000000001"})");
  ListEngagementByAcceptingInvitationTasksRequest t;
  t.catalog = "AWS";
  t.max_results = 10;
  t.task_identifier = {"task-0000000000001"};
  EXPECT_EQ(json::serialize(to_json(t)), R"({"MaxResults":10,"Catalog":"AWS","TaskIdentifier":["task-0000000000001"]})");
}

TEST(Codec, RequiredListsAreWrittenEvenWhenEmpty) {
  GetEngagementInvitationResponse g;
  g.id = "engi-0000000000001";
  g.catalog = "AWS";
  g.payload = Payload{OpportunityInvitationPayload{}};
  auto o = to_json(g);
  const auto& inv = o.at("Payload").at("OpportunityInvitation").as_object();
  EXPECT_TRUE(inv.at("ReceiverResponsibilities").as_array().empty());
  EXPECT_TRUE(inv.at("Project").at("ExpectedCustomerSpend").as_array().empty());
  EXPECT_FALSE(inv.contains("SenderContacts"));  // optional and empty: omitted
  EXPECT_FALSE(o.contains("ExistingMembers"));
}

// Issue 13: a response is held to the model's maximum lengths and list sizes; the error names the member and
// never quotes the value (it may be @sensitive, or huge).
std::string invitation_with(std::string_view member, std::string_view value_json) {
  json::value v = json::parse(test::kGetInvitationJson);
  json::value replacement = json::parse(value_json);
  auto& project = v.at("Payload").at("OpportunityInvitation").as_object();
  if (member == "SenderContacts") {
    project["SenderContacts"] = replacement;
  } else {
    project["Project"].as_object()[member] = replacement;
  }
  return json::serialize(v);
}

TEST(Codec, ResponseStringsAreHeldToTheModelsMaximumLength) {
  std::string huge = "\"" + std::string(2'000'000, 'x') + "\"";
  auto r = decode_body<GetEngagementInvitationResponse>(invitation_with("BusinessProblem", huge));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::protocol);
  EXPECT_EQ(r.error().code, "InvalidResponse");
  EXPECT_NE(r.error().message.find("member Payload.OpportunityInvitation.Project.BusinessProblem is longer than the "
                                   "model allows (at most 255 characters)"),
            std::string::npos)
      << r.error().message.substr(0, 300);
  EXPECT_EQ(r.error().message.find("xxxx"), std::string::npos);
  EXPECT_LT(r.error().message.size(), 400u);

  // The limit counts characters (code points), not bytes: 255 two-byte characters fit, 256 do not.
  std::string e_acute = "\xC3\xA9";
  std::string at_limit, over;
  for (int i = 0; i < 255; ++i) at_limit += e_acute;
  over = at_limit + e_acute;
  EXPECT_TRUE(decode_body<GetEngagementInvitationResponse>(invitation_with("BusinessProblem", "\"" + at_limit + "\"")).ok());
  EXPECT_FALSE(decode_body<GetEngagementInvitationResponse>(invitation_with("BusinessProblem", "\"" + over + "\"")).ok());

  auto title = decode_body<ListEngagementInvitationsResponse>(
      R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS"},
          {"Id":"engi-0000000000002","Catalog":"AWS","EngagementTitle":"12345678901234567890123456789012345678901"}]})");
  ASSERT_FALSE(title.ok());
  EXPECT_NE(title.error().message.find("EngagementInvitationSummaries[1].EngagementTitle is longer"), std::string::npos)
      << title.error().message;
  EXPECT_EQ(title.error().message.find("1234567890"), std::string::npos);
}

TEST(Codec, ResponseListsAreHeldToTheModelsMaximumSize) {
  std::string contact = R"({"Email":"a@example.com"})";
  std::string three = "[" + contact + "," + contact + "," + contact + "]";
  std::string four = "[" + contact + "," + contact + "," + contact + "," + contact + "]";
  EXPECT_TRUE(decode_body<GetEngagementInvitationResponse>(invitation_with("SenderContacts", three)).ok());
  auto r = decode_body<GetEngagementInvitationResponse>(invitation_with("SenderContacts", four));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Payload.OpportunityInvitation.SenderContacts has more items than the model allows "
                                   "(at most 3)"),
            std::string::npos)
      << r.error().message;
  // Request bodies decode under the same limits (the simulator's view of what a client may send).
  std::string tags;
  for (int i = 0; i < 201; ++i) tags += std::string(i ? "," : "") + R"({"Key":"k","Value":"v"})";
  auto start = from_json<StartEngagementByAcceptingInvitationTaskRequest>(
      json::parse(R"({"Catalog":"AWS","ClientToken":"t","Identifier":"engi-0000000000001","Tags":[)" + tags + "]}"));
  ASSERT_FALSE(start.ok());
  EXPECT_NE(start.error().message.find("Tags has more items"), std::string::npos) << start.error().message;
}

TEST(Codec, EveryWrongJsonTypeNamesItsMember) {
  struct Case {
    std::string_view body;
    std::string_view message;
  };
  for (const Case& c : {
           Case{R"({"EngagementInvitationSummaries":[1]})", "EngagementInvitationSummaries[0] is not an object"},
           Case{R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS","Receiver":"x"}]})",
                "EngagementInvitationSummaries[0].Receiver is not an object"},
           Case{R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS",
                    "Receiver":{"Account":{"AwsAccountId":12}}}]})",
                "EngagementInvitationSummaries[0].Receiver.Account.AwsAccountId is not a string"},
           Case{R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS",
                    "InvitationDate":true}]})",
                "EngagementInvitationSummaries[0].InvitationDate is not a timestamp"},
           Case{R"({"EngagementInvitationSummaries":[],"NextToken":7})", "NextToken is not a string"},
       }) {
    auto r = decode_body<ListEngagementInvitationsResponse>(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().kind, ErrorKind::protocol);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
  auto list = decode_body<GetEngagementInvitationResponse>(invitation_with("ExpectedCustomerSpend", R"([{"Amount":1}])"));
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.error().message.find("Project.ExpectedCustomerSpend[0].Amount is not a string"), std::string::npos)
      << list.error().message;
  auto max = from_json<ListEngagementInvitationsRequest>(
      json::parse(R"({"Catalog":"AWS","ParticipantType":"RECEIVER","MaxResults":2.5})"));
  ASSERT_FALSE(max.ok());
  EXPECT_NE(max.error().message.find("MaxResults is not an integer in range"), std::string::npos);
}

TEST(Codec, AnUnknownUnionMemberLeavesTheUnionEmpty) {
  auto li = decode_ok<ListEngagementInvitationsResponse>(
      R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS",
          "Receiver":{"Partner":{"Id":"p-1"}}}]})");
  ASSERT_EQ(li.engagement_invitation_summaries.size(), 1u);
  ASSERT_TRUE(li.engagement_invitation_summaries[0].receiver.has_value());
  EXPECT_FALSE(li.engagement_invitation_summaries[0].receiver->account.has_value());
}

TEST(Codec, RequestDecodingRejectsMissingRequiredMembers) {
  auto r = from_json<GetEngagementInvitationRequest>(json::parse(R"({"Catalog":"AWS"})"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Identifier"), std::string::npos);
}

// Found by fuzzing (tests/fuzz/regressions/decode_list_engagement_invitations): epoch seconds re-encoded as a
// string that did not read back; 1e300 seconds was an undefined cast; a date-time's error quoted control bytes.
TEST(Codec, EpochSecondsReEncodeAsIsoAndSaturate) {
  auto li = decode_ok<ListEngagementInvitationsResponse>(
      R"({"EngagementInvitationSummaries":[{"Id":"engi-0000000000001","Catalog":"AWS",
          "InvitationDate":1740823200.5,"ExpirationDate":1e300}]})");
  ASSERT_EQ(li.engagement_invitation_summaries.size(), 1u);
  const auto& summary = li.engagement_invitation_summaries[0];
  EXPECT_EQ(summary.expiration_date.time, parse_iso8601("9999-12-31T23:59:59Z"));
  const json::value encoded = to_json(li);
  const auto& item = encoded.at("EngagementInvitationSummaries").at(0);
  EXPECT_EQ(item.at("InvitationDate"), "2025-03-01T10:00:00.500Z");
  EXPECT_TRUE(decode_body<ListEngagementInvitationsResponse>(json::serialize(encoded)).ok());
  expect_round_trip(li);
}

TEST(Codec, AnUnreadableDateTimeIsQuotedEscaped) {
  auto r = decode_body<StartEngagementByAcceptingInvitationTaskResponse>(R"({"StartTime":"\u007f2026\r\nX"})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(R"(("\x7f2026\r\nX"))"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find_first_of("\r\n\x7f"), std::string::npos);
}

}  // namespace
}  // namespace pcs::pc
