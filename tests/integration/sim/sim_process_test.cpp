// Starts pcsync-sim as a subprocess on 127.0.0.1:0 and talks to it with raw signed requests over loopback
// (plain and TLS). Every network step runs under io_context::run_for, so a bug fails instead of hanging.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>
#include <poll.h>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "aws/sigv4.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace pcs::sim {
namespace {
namespace beast = boost::beast;
namespace http = beast::http;
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

// A running pcsync-sim; SIGKILLed by the destructor if the test did not stop it.
class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> args) {
    int fds[2];
    if (pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    args.insert(args.begin(), PCSYNC_SIM_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, PCSYNC_SIM_BINARY, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
  }
  ~SimProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_) fclose(out_);
  }
  // The first stdout line; pcsync-sim prints it once it listens. Empty if nothing came within 10 s (the guard)
  // or the process exited without listening.
  std::string first_line() {
    char buf[256] = {0};
    if (!out_) return {};
    pollfd p{fileno(out_), POLLIN, 0};
    if (poll(&p, 1, 10'000) <= 0) return {};
    if (!fgets(buf, sizeof buf, out_)) return {};
    std::string s(buf);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }
  // Sends SIGTERM and waits up to `limit` for the exit; returns the exit status or nothing.
  std::optional<int> terminate(std::chrono::milliseconds limit) {
    kill(pid_, SIGTERM);
    for (auto waited = 0ms; waited < limit; waited += 20ms) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }
  bool started() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
};

std::uint16_t port_of(const std::string& line) {
  const std::string prefix = "listening on 127.0.0.1:";
  if (line.rfind(prefix, 0) != 0) return 0;
  return static_cast<std::uint16_t>(std::stoi(line.substr(prefix.size())));
}

struct Reply {
  int status = 0;
  std::string body;
  std::string request_id;
  std::string error_type;
};

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

// One request on a fresh connection; nothing if it did not complete within 5 s.
template <class Stream>
std::optional<Reply> exchange(asio::io_context& io, Stream& stream, const net::HttpRequest& request) {
  http::request<http::string_body> req{request.method == "GET" ? http::verb::get : http::verb::post, request.target, 11};
  for (const auto& h : request.headers) req.set(h.name, h.value);
  req.body() = request.body;
  req.prepare_payload();
  std::optional<Reply> out;
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
    if (ec) return;
    http::async_read(stream, buffer, res, [&](beast::error_code ec2, std::size_t) {
      if (ec2) return;
      Reply r;
      r.status = static_cast<int>(res.result_int());
      r.body = res.body();
      r.request_id = std::string(res["x-amzn-RequestId"]);
      r.error_type = std::string(res["x-amzn-ErrorType"]);
      out = r;
    });
  });
  io.run_for(5s);
  return out;
}

std::optional<Reply> call(std::uint16_t port, const net::HttpRequest& request) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(5s);
  boost::system::error_code ec;
  stream.socket().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return std::nullopt;
  return exchange(io, stream, request);
}

TEST(SimProcess, ServesSignedRequestsReportsStatsAndStopsOnSigterm) {
  test::TempDir dir;
  auto scenario = dir.write("integration.yaml", kScenario);
  auto stats_file = dir.path() / "stats.json";
  SimProcess sim({"--scenario", scenario.string(), "--listen", "127.0.0.1:0", "--stats-file", stats_file.string()});
  ASSERT_TRUE(sim.started());
  const auto line = sim.first_line();
  const auto port = port_of(line);
  ASSERT_NE(port, 0) << "first line was: " << line;

  // Page through every invitation.
  json::object list{{"Catalog", "Sandbox"}, {"ParticipantType", "RECEIVER"}, {"MaxResults", 10}};
  std::set<std::string> ids;
  std::string first_id;
  for (int pages = 0; pages < 20; ++pages) {
    auto r = call(port, signed_request(port, "ListEngagementInvitations", list));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_FALSE(r->request_id.empty());
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
  EXPECT_EQ(denied->error_type, "InvalidSignatureException");

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

  auto rc = sim.terminate(2s);
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
  SimProcess sim({"--scenario", scenario.string(), "--listen", "127.0.0.1:0", "--tls", "--tls-cert-out", cert.string()});
  const auto port = port_of(sim.first_line());
  ASSERT_NE(port, 0);

  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(cert.string());
  ctx.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  stream.set_verify_callback(asio::ssl::host_name_verification("localhost"));
  beast::get_lowest_layer(stream).expires_after(5s);
  boost::system::error_code ec;
  beast::get_lowest_layer(stream).socket().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  ASSERT_FALSE(ec) << ec.message();
  bool handshaken = false;
  stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code e) { handshaken = !e; });
  io.run_for(5s);
  ASSERT_TRUE(handshaken) << "TLS handshake with the simulator's own certificate failed";
  io.restart();
  auto r = exchange(io, stream,
                    signed_request(port, "ListEngagementInvitations", {{"Catalog", "Sandbox"}, {"ParticipantType", "RECEIVER"}}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(sim.terminate(2s).has_value());
}

TEST(SimProcess, RefusesARemoteListenAddressAndBadScenarios) {
  test::TempDir dir;
  auto scenario = dir.write("ok.yaml", kScenario);
  {
    SimProcess sim({"--scenario", scenario.string(), "--listen", "0.0.0.0:0"});
    EXPECT_EQ(sim.first_line(), "");  // exits without listening
    auto rc = sim.terminate(2s);
    ASSERT_TRUE(rc);
    EXPECT_EQ(*rc, 2);
  }
  auto bad = dir.write("bad.yaml", "seed: 1\nquotass: off\n");
  SimProcess sim({"--scenario", bad.string()});
  EXPECT_EQ(sim.first_line(), "");
  auto rc = sim.terminate(2s);
  ASSERT_TRUE(rc);
  EXPECT_EQ(*rc, 2);
}

}  // namespace
}  // namespace pcs::sim
