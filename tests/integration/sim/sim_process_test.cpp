// Starts pcsync-sim as a subprocess on 127.0.0.1:0 and talks to it with signed requests over loopback (plain
// and TLS) through the project's HTTP client. Every request runs under the tests' guard timer, so a bug fails
// instead of hanging.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "aws/sigv4.hpp"
#include "child_process.hpp"
#include "io_helpers.hpp"
#include "net/http_client.hpp"
#include "temp_dir.hpp"

namespace pcs::sim {
namespace {
namespace json = boost::json;
namespace asio = boost::asio;
using namespace std::chrono_literals;

const char* kScenario = R"(seed: 3
clock_speed: 60
catalog: Sandbox
credentials: {access_key_id: AKIDINTEGRATION, secret_access_key: integration-secret}
invitations: {count: 45, arrivals: {per_hour: 60, max: 100}}
tasks: {duration_seconds: 30}
quotas: off
)";

net::HttpRequest signed_request(std::uint16_t port, const std::string& op, const json::object& body,
                                const std::string& secret = "integration-secret") {
  net::HttpRequest r;
  r.target = "/";
  r.set_header("Host", "127.0.0.1:" + std::to_string(port));
  r.set_header("Content-Type", "application/x-amz-json-1.0");
  r.set_header("X-Amz-Target", "AWSPartnerCentralSelling." + op);
  r.body = json::serialize(body);
  aws::Credentials c;
  c.access_key_id = "AKIDINTEGRATION";
  c.secret_access_key = secret;
  aws::sign_request(r, c, aws::SigningParams{"us-east-1", "partnercentral-selling", std::chrono::system_clock::now()});
  return r;
}

// pcsync-sim on 127.0.0.1:0 with a clean environment; SIGKILLed by the destructor if the test did not stop it.
std::unique_ptr<test::ChildProcess> start_sim(const test::TempDir& dir, std::vector<std::string> args) {
  return std::make_unique<test::ChildProcess>(PCSYNC_SIM_BINARY, std::move(args),
                                              std::map<std::string, std::string>{{"HOME", dir.path().string()}},
                                              dir.path() / "sim.stderr", true);
}

// One request through the project's HTTP client on a fresh connection (TLS verified against `ca` when given),
// under the tests' guard; nothing when it did not complete.
std::optional<net::HttpResponse> call(std::uint16_t port, net::HttpRequest request,
                                      const std::filesystem::path& ca = {}) {
  asio::io_context io;
  net::HttpClientOptions options;
  options.endpoint_url = (ca.empty() ? "http://127.0.0.1:" : "https://localhost:") + std::to_string(port);
  options.ca_file = ca.string();
  auto client = net::HttpClient::create(io.get_executor(), options);
  if (!client) {
    ADD_FAILURE() << client.error().describe();
    return std::nullopt;
  }
  auto response = test::run_awaitable(io, (*client)->send(std::move(request)));
  if (!response || !response->ok()) return std::nullopt;
  return std::move(response->value());
}

std::string header(const net::HttpResponse& r, const char* name) {
  const std::string* v = r.header(name);
  return v ? *v : std::string();
}

TEST(SimProcess, ServesSignedRequestsReportsStatsAndStopsOnSigterm) {
  test::TempDir dir;
  auto scenario = dir.write("integration.yaml", kScenario);
  auto stats_file = dir.path() / "stats.json";
  auto sim = start_sim(dir, {"--scenario", scenario.string(), "--listen", "127.0.0.1:0", "--stats-file",
                             stats_file.string()});
  ASSERT_TRUE(sim->started());
  const auto line = sim->first_line();
  const auto port = test::listening_port(line);
  ASSERT_NE(port, 0) << "first line was: " << line;

  // Page through every invitation.
  json::object list{{"Catalog", "Sandbox"}, {"ParticipantType", "RECEIVER"}, {"MaxResults", 10}};
  std::set<std::string> ids;
  std::string first_id;
  for (int pages = 0; pages < 20; ++pages) {
    auto r = call(port, signed_request(port, "ListEngagementInvitations", list));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_FALSE(header(*r, "x-amzn-RequestId").empty());
    auto body = json::parse(r->body).as_object();
    for (const auto& s : body.at("EngagementInvitationSummaries").as_array()) {
      ids.emplace(s.at("Id").as_string());
      if (first_id.empty() && s.at("Status") == "PENDING") first_id = std::string(s.at("Id").as_string());
    }
    if (!body.contains("NextToken")) break;
    list["NextToken"] = body.at("NextToken");
  }
  EXPECT_GE(ids.size(), 45u);
  ASSERT_FALSE(first_id.empty());

  // Idempotent accept: the same ClientToken twice gives the same task.
  json::object accept{{"Catalog", "Sandbox"}, {"Identifier", first_id}, {"ClientToken", "integration-token-1"}};
  auto a1 = call(port, signed_request(port, "StartEngagementByAcceptingInvitationTask", accept));
  auto a2 = call(port, signed_request(port, "StartEngagementByAcceptingInvitationTask", accept));
  ASSERT_TRUE(a1 && a2);
  ASSERT_EQ(a1->status, 200) << a1->body;
  EXPECT_EQ(json::parse(a1->body).at("TaskId"), json::parse(a2->body).at("TaskId"));

  auto denied = call(port, signed_request(port, "ListEngagementInvitations", list, "wrong-secret"));
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(header(*denied, "x-amzn-ErrorType"), "InvalidSignatureException");

  net::HttpRequest stats_request;
  stats_request.method = "GET";
  stats_request.target = "/__sim/stats";
  stats_request.set_header("Host", "127.0.0.1");
  auto stats = call(port, stats_request);
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->status, 200);
  auto s = json::parse(stats->body).as_object();
  EXPECT_EQ(s.at("totals").at("signature_failures").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(s.at("totals").at("validation_failures").to_number<std::uint64_t>(), 0u);
  EXPECT_EQ(s.at("operations").at("StartEngagementByAcceptingInvitationTask").at("calls").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(s.at("per_invitation").at(first_id).at("accept_calls").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(s.at("per_invitation").at(first_id).at("distinct_client_tokens").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(s.at("tasks_created").to_number<std::uint64_t>(), 1u);
  EXPECT_GE(s.at("connections").to_number<std::uint64_t>(), 5u);

  auto rc = sim->terminate(2s);
  ASSERT_TRUE(rc) << "pcsync-sim did not stop within 2 s of SIGTERM";
  EXPECT_EQ(*rc, 0);
  std::ifstream in(stats_file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  ASSERT_FALSE(text.empty()) << "no --stats-file written";
  EXPECT_EQ(json::parse(text).at("tasks_created").to_number<std::uint64_t>(), 1u);
}

TEST(SimProcess, ServesTlsWithTheCertificateItWrites) {
  test::TempDir dir;
  auto scenario = dir.write("tls.yaml", kScenario);
  auto cert = dir.path() / "sim-cert.pem";
  auto sim = start_sim(dir, {"--scenario", scenario.string(), "--listen", "127.0.0.1:0", "--tls", "--tls-cert-out",
                             cert.string()});
  const auto port = test::listening_port(sim->first_line());
  ASSERT_NE(port, 0);
  // The client verifies the certificate (trusted through --tls-cert-out) and that it is valid for localhost.
  auto r = call(port,
                signed_request(port, "ListEngagementInvitations", {{"Catalog", "Sandbox"}, {"ParticipantType", "RECEIVER"}}),
                cert);
  ASSERT_TRUE(r) << "TLS with the simulator's own certificate failed";
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(sim->terminate(2s).has_value());
}

TEST(SimProcess, RefusesARemoteListenAddressAndBadScenarios) {
  test::TempDir dir;
  auto scenario = dir.write("ok.yaml", kScenario);
  {
    auto sim = start_sim(dir, {"--scenario", scenario.string(), "--listen", "0.0.0.0:0"});
    EXPECT_EQ(sim->first_line(), "");  // exits without listening
    auto rc = sim->terminate(2s);
    ASSERT_TRUE(rc);
    EXPECT_EQ(*rc, 2);
  }
  auto bad = dir.write("bad.yaml", "seed: 1\nquotass: off\n");
  auto sim = start_sim(dir, {"--scenario", bad.string()});
  EXPECT_EQ(sim->first_line(), "");
  auto rc = sim->terminate(2s);
  ASSERT_TRUE(rc);
  EXPECT_EQ(*rc, 2);
}

}  // namespace
}  // namespace pcs::sim
