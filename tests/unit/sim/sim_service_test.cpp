#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "aws/sigv4.hpp"
#include "core/time_format.hpp"
#include "sim/sim_cli.hpp"
#include "sim/sim_service.hpp"

namespace pcs::sim {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

Scenario scenario(const std::string& extra = "") {
  auto s = parse_scenario("seed: 9\ncatalog: Sandbox\nstart_time: 2025-03-01T00:00:00Z\n"
                          "credentials: {access_key_id: AKIDTEST, secret_access_key: test-secret}\n"
                          "invitations: {count: 20}\n" + extra,
                          "svc.yaml");
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().describe());
  return s.value();
}

class SimServiceTest : public ::testing::Test {
 protected:
  net::HttpRequest request(const std::string& op, const json::object& body, const std::string& secret = "test-secret",
                           const std::string& key = "AKIDTEST", WallTime signed_at = {}) {
    net::HttpRequest r;
    r.method = "POST";
    r.target = "/";
    r.set_header("Host", "127.0.0.1:4566");
    r.set_header("Content-Type", "application/x-amz-json-1.0");
    r.set_header("X-Amz-Target", "AWSPartnerCentralSelling." + op);
    r.body = json::serialize(body);
    aws::Credentials c;
    c.access_key_id = key;
    c.secret_access_key = secret;
    aws::SigningParams p;
    p.region = "us-east-1";
    p.service = "partnercentral-selling";
    p.time = signed_at == WallTime{} ? clock.wall_now() : signed_at;
    aws::sign_request(r, c, p);
    return r;
  }
  static json::object body_of(const SimReply& r) { return json::parse(r.response.body).as_object(); }
  static std::string type_of(const SimReply& r) {
    auto b = body_of(r);
    return b.contains("__type") ? std::string(b.at("__type").as_string()) : std::string();
  }
  json::object list_body() { return json::object{{"Catalog", "Sandbox"}, {"ParticipantType", "RECEIVER"}}; }

  FakeClock clock;
};

TEST_F(SimServiceTest, SignedListSucceedsWithTheProtocolHeaders) {
  SimService svc(scenario(), clock);
  auto r = svc.handle(request("ListEngagementInvitations", list_body()));
  ASSERT_EQ(r.response.status, 200) << r.response.body;
  ASSERT_NE(r.response.header("x-amzn-RequestId"), nullptr);
  EXPECT_EQ(*r.response.header("Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(body_of(r).at("EngagementInvitationSummaries").as_array().size(), 20u);
  EXPECT_EQ(svc.stats().operations.at("ListEngagementInvitations").ok, 1u);
}

TEST_F(SimServiceTest, SignatureFailuresAnswerAsAwsDoes) {
  SimService svc(scenario(), clock);
  auto unsigned_request = request("ListEngagementInvitations", list_body());
  unsigned_request.headers.erase(std::remove_if(unsigned_request.headers.begin(), unsigned_request.headers.end(),
                                                [](const net::Header& h) { return net::header_name_equals(h.name, "Authorization"); }),
                                 unsigned_request.headers.end());
  auto missing = svc.handle(unsigned_request);
  EXPECT_EQ(missing.response.status, 403);
  EXPECT_EQ(type_of(missing), "MissingAuthenticationTokenException");
  ASSERT_NE(missing.response.header("x-amzn-RequestId"), nullptr);

  auto wrong_secret = svc.handle(request("ListEngagementInvitations", list_body(), "not-the-secret"));
  EXPECT_EQ(wrong_secret.response.status, 403);
  EXPECT_EQ(type_of(wrong_secret), "InvalidSignatureException");
  EXPECT_EQ(*wrong_secret.response.header("x-amzn-ErrorType"), "InvalidSignatureException");
  EXPECT_NE(wrong_secret.response.body.find("does not match"), std::string::npos);
  EXPECT_EQ(wrong_secret.response.body.find("not-the-secret"), std::string::npos);

  auto unknown_key = svc.handle(request("ListEngagementInvitations", list_body(), "test-secret", "AKIDOTHER"));
  EXPECT_EQ(type_of(unknown_key), "UnrecognizedClientException");

  auto stale = svc.handle(request("ListEngagementInvitations", list_body(), "test-secret", "AKIDTEST", clock.wall_now() - 6min));
  EXPECT_EQ(type_of(stale), "InvalidSignatureException");
  EXPECT_NE(body_of(stale).at("message").as_string().find("Signature expired"), std::string::npos);

  auto tampered = request("ListEngagementInvitations", list_body());
  tampered.body = json::serialize(json::object{{"Catalog", "AWS"}, {"ParticipantType", "RECEIVER"}});
  EXPECT_EQ(type_of(svc.handle(tampered)), "InvalidSignatureException");

  auto stats = svc.stats_json();
  EXPECT_EQ(stats.at("totals").at("signature_failures").to_number<std::uint64_t>(), 5u);
  EXPECT_EQ(stats.at("signature_failure_details").as_array().size(), 5u);
  EXPECT_EQ(json::serialize(stats).find("test-secret"), std::string::npos);
}

TEST_F(SimServiceTest, SessionTokensAreAcceptedOnlyWhenConfigured) {
  auto with_session = scenario();
  with_session.credentials.session_token = "tok";
  SimService svc(with_session, clock);
  auto with_token = [&](const std::string& token) {
    net::HttpRequest r;
    r.target = "/";
    r.set_header("Host", "127.0.0.1:4566");
    r.set_header("X-Amz-Target", "AWSPartnerCentralSelling.ListEngagementInvitations");
    r.body = json::serialize(list_body());
    aws::Credentials c;
    c.access_key_id = "AKIDTEST";
    c.secret_access_key = "test-secret";
    c.session_token = token;
    aws::sign_request(r, c, aws::SigningParams{"us-east-1", "partnercentral-selling", clock.wall_now()});
    return svc.handle(r);
  };
  auto good = with_token("tok");
  EXPECT_EQ(good.response.status, 200) << good.response.body;
  EXPECT_EQ(type_of(with_token("other")), "UnrecognizedClientException");
  EXPECT_EQ(type_of(with_token("")), "UnrecognizedClientException");
  SimService plain(scenario(), clock);
  EXPECT_EQ(type_of(plain.handle(request("ListEngagementInvitations", list_body()))), "");  // no token: fine
}

TEST_F(SimServiceTest, UnknownOperationAndValidationErrors) {
  SimService svc(scenario(), clock);
  auto unknown = svc.handle(request("ListEverything", list_body()));
  EXPECT_EQ(unknown.response.status, 400);
  EXPECT_EQ(type_of(unknown), "UnknownOperationException");

  auto invalid = svc.handle(request("ListEngagementInvitations", json::object{{"Catalog", "Sandbox"}, {"MaxResults", 500}}));
  EXPECT_EQ(invalid.response.status, 400);
  auto b = body_of(invalid);
  EXPECT_EQ(b.at("__type"), "ValidationException");
  EXPECT_EQ(b.at("Reason"), "REQUEST_VALIDATION_FAILED");
  ASSERT_GE(b.at("ErrorList").as_array().size(), 2u);  // ParticipantType missing, MaxResults out of range
  EXPECT_EQ(svc.stats().operations.at("ListEngagementInvitations").validation_failures, 1u);

  // A body that is JSON but not an object, correctly signed.
  net::HttpRequest raw;
  raw.target = "/";
  raw.set_header("Host", "127.0.0.1:4566");
  raw.set_header("X-Amz-Target", "AWSPartnerCentralSelling.GetEngagementInvitation");
  raw.body = "[1,2]";
  aws::SigningParams p{"us-east-1", "partnercentral-selling", clock.wall_now()};
  aws::Credentials c;
  c.access_key_id = "AKIDTEST";
  c.secret_access_key = "test-secret";
  aws::sign_request(raw, c, p);
  EXPECT_EQ(type_of(svc.handle(raw)), "SerializationException");
}

// Another tool taking half of the 10 reads a second leaves a client that asks 10 times a second 5 of them; the
// client is only told "throttled".
TEST_F(SimServiceTest, AnotherToolTakesItsShareOfTheQuota) {
  auto served = [&](const std::string& quotas) {
    SimService svc(scenario(quotas), clock);
    for (int i = 0; i < 1000; ++i) {  // 100 s
      svc.handle(request("ListEngagementInvitations", list_body()));
      clock.advance(100ms);
    }
    return svc.stats().operations.at("ListEngagementInvitations").ok;
  };
  const auto alone = served("quotas: {read: {rate: 10, burst: 1}}\n");
  EXPECT_GE(alone, 950u);  // not all 1000: a request exactly one refill after the last can land a hair early
  const auto shared = served("quotas: {read: {rate: 10, burst: 1, other_tool_share: 0.5}}\n");
  EXPECT_GE(shared, 480u);
  EXPECT_LE(shared, 501u) << "5 a second for 100 s, and the first token";
}

TEST_F(SimServiceTest, WriteQuotaThrottlesOnTheSimClock) {
  SimService svc(scenario("quotas: {write: {rate: 1, burst: 1}}\n"), clock);
  auto& st = svc.state();
  std::vector<std::string> pending;
  for (std::uint32_t i = 0; i < st.total_invitations(); ++i)
    if (st.status_of(i, svc.clock().now()) == InvitationStatus::pending) pending.push_back(st.invitation_id(i));
  ASSERT_GE(pending.size(), 2u);
  auto start = [&](const std::string& id, const std::string& token) {
    return svc.handle(request("StartEngagementByAcceptingInvitationTask",
                              json::object{{"Catalog", "Sandbox"}, {"Identifier", id}, {"ClientToken", token}}));
  };
  EXPECT_EQ(start(pending[0], "a").response.status, 200);
  auto throttled = start(pending[1], "b");
  EXPECT_EQ(throttled.response.status, 429);
  EXPECT_EQ(type_of(throttled), "ThrottlingException");
  clock.advance(1s);
  EXPECT_EQ(start(pending[1], "b").response.status, 200);
  EXPECT_EQ(svc.stats().operations.at("StartEngagementByAcceptingInvitationTask").throttled, 1u);
  auto stats = svc.stats_json();
  EXPECT_EQ(stats.at("per_invitation").at(pending[1]).at("accept_calls").to_number<std::uint64_t>(), 1u);  // the throttled call never reached it
  EXPECT_EQ(stats.at("per_invitation").at(pending[1]).at("status"), "ACCEPTED");
  EXPECT_EQ(stats.at("tasks_created").to_number<std::uint64_t>(), 2u);
  EXPECT_GE(stats.at("peak_requests_per_sim_second").at("write").to_number<std::uint64_t>(), 2u);
}

TEST_F(SimServiceTest, StatsKeepTheBusiestSimDayPerQuotaClass) {
  // Sim days are UTC days; the scenario starts at midnight.
  SimService svc(scenario("quotas: off\n"), clock);
  auto list = [&] { return svc.handle(request("ListEngagementInvitations", list_body())).response.status; };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(list(), 200);
  svc.clock().advance(std::chrono::hours{24});
  EXPECT_EQ(list(), 200);
  auto stats = svc.stats_json();
  EXPECT_EQ(stats.at("peak_requests_per_sim_day").at("read").to_number<std::uint64_t>(), 3u);
  EXPECT_FALSE(stats.at("peak_requests_per_sim_day").as_object().contains("write"));
}

TEST_F(SimServiceTest, FaultsAtProbabilityOneAlwaysHappen) {
  SimService a(scenario("faults: {internal_error: 1, namespaced_type: 1}\n"), clock);
  auto r = a.handle(request("ListEngagementInvitations", list_body()));
  EXPECT_EQ(r.response.status, 500);
  EXPECT_EQ(type_of(r), "com.amazonaws.partnercentralselling#InternalServerException");

  SimService b(scenario("faults: {unavailable_html: 1}\n"), clock);
  auto html = b.handle(request("ListEngagementInvitations", list_body()));
  EXPECT_EQ(html.response.status, 503);
  EXPECT_NE(html.response.body.find("<html>"), std::string::npos);
  ASSERT_NE(html.response.header("x-amzn-RequestId"), nullptr);

  SimService c(scenario("faults: {reset_mid_body: 1, unknown_members: 1, unknown_enum: 1, delay: 1, delay_ms: 50}\n"), clock);
  auto broken = c.handle(request("ListEngagementInvitations", list_body()));
  EXPECT_EQ(broken.fault, WireFault::reset_mid_body);
  EXPECT_EQ(broken.delay, 50ms);
  auto body = body_of(broken);
  EXPECT_TRUE(body.contains("SimFutureMember"));
  bool withdrawn = false;
  for (const auto& s : body.at("EngagementInvitationSummaries").as_array()) withdrawn |= s.at("Status") == "WITHDRAWN";
  EXPECT_TRUE(withdrawn);

  SimService d(scenario("faults: {throttle: 1}\nquotas: {throttle_status: 400}\n"), clock);
  auto t = d.handle(request("ListEngagementInvitations", list_body()));
  EXPECT_EQ(t.response.status, 400);
  EXPECT_EQ(type_of(t), "ThrottlingException");
}

TEST_F(SimServiceTest, StatsAndAdvanceEndpointsNeedNoSignature) {
  SimService svc(scenario("clock_speed: 60\n"), clock);
  net::HttpRequest stats;
  stats.method = "GET";
  stats.target = "/__sim/stats";
  auto r = svc.handle(stats);
  ASSERT_EQ(r.response.status, 200);
  EXPECT_EQ(body_of(r).at("invitations").at("total").to_number<std::uint64_t>(), 20u);
  const auto before = svc.clock().now();
  net::HttpRequest advance;
  advance.method = "POST";
  advance.target = "/__sim/advance?seconds=3600";
  ASSERT_EQ(svc.handle(advance).response.status, 200);
  EXPECT_EQ(svc.clock().now() - before, std::chrono::hours(1));
  clock.advance(1s);  // one real second is a sim minute at clock_speed 60
  EXPECT_EQ(svc.clock().now() - before, std::chrono::minutes(61));
}

TEST(SimCli, ParsesAndRefusesRemoteListenersUnlessAllowed) {
  auto ok = parse_cli({"--scenario", "demo.yaml", "--listen", "127.0.0.1:0", "--stats-file", "s.json"});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->port, 0);
  EXPECT_EQ(ok->stats_file, "s.json");
  EXPECT_FALSE(parse_cli({"--scenario", "d.yaml", "--listen", "0.0.0.0:8080"}).ok());
  EXPECT_TRUE(parse_cli({"--scenario", "d.yaml", "--listen", "0.0.0.0:8080", "--allow-remote"}).ok());
  EXPECT_FALSE(parse_cli({"--listen", "127.0.0.1:1"}).ok());
  EXPECT_FALSE(parse_cli({"--scenario", "d.yaml", "--listen", "127.0.0.1:99999"}).ok());
  EXPECT_FALSE(parse_cli({"--scenario", "d.yaml", "--bogus"}).ok());
}

}  // namespace
}  // namespace pcs::sim
