// Integration: `pcsyncctl call` as a subprocess against a loopback endpoint (net::HttpServer) that verifies
// every SigV4 signature with the same stages the simulator uses and answers canned JSON.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "aws/sigv4.hpp"
#include "core/time_format.hpp"
#include "net/http_server.hpp"
#include "temp_dir.hpp"
#include "test_helpers.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;
constexpr const char* kAccessKey = "AKIDEXAMPLE";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

const std::map<std::string, std::string>& canned() {
  static const std::map<std::string, std::string> answers{
      {"ListEngagementInvitations",
       R"({"EngagementInvitationSummaries":[{"Id":"engi-0123456789abc","Catalog":"AWS","Status":"PENDING"}]})"},
      {"GetEngagementInvitation", test::kGetInvitationJson},
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
  aws::Credentials c;
  c.access_key_id = kAccessKey;
  c.secret_access_key = kSecret;
  aws::SigningParams p;
  p.region = parsed->region;
  p.service = parsed->service;
  p.time = *when;
  // Recompute over exactly the headers the client signed: the transport adds some (Content-Length,
  // User-Agent) after signing, as every AWS client does.
  net::HttpRequest signed_part = req;
  signed_part.headers.clear();
  for (const auto& h : req.headers) {
    for (const auto& name : parsed->signed_headers)
      if (net::header_name_equals(h.name, name)) signed_part.headers.push_back(h);
  }
  for (const char* must : {"host", "x-amz-date", "x-amz-target", "content-type"}) {
    if (std::find(parsed->signed_headers.begin(), parsed->signed_headers.end(), must) == parsed->signed_headers.end())
      return error_reply(400, "IncompleteSignatureException", std::string(must) + " is not signed");
  }
  if (aws::compute_signature(signed_part, c, p).signature != parsed->signature)
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

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class PcsyncctlCall : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = std::string(PCSYNC_BINARY_DIR) + "/ctl/pcsyncctl";
    // A build dependency of this test: its absence is a broken build, not a reason to skip.
    ASSERT_TRUE(std::filesystem::exists(binary_)) << "pcsyncctl not built at " << binary_;
    server_ = std::make_unique<net::HttpServer>(
        io_.get_executor(), net::HttpServerOptions{},
        [this](net::HttpRequest req, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
          co_return handle(req, verified_);
        });
    auto st = server_->start();
    ASSERT_TRUE(st.ok()) << st.error().describe();
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (thread_.joinable()) {
      boost::asio::post(io_, [this] { server_->stop(); });
      work_.reset();
      io_.stop();
      thread_.join();
    }
  }

  // `timeout` is the guard: a hung pcsyncctl is killed and fails the test instead of blocking ctest.
  RunResult run(const std::string& args, const std::string& secret = kSecret, const std::string& stdin_text = "") {
    RunResult r;
    auto err_file = tmp_.path() / "stderr.txt";
    auto in_file = tmp_.write("stdin.json", stdin_text);
    std::string cmd = "env -i PATH=/usr/bin:/bin AWS_ENDPOINT_URL=http://127.0.0.1:" + std::to_string(server_->port()) +
                      " AWS_REGION=us-west-2 AWS_ACCESS_KEY_ID=" + kAccessKey + " AWS_SECRET_ACCESS_KEY='" + secret +
                      "' timeout 20 " + binary_ + " " + args + " <" + in_file.string() + " 2>" + err_file.string();
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream e(err_file);
    std::stringstream ss;
    ss << e.rdbuf();
    r.err = ss.str();
    return r;
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
  std::unique_ptr<net::HttpServer> server_;
  std::thread thread_;
  std::atomic<int> verified_{0};
  std::string binary_;
  pcs::test::TempDir tmp_;
};

TEST_F(PcsyncctlCall, EveryOperationCompletes) {
  const std::pair<std::string, std::string> calls[] = {
      {"ListEngagementInvitations", R"('{"ParticipantType":"RECEIVER"}')"},
      {"GetEngagementInvitation", R"('{"Identifier":"engi-0123456789abc"}')"},
      {"StartEngagementByAcceptingInvitationTask", R"('{"Identifier":"engi-0123456789abc","ClientToken":"t-1"}')"},
      {"RejectEngagementInvitation", R"('{"Identifier":"engi-0123456789abc","RejectionReason":"not a fit"}')"},
      {"ListEngagementByAcceptingInvitationTasks", ""},
      {"ListOpportunityFromEngagementTasks", "--compact"},
  };
  for (const auto& [op, body] : calls) {
    SCOPED_TRACE(op);
    auto r = run("call " + op + " " + body + " --catalog AWS");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    boost::system::error_code ec;
    auto printed = json::parse(r.out, ec);
    ASSERT_FALSE(ec) << r.out;
    EXPECT_EQ(printed, json::parse(canned().at(op)));
  }
  EXPECT_EQ(verified_.load(), 6);
}

TEST_F(PcsyncctlCall, BodyFromStdin) {
  auto r = run("call GetEngagementInvitation -", kSecret, R"({"Catalog":"AWS","Identifier":"engi-0123456789abc"})");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"Id\": \"engi-0000000000001\""), std::string::npos) << r.out;  // pretty by default
}

TEST_F(PcsyncctlCall, WrongSecretIsAccessDenied) {
  auto r = run("call GetEngagementInvitation '{\"Identifier\":\"engi-0123456789abc\"}' --catalog AWS", "not-the-secret");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("InvalidSignatureException"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("HTTP 403"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not-the-secret"), std::string::npos);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(verified_.load(), 0);
}

TEST_F(PcsyncctlCall, UsageAndValidationErrorsDoNotCallTheService) {
  EXPECT_EQ(run("call").exit_code, 2);
  EXPECT_EQ(run("call NoSuchOperation").exit_code, 2);
  EXPECT_EQ(run("call GetEngagementInvitation 'not json'").exit_code, 2);
  auto r = run("call GetEngagementInvitation '{\"Identifier\":\"engi-BAD\"}' --catalog AWS");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ValidationException"), std::string::npos) << r.err;
  EXPECT_EQ(server_->requests_served(), 0u);
}

}  // namespace
}  // namespace pcs::pc
