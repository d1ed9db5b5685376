#include <gtest/gtest.h>

#include "header_value.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "aws/sigv4.hpp"
#include "core/time_format.hpp"
#include "partnercentral/client.hpp"
#include "partnercentral/paginator.hpp"
#include "test_helpers.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;

aws::Credentials keys(std::string secret) {
  aws::Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = std::move(secret);
  return c;
}

class ClientTest : public ::testing::Test {
 protected:
  ClientTest()
      : creds_(aws::Credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "test"}),
        client_(transport_, creds_, ClientOptions{"us-east-1", "127.0.0.1:8443", "partnercentral-selling"}, clock_) {}

  test::FakeTransport transport_;
  aws::StaticCredentialsProvider creds_;
  FakeClock clock_{*parse_iso8601("2025-03-01T10:00:00Z")};
  PartnerCentralClient client_;
};

TEST_F(ClientTest, SendsTheRightHeadersBodyAndAValidSignature) {
  transport_.push(200, R"({"Id":"engi-0123456789abc","Catalog":"AWS","Status":"PENDING"})");
  auto r = test::run(client_.get_engagement_invitation({"AWS", "engi-0123456789abc"}));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status.value_or(""), "PENDING");

  ASSERT_EQ(transport_.requests.size(), 1u);
  const auto& req = transport_.requests[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/");
  EXPECT_EQ(pcs::test::header_value(req, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(pcs::test::header_value(req, "X-Amz-Target"), "AWSPartnerCentralSelling.GetEngagementInvitation");
  EXPECT_EQ(pcs::test::header_value(req, "Host"), "127.0.0.1:8443");
  EXPECT_EQ(pcs::test::header_value(req, "X-Amz-Date"), "20250301T100000Z");
  EXPECT_EQ(req.header("X-Amz-Security-Token"), nullptr);
  EXPECT_EQ(json::parse(req.body), json::parse(R"({"Catalog":"AWS","Identifier":"engi-0123456789abc"})"));

  // Verify as a server would: parse the Authorization header and recompute the signature.
  ASSERT_NE(req.header("Authorization"), nullptr);
  auto parsed = aws::parse_authorization(*req.header("Authorization"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->region, "us-east-1");
  EXPECT_EQ(parsed->service, "partnercentral-selling");
  EXPECT_EQ(parsed->date_stamp, "20250301");
  EXPECT_EQ(parsed->signature,
            aws::expected_signature(req, *parsed, keys("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), clock_.wall_now()));
  EXPECT_NE(parsed->signature, aws::expected_signature(req, *parsed, keys("wrong-secret"), clock_.wall_now()));
  // The secret never appears in what goes on the wire.
  for (const auto& h : req.headers) EXPECT_EQ(h.value.find("wJalrXUtnFEMI"), std::string::npos) << h.name;
}

TEST_F(ClientTest, SessionTokenIsSent) {
  aws::StaticCredentialsProvider temp(aws::Credentials{"ASIAEXAMPLE", "secret", "session-token", std::nullopt, "t"});
  PartnerCentralClient c(transport_, temp, ClientOptions{}, clock_);
  transport_.push(200, "{}");
  auto r = test::run(c.reject_engagement_invitation({"AWS", "engi-0123456789abc", std::nullopt}));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_NE(transport_.requests[0].header("X-Amz-Security-Token"), nullptr);
  EXPECT_EQ(*transport_.requests[0].header("Host"), "partnercentral-selling.us-east-1.api.aws");
}

TEST_F(ClientTest, InvalidRequestFailsWithoutANetworkCall) {
  auto r = test::run(client_.get_engagement_invitation({"AWS", "engi-BAD"}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::validation);
  EXPECT_EQ(r.error().code, "ValidationException");
  EXPECT_NE(r.error().message.find("Identifier"), std::string::npos);
  EXPECT_TRUE(transport_.requests.empty());

  auto unknown = test::run(client_.call("DeleteEverything", json::object{}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::validation);
  EXPECT_TRUE(transport_.requests.empty());

  ListOpportunityFromEngagementTasksRequest lo;
  lo.catalog = "AWS";
  lo.max_results = 1001;
  auto range = test::run(client_.list_opportunity_from_engagement_tasks(lo));
  ASSERT_FALSE(range.ok());
  EXPECT_NE(range.error().message.find("MaxResults"), std::string::npos);
  EXPECT_TRUE(transport_.requests.empty());
}

TEST_F(ClientTest, ServiceErrorsAreMapped) {
  transport_.push(400, R"({"__type":"com.amazonaws.partnercentralselling#ThrottlingException","message":"Rate exceeded"})");
  auto r = test::run(client_.call("GetEngagementInvitation",
                                  json::parse(R"({"Catalog":"AWS","Identifier":"engi-0123456789abc"})")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::throttling);
  EXPECT_EQ(r.error().request_id, "req-1");
  EXPECT_EQ(r.error().http_status, 400);
}

TEST_F(ClientTest, UnreadableSuccessIsAProtocolErrorWithRequestId) {
  transport_.push(200, R"({"TaskSummaries":[{"TaskId":)");
  ListEngagementByAcceptingInvitationTasksRequest q;
  q.catalog = "AWS";
  auto r = test::run(client_.list_engagement_by_accepting_invitation_tasks(q));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::protocol);
  EXPECT_EQ(r.error().request_id, "req-1");

  transport_.push(200, R"({"EngagementInvitationSummaries":[{"Id":"engi-0123456789abc"}]})");
  ListEngagementInvitationsRequest li;
  li.catalog = "AWS";
  li.participant_type = "RECEIVER";
  auto missing = test::run(client_.list_engagement_invitations(li));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::protocol);
  EXPECT_NE(missing.error().message.find("EngagementInvitationSummaries[0].Catalog"), std::string::npos);
}

TEST_F(ClientTest, TransportAndCredentialErrorsPassThrough) {
  auto r = test::run(client_.call("GetEngagementInvitation",
                                  json::parse(R"({"Catalog":"AWS","Identifier":"engi-0123456789abc"})")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::transport);

  aws::StaticCredentialsProvider none(aws::Credentials{});
  PartnerCentralClient c(transport_, none, ClientOptions{}, clock_);
  auto nc = test::run(c.call("GetEngagementInvitation",
                             json::parse(R"({"Catalog":"AWS","Identifier":"engi-0123456789abc"})")));
  ASSERT_FALSE(nc.ok());
  EXPECT_EQ(nc.error().kind, ErrorKind::config);
}

TEST_F(ClientTest, EveryOperationRoundTripsThroughTheClient) {
  transport_.push(200, R"({"TaskId":"task-0123456789abc","TaskStatus":"IN_PROGRESS","StartTime":"2025-03-01T10:00:00Z"})");
  StartEngagementByAcceptingInvitationTaskRequest s{"AWS", "tok-1", "engi-0123456789abc", {}};
  auto started = test::run(client_.start_engagement_by_accepting_invitation_task(s));
  ASSERT_TRUE(started.ok()) << started.error().describe();
  EXPECT_EQ(started->task_id.value_or(""), "task-0123456789abc");
  EXPECT_EQ(*transport_.requests.back().header("X-Amz-Target"),
            "AWSPartnerCentralSelling.StartEngagementByAcceptingInvitationTask");

  // A two-page listing through the real client and the paginator.
  transport_.push(200, R"({"TaskSummaries":[{"TaskId":"task-0000000000001"}],"NextToken":"p2"})");
  transport_.push(200, R"({"TaskSummaries":[{"TaskId":"task-0000000000002"}]})");
  ListOpportunityFromEngagementTasksRequest lo;
  lo.catalog = "AWS";
  auto all = test::run(collect_all(client_, lo));
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(json::parse(transport_.requests.back().body).at("NextToken").as_string(), "p2");
}

// Counts invalidate() calls, as the caching provider's would drop its credentials.
class CountingProvider final : public aws::CredentialsProvider {
 public:
  boost::asio::awaitable<Result<aws::Credentials>> resolve() override {
    co_return aws::Credentials{"AKIDEXAMPLE", "secret", "", std::nullopt, "test"};
  }
  std::string_view name() const override { return "counting"; }
  void invalidate() override { ++invalidated; }
  int invalidated = 0;
};

TEST_F(ClientTest, ASignatureRefusedForOurClockCorrectsTheSigningClockFromTheServiceDate) {
  // The service is 10 minutes ahead of us.
  transport_.push(403, R"({"__type":"InvalidSignatureException","message":"Signature expired: 20250301T100000Z is now earlier than 20250301T100500Z"})",
                  {{"Date", "Sat, 01 Mar 2025 10:10:00 GMT"}});
  auto r = test::run(client_.get_engagement_invitation({"AWS", "engi-0123456789abc"}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::clock_skew);
  EXPECT_EQ(outcome_of(r.error().kind).retry, RetryClass::at_once);
  EXPECT_NE(r.error().message.find("600 s behind"), std::string::npos) << r.error().message;
  EXPECT_EQ(client_.clock_offset(), std::chrono::minutes{10});

  transport_.push(200, R"({"Id":"engi-0123456789abc","Catalog":"AWS"})");
  ASSERT_TRUE(test::run(client_.get_engagement_invitation({"AWS", "engi-0123456789abc"})).ok());
  ASSERT_EQ(transport_.requests.size(), 2u);
  EXPECT_EQ(*transport_.requests[1].header("X-Amz-Date"), "20250301T101000Z") << "signed with the service's time";
}

TEST_F(ClientTest, AnyRefusalWhoseDateIsFarOffIsClockSkewAndACloseOneIsNot) {
  transport_.push(403, R"({"__type":"AccessDeniedException","message":"denied"})", {{"Date", "Sat, 01 Mar 2025 09:50:00 GMT"}});
  auto skewed = test::run(client_.get_engagement_invitation({"AWS", "engi-0123456789abc"}));
  ASSERT_FALSE(skewed.ok());
  EXPECT_EQ(skewed.error().kind, ErrorKind::clock_skew);
  EXPECT_EQ(client_.clock_offset(), -std::chrono::minutes{10});
  EXPECT_NE(skewed.error().message.find("ahead of"), std::string::npos);

  // Now in step with the service (our clock + offset): a plain AccessDenied stays what it is.
  transport_.push(403, R"({"__type":"AccessDeniedException","message":"denied"})", {{"Date", "Sat, 01 Mar 2025 09:50:30 GMT"}});
  auto denied = test::run(client_.get_engagement_invitation({"AWS", "engi-0123456789abc"}));
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().kind, ErrorKind::access_denied);
}

// Found in review: a Date in year 0 (clamped to the earliest WallTime) made the offset overflow, and the next
// requests were signed with a date in year 1677. A Date outside 1970..2199 is not the service's clock.
TEST_F(ClientTest, ARefusalWithADateNoClockCouldShowIsNotClockSkew) {
  for (const char* far : {"Sat, 01 Jan 0000 00:00:00 GMT", "Thu, 01 Jan 1900 00:00:00 GMT",
                          "Fri, 31 Dec 9999 23:59:59 GMT", "Wed, 01 Jan 2200 00:00:00 GMT"}) {
    ASSERT_TRUE(parse_http_date(far).has_value()) << far << ": a Date pcsyncd reads";
    transport_.push(403, R"({"__type":"AccessDeniedException","message":"denied"})", {{"Date", far}});
    auto r = test::run(client_.get_engagement_invitation({"AWS", "engi-0123456789abc"}));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::access_denied) << far;
    EXPECT_EQ(client_.clock_offset(), std::chrono::nanoseconds{0}) << far;
  }
  transport_.push(200, R"({"Id":"engi-0123456789abc","Catalog":"AWS"})");
  ASSERT_TRUE(test::run(client_.get_engagement_invitation({"AWS", "engi-0123456789abc"})).ok());
  EXPECT_EQ(*transport_.requests.back().header("X-Amz-Date"), "20250301T100000Z") << "signed with our own clock";
}

TEST(ClientTokens, AnExpiredTokenAsksTheProviderForFreshCredentials) {
  test::FakeTransport transport;
  CountingProvider provider;
  FakeClock clock{*parse_iso8601("2025-03-01T10:00:00Z")};
  PartnerCentralClient client(transport, provider, ClientOptions{}, clock);
  transport.push(400, R"({"__type":"ExpiredTokenException","message":"The security token included in the request is expired"})");
  auto r = test::run(client.get_engagement_invitation({"AWS", "engi-0123456789abc"}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::expired_token);
  EXPECT_EQ(outcome_of(r.error().kind).retry, RetryClass::at_once);
  EXPECT_EQ(provider.invalidated, 1);
}

TEST_F(ClientTest, TheCallDeadlineReachesTheTransport) {
  transport_.push(200, R"({"Id":"engi-0123456789abc","Catalog":"AWS"})");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{7};
  CallOptions options;
  options.deadline = deadline;
  GetEngagementInvitationRequest request{"AWS", "engi-0123456789abc"};
  ASSERT_TRUE(test::run(client_.send(request, options)).ok());
  ASSERT_EQ(transport_.requests.size(), 1u);
  EXPECT_EQ(transport_.requests[0].deadline, deadline);
}

}  // namespace
}  // namespace pcs::pc
