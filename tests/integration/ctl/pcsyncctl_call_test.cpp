// Integration: `pcsyncctl call` as a subprocess against a loopback endpoint (net::HttpServer) that verifies
// every SigV4 signature with the same stages the simulator uses and answers canned JSON.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <map>
#include <string>
#include <vector>

#include "aws/sigv4.hpp"
#include "child_process.hpp"
#include "core/time_format.hpp"
#include "net/http_server.hpp"
#include "partnercentral_answers.hpp"
#include "temp_dir.hpp"
#include "threaded_server.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
constexpr const char* kAccessKey = "AKIDEXAMPLE";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

const std::map<std::string, std::string>& canned() {
  static const std::map<std::string, std::string> answers{
      {"ListEngagementInvitations",
       R"({"EngagementInvitationSummaries":[{"Id":"engi-0123456789abc","Catalog":"AWS","Status":"PENDING"}]})"},
      {"GetEngagementInvitation", pcs::test::kGetInvitationJson},
      {"StartEngagementByAcceptingInvitationTask", R"({"TaskId":"task-0123456789abc","TaskStatus":"IN_PROGRESS"})"},
      {"RejectEngagementInvitation", "{}"},
      {"ListEngagementByAcceptingInvitationTasks", R"({"TaskSummaries":[{"TaskId":"task-0123456789abc"}]})"},
      {"ListOpportunityFromEngagementTasks", R"({"TaskSummaries":[{"TaskId":"task-0123456789abd","ContextId":"1"}]})"},
  };
  return answers;
}

net::ServerReply error_reply(int status, const std::string& type, const std::string& message) {
  net::ServerReply r;
  r.response.status = status;
  r.response.set_header("Content-Type", "application/x-amz-json-1.0");
  r.response.set_header("x-amzn-RequestId", "sim-req-1");
  r.response.body = R"({"__type":")" + type + R"(","message":")" + message + "\"}";
  return r;
}

// What a Partner Central endpoint checks before answering.
net::ServerReply handle(const net::HttpRequest& req, std::atomic<int>& verified) {
  const auto* auth = req.header("Authorization");
  const auto* date = req.header("X-Amz-Date");
  if (!auth || !date) return error_reply(400, "MissingAuthenticationToken", "missing Authorization");
  auto parsed = aws::parse_authorization(*auth);
  auto when = parse_amz_date(*date);
  if (!parsed || !when || parsed->access_key_id != kAccessKey || parsed->service != "partnercentral-selling")
    return error_reply(400, "IncompleteSignatureException", "bad Authorization");
  for (const char* must : {"host", "x-amz-date", "x-amz-target", "content-type"}) {
    if (std::find(parsed->signed_headers.begin(), parsed->signed_headers.end(), must) == parsed->signed_headers.end())
      return error_reply(400, "IncompleteSignatureException", std::string(must) + " is not signed");
  }
  aws::Credentials c;
  c.access_key_id = kAccessKey;
  c.secret_access_key = kSecret;
  if (aws::expected_signature(req, *parsed, c, *when) != parsed->signature)
    return error_reply(403, "InvalidSignatureException", "The request signature we calculated does not match");
  ++verified;

  const auto* target = req.header("X-Amz-Target");
  const auto* type = req.header("Content-Type");
  std::string prefix = "AWSPartnerCentralSelling.";
  if (!target || target->rfind(prefix, 0) != 0 || !type || *type != "application/x-amz-json-1.0")
    return error_reply(400, "UnknownOperationException", "bad target");
  auto it = canned().find(target->substr(prefix.size()));
  if (it == canned().end()) return error_reply(400, "UnknownOperationException", "unknown operation");
  net::ServerReply r;
  r.response.status = 200;
  r.response.set_header("Content-Type", "application/x-amz-json-1.0");
  r.response.set_header("x-amzn-RequestId", "sim-req-ok");
  r.response.body = it->second;
  return r;
}

class PcsyncctlCall : public ::testing::Test {
 protected:
  // The server answers on its own thread while pcsyncctl runs; `verified_` counts what it let through.
  PcsyncctlCall() : server_([this](const net::HttpRequest& request) { return handle(request, verified_); }) {}

  void SetUp() override { ASSERT_TRUE(server_.started()); }

  // pcsyncctl with exactly this environment; a hung one is killed after 20 s and fails the test.
  pcs::test::ProcessRun run(std::vector<std::string> args, const std::string& secret = kSecret,
                            const std::string& stdin_text = "") {
    const std::map<std::string, std::string> env{
        {"PATH", "/usr/bin:/bin"},
        {"AWS_ENDPOINT_URL", "http://127.0.0.1:" + std::to_string(server_.port())},
        {"AWS_REGION", "us-west-2"},
        {"AWS_ACCESS_KEY_ID", kAccessKey},
        {"AWS_SECRET_ACCESS_KEY", secret}};
    args.insert(args.begin(), "call");
    return pcs::test::run_process(PCSYNC_CTL_BINARY, args, env, tmp_.path() / "pcsyncctl", 20s, stdin_text);
  }

  std::atomic<int> verified_{0};
  pcs::test::ThreadedServer server_;
  pcs::test::TempDir tmp_;
};

TEST_F(PcsyncctlCall, EveryOperationCompletes) {
  const std::pair<std::string, std::vector<std::string>> calls[] = {
      {"ListEngagementInvitations", {R"({"ParticipantType":"RECEIVER"})"}},
      {"GetEngagementInvitation", {R"({"Identifier":"engi-0123456789abc"})"}},
      {"StartEngagementByAcceptingInvitationTask", {R"({"Identifier":"engi-0123456789abc","ClientToken":"t-1"})"}},
      {"RejectEngagementInvitation", {R"({"Identifier":"engi-0123456789abc","RejectionReason":"not a fit"})"}},
      {"ListEngagementByAcceptingInvitationTasks", {}},
      {"ListOpportunityFromEngagementTasks", {"--compact"}},
  };
  for (const auto& [op, rest] : calls) {
    SCOPED_TRACE(op);
    std::vector<std::string> args{op};
    args.insert(args.end(), rest.begin(), rest.end());
    args.insert(args.end(), {"--catalog", "AWS"});
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    boost::system::error_code ec;
    auto printed = json::parse(r.out, ec);
    ASSERT_FALSE(ec) << r.out;
    EXPECT_EQ(printed, json::parse(canned().at(op)));
  }
  EXPECT_EQ(verified_.load(), 6);
}

TEST_F(PcsyncctlCall, BodyFromStdin) {
  auto r = run({"GetEngagementInvitation", "-"}, kSecret, R"({"Catalog":"AWS","Identifier":"engi-0123456789abc"})");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"Id\": \"engi-0000000000001\""), std::string::npos) << r.out;  // pretty by default
}

TEST_F(PcsyncctlCall, WrongSecretIsAccessDenied) {
  auto r = run({"GetEngagementInvitation", R"({"Identifier":"engi-0123456789abc"})", "--catalog", "AWS"},
                "not-the-secret");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("InvalidSignatureException"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("HTTP 403"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not-the-secret"), std::string::npos);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(verified_.load(), 0);
}

TEST_F(PcsyncctlCall, UsageAndValidationErrorsDoNotCallTheService) {
  EXPECT_EQ(run({}).exit_code, 2);
  EXPECT_EQ(run({"NoSuchOperation"}).exit_code, 2);
  EXPECT_EQ(run({"GetEngagementInvitation", "not json"}).exit_code, 2);
  auto r = run({"GetEngagementInvitation", R"({"Identifier":"engi-BAD"})", "--catalog", "AWS"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ValidationException"), std::string::npos) << r.err;
  EXPECT_EQ(server_.requests_served(), 0u);
}

}  // namespace
}  // namespace pcs::pc
