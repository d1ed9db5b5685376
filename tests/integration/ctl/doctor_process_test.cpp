// `pcsyncctl doctor` end to end, as an operator runs it: a real pcsyncctl process with a clean environment
// (empty HOME, instance metadata disabled, credentials in the environment), against pcsync-sim (plain and TLS) and
// against an in-process loopback server for the answers the simulator does not give (AccessDenied, ExpiredToken,
// throttling, a skewed Date header). Every child has a deadline and is SIGKILLed when it passes it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <arpa/inet.h>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

#include "child_process.hpp"
#include "core/time_format.hpp"
#include "net/http_server.hpp"
#include "notify/webhook_message.hpp"
#include "temp_dir.hpp"
#include "threaded_server.hpp"

namespace pcs::ctl {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* kKeyId = "AKIDDOCTORTEST01";
constexpr const char* kSecret = "doctor-secret-never-printed";
constexpr const char* kToken = "doctor-session-token-never-printed";

const char* kScenario = R"(seed: 7
catalog: Sandbox
credentials: {access_key_id: AKIDDOCTORTEST01, secret_access_key: doctor-secret-never-printed}
invitations: {count: 5}
quotas: off
)";

// pcsync-sim on 127.0.0.1:0; SIGKILLed by the destructor.
class Sim {
 public:
  Sim(const test::TempDir& dir, std::vector<std::string> extra, const std::string& name = "sim") {
    auto scenario = dir.write(name + "-scenario.yaml", kScenario);
    std::vector<std::string> args{"--scenario", scenario.string(), "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    process_ = std::make_unique<test::ChildProcess>(PCSYNC_SIM_BINARY, args,
                                                    std::map<std::string, std::string>{{"HOME", dir.path().string()}},
                                                    dir.path() / (name + ".stderr"), true);
    port_ = test::listening_port(process_->first_line());
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<test::ChildProcess> process_;
  int port_ = 0;
};

// A loopback endpoint answering every request with reply(), on its own thread while pcsyncctl runs; it records
// the operation and body of each request.
class FakeEndpoint {
 public:
  explicit FakeEndpoint(std::function<net::ServerReply()> reply)
      : server_([this, reply](const net::HttpRequest& request) {
          record(request);
          return reply();
        }) {}

  bool started() const { return server_.started(); }
  int port() const { return server_.port(); }
  std::vector<std::string> targets() {
    std::vector<std::string> out;
    for (const auto& r : requests()) out.push_back(r.header("X-Amz-Target") ? *r.header("X-Amz-Target") : "");
    return out;
  }
  std::vector<std::string> bodies() {
    std::vector<std::string> out;
    for (const auto& r : requests()) out.push_back(r.body);
    return out;
  }
  std::vector<net::HttpRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void record(const net::HttpRequest& request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }

  std::mutex mutex_;
  std::vector<net::HttpRequest> requests_;
  test::ThreadedServer server_;  // last: stopped before what its handler records into goes
};

net::ServerReply json_reply(int status, const std::string& body, std::optional<WallTime> date = WallTime::clock::now()) {
  net::ServerReply r;
  r.response.status = status;
  r.response.body = body;
  r.response.set_header("Content-Type", "application/x-amz-json-1.0");
  r.response.set_header("x-amzn-RequestId", "doctor-test-request");
  if (date) r.response.set_header("Date", format_http_date(*date));
  return r;
}

net::ServerReply error_reply(int status, const std::string& type, const std::string& message) {
  json::object o{{"__type", type}, {"message", message}};
  auto r = json_reply(status, json::serialize(o));
  r.response.set_header("x-amzn-ErrorType", type);
  return r;
}

// A loopback port nothing listens on: bound, then closed (connection refused right away).
int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return 0;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

class DoctorTest : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(home()); }

  std::filesystem::path home() const { return dir_.path() / "home"; }

  std::map<std::string, std::string> base_env() const {
    return {{"HOME", home().string()},
            {"PATH", "/usr/bin:/bin"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"AWS_ACCESS_KEY_ID", kKeyId},
            {"AWS_SECRET_ACCESS_KEY", kSecret}};
  }

  std::filesystem::path config(const std::string& catalog, const std::string& endpoint) const {
    return dir_.write("pcsyncd.yaml", "catalog: " + catalog + "\nendpoint_url: " + endpoint + "\ndatabase: " +
                                          (dir_.path() / "pcsync.db").string() + "\nrequest_timeout: 10s\n");
  }

  test::ProcessRun doctor(std::vector<std::string> args, const std::map<std::string, std::string>& env) const {
    args.insert(args.begin(), "doctor");
    auto r = test::run_process(PCSYNC_CTL_BINARY, args, env, dir_.path() / "doctor", 20s);
    // Whatever happened, neither the secret nor the session token may appear.
    EXPECT_EQ(r.all().find(kSecret), std::string::npos) << r.all();
    EXPECT_EQ(r.all().find(kToken), std::string::npos) << r.all();
    // The report goes to stdout; stderr is for usage errors only (and would show a sanitizer's findings).
    if (r.exit_code != 2) {
      EXPECT_EQ(r.err, "");
    }
    return r;
  }

  // The check named `name` in --json output (or null).
  static json::object check(const json::value& report, const std::string& name) {
    for (const auto& c : report.at("Checks").as_array())
      if (c.at("Name").as_string() == name) return c.as_object();
    return {};
  }

  test::TempDir dir_;
};

TEST_F(DoctorTest, PassesAgainstTheSimulatorAndNamesSourceAndEndpoint) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(sim.port());
  auto r = doctor({"--config", config("Sandbox", endpoint).string()}, base_env());
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("from environment"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(endpoint), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("region: us-east-1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("allowed; invitations are visible"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[ok]      clock skew"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("result: ok"), std::string::npos) << r.out;

  auto j = doctor({"--config", config("Sandbox", endpoint).string(), "--json"}, base_env());
  ASSERT_EQ(j.exit_code, 0) << j.all();
  auto report = json::parse(j.out);
  EXPECT_TRUE(report.at("Ok").as_bool());
  EXPECT_EQ(check(report, "api call").at("Status").as_string(), "ok");
  EXPECT_EQ(check(report, "clock skew").at("Status").as_string(), "ok");
  EXPECT_LT(std::abs(report.at("ClockSkewSeconds").as_int64()), 5);  // whole seconds, as the Date header
  EXPECT_NE(std::string(check(report, "credentials").at("Detail").as_string()).find("environment"), std::string::npos);
}

TEST_F(DoctorTest, WrongSecretFailsWithASecretOrKeyHint) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  auto env = base_env();
  env["AWS_SECRET_ACCESS_KEY"] = "not-the-right-secret";
  auto r = doctor({"--config", config("Sandbox", "http://127.0.0.1:" + std::to_string(sim.port())).string()}, env);
  ASSERT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("InvalidSignatureException"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hint: the signature did not match: the secret access key is wrong"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("not-the-right-secret"), std::string::npos) << r.out;
}

// The simulator answers a catalog it does not serve with an empty list (as the service does for an account
// without data there): the call is allowed, and the doctor says why nothing is visible.
TEST_F(DoctorTest, OtherCatalogIsAllowedButSaysNothingIsVisible) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  auto r = doctor({"--config", config("AWS", "http://127.0.0.1:" + std::to_string(sim.port())).string(), "--json"},
                  base_env());
  ASSERT_EQ(r.exit_code, 0) << r.all();
  auto call = check(json::parse(r.out), "api call");
  EXPECT_NE(std::string(call.at("Detail").as_string()).find("no invitation is visible"), std::string::npos) << r.out;
  EXPECT_NE(std::string(call.at("Hint").as_string()).find("enrolment"), std::string::npos) << r.out;
}

TEST_F(DoctorTest, UntrustedTlsCertificateGivesTheCaBundleHintAndTrustingItPasses) {
  const auto cert = dir_.path() / "sim-cert.pem";
  Sim sim(dir_, {"--tls", "--tls-cert-out", cert.string()});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  const auto cfg = config("Sandbox", "https://localhost:" + std::to_string(sim.port()));

  auto r = doctor({"--config", cfg.string()}, base_env());
  ASSERT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("TlsError"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hint: TLS trouble"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("AWS_CA_BUNDLE"), std::string::npos) << r.out;

  auto env = base_env();
  env["AWS_CA_BUNDLE"] = cert.string();
  auto trusted = doctor({"--config", cfg.string()}, env);
  EXPECT_EQ(trusted.exit_code, 0) << trusted.all();
}

TEST_F(DoctorTest, MissingCaBundleFileFails) {
  auto env = base_env();
  env["AWS_CA_BUNDLE"] = (dir_.path() / "no-such-ca.pem").string();
  auto r = doctor({"--config", config("Sandbox", "https://localhost:" + std::to_string(closed_port())).string()}, env);
  ASSERT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("[FAILED]  ca bundle"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no-such-ca.pem"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("AWS_CA_BUNDLE"), std::string::npos) << r.out;
}

TEST_F(DoctorTest, UnreachableEndpointGivesTheNetworkHint) {
  const int port = closed_port();
  ASSERT_NE(port, 0);
  auto r = doctor({"--config", config("Sandbox", "http://127.0.0.1:" + std::to_string(port)).string()}, base_env());
  ASSERT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("ConnectFailed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hint: the endpoint could not be reached"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("firewall"), std::string::npos) << r.out;
  // A transport failure is retryable in the outcome table: the doctor says the daemon copes by itself.
  EXPECT_NE(r.out.find("pcsyncd retries such failures by itself"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[warning] clock skew: not measured"), std::string::npos) << r.out;
}

TEST_F(DoctorTest, BadConfigFailsWithFileAndLineAndAMissingValueIsUsage) {
  const auto bad = dir_.write("bad.yaml", "# pcsyncd\ncatalog: Marketplace\n");
  auto r = doctor({"--config", bad.string()}, base_env());
  ASSERT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.all().find(bad.string() + ":2:"), std::string::npos) << r.all();
  EXPECT_NE(r.all().find("must be AWS or Sandbox"), std::string::npos) << r.all();

  auto usage = doctor({"--config"}, base_env());
  EXPECT_EQ(usage.exit_code, 2) << usage.all();
  EXPECT_NE(usage.err.find("Run 'pcsyncctl doctor --help'"), std::string::npos) << usage.err;
  auto unknown = doctor({"--config", bad.string(), "--verbose"}, base_env());
  EXPECT_EQ(unknown.exit_code, 2) << unknown.all();
  auto help = doctor({"--help"}, base_env());
  EXPECT_EQ(help.exit_code, 0) << help.all();
  EXPECT_NE(help.out.find("usage: pcsyncctl doctor [--config FILE] [--unit [NAME]] [--webhooks] [--json]"), std::string::npos) << help.out;
}

// --unit: the checks run in the environment the unit gives the service (its EnvironmentFile=), not in the
// operator's, and the configuration is the one its ExecStart names.
TEST_F(DoctorTest, UnitEnvironmentIsWhatTheServiceSees) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  const auto cfg = config("Sandbox", "http://127.0.0.1:" + std::to_string(sim.port()));
  const auto env_file = dir_.write("environment", std::string("# what the service gets\nAWS_ACCESS_KEY_ID=") + kKeyId +
                                                     "\nAWS_SECRET_ACCESS_KEY=\"" + kSecret +
                                                     "\"\nAWS_EC2_METADATA_DISABLED=true\n");
  const auto unit = dir_.write("pcsyncd.service", "[Service]\nExecStart=/usr/bin/pcsyncd --config " + cfg.string() +
                                                      "\nEnvironmentFile=-" + env_file.string() +
                                                      "\nEnvironmentFile=-" + (dir_.path() / "absent").string() + "\n");
  auto operator_env = base_env();
  operator_env.erase("AWS_ACCESS_KEY_ID");
  operator_env.erase("AWS_SECRET_ACCESS_KEY");
  auto r = doctor({"--unit", unit.string()}, operator_env);
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("pcsyncctl doctor: " + cfg.string()), std::string::npos) << r.out;  // the unit's --config
  EXPECT_NE(r.out.find("[ok]      unit: pcsyncd.service (" + unit.string() + "); runs as root, without HOME; " +
                       env_file.string() + ": AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_EC2_METADATA_DISABLED; " +
                       (dir_.path() / "absent").string() + ": absent (optional)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("allowed; invitations are visible"), std::string::npos) << r.out;

  // The operator's own keys do not reach the checks: a unit that gives none fails as the service would.
  const auto bare = dir_.write("bare.service", "[Service]\nExecStart=/usr/bin/pcsyncd --config " + cfg.string() + "\n");
  auto without = doctor({"--unit", bare.string(), "--json"}, base_env());
  ASSERT_EQ(without.exit_code, 1) << without.all();
  auto report = json::parse(without.out);
  EXPECT_EQ(check(report, "credentials").at("Status").as_string(), "fail");
  EXPECT_EQ(check(report, "unit").at("Status").as_string(), "ok");
  auto plain = doctor({"--config", cfg.string()}, base_env());
  EXPECT_EQ(plain.exit_code, 0) << plain.all();
}

TEST_F(DoctorTest, UnitWithAMissingRequiredEnvironmentFileFails) {
  const auto cfg = config("Sandbox", "http://127.0.0.1:" + std::to_string(closed_port()));
  const auto unit = dir_.write("pcsyncd.service", "[Service]\nExecStart=/usr/bin/pcsyncd --config " + cfg.string() +
                                                      "\nEnvironmentFile=" + (dir_.path() / "missing").string() + "\n");
  auto r = doctor({"--unit", unit.string()}, base_env());
  ASSERT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("[FAILED]  unit: EnvironmentFile=" + (dir_.path() / "missing").string() +
                       " cannot be read (No such file or directory): systemd refuses to start the service"),
            std::string::npos)
      << r.out;
  auto unknown = doctor({"--unit", (dir_.path() / "nope.service").string()}, base_env());
  ASSERT_EQ(unknown.exit_code, 1) << unknown.all();
  EXPECT_NE(unknown.out.find("no unit file nope.service in " + dir_.path().string()), std::string::npos) << unknown.out;
}

TEST_F(DoctorTest, NoCredentialsSkipsTheCall) {
  FakeEndpoint endpoint([] { return json_reply(200, R"({"EngagementInvitationSummaries":[]})"); });
  ASSERT_TRUE(endpoint.started());
  auto env = base_env();
  env.erase("AWS_ACCESS_KEY_ID");
  env.erase("AWS_SECRET_ACCESS_KEY");
  auto r = doctor({"--config", config("Sandbox", "http://127.0.0.1:" + std::to_string(endpoint.port())).string()}, env);
  ASSERT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("[FAILED]  credentials: NoCredentials"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("api call: not attempted"), std::string::npos) << r.out;
  EXPECT_TRUE(endpoint.targets().empty());
}

TEST_F(DoctorTest, ACredentialsFileReadableByOthersIsAWarningWithTheChmodToRun) {
  FakeEndpoint endpoint([] { return json_reply(200, R"({"EngagementInvitationSummaries":[]})"); });
  ASSERT_TRUE(endpoint.started());
  std::filesystem::create_directories(home() / ".aws");
  const auto creds = dir_.write("home/.aws/credentials", std::string("[default]\naws_access_key_id = ") + kKeyId +
                                                           "\naws_secret_access_key = " + kSecret + "\n");
  ASSERT_EQ(::chmod(creds.c_str(), 0644), 0);
  auto env = base_env();
  env.erase("AWS_ACCESS_KEY_ID");
  env.erase("AWS_SECRET_ACCESS_KEY");
  const auto cfg = config("Sandbox", "http://127.0.0.1:" + std::to_string(endpoint.port()));
  auto r = doctor({"--config", cfg.string()}, env);
  ASSERT_EQ(r.exit_code, 0) << "a warning must not fail the doctor\n" << r.all();
  EXPECT_NE(r.out.find("[warning] file permissions: " + creds.string() +
                       " is readable by group and others (mode 0644): they can read the AWS keys in it; run chmod "
                       "600 " + creds.string()),
            std::string::npos)
      << r.out;
  auto j = doctor({"--config", cfg.string(), "--json"}, env);
  ASSERT_EQ(j.exit_code, 0) << j.all();
  EXPECT_EQ(check(json::parse(j.out), "file permissions").at("Status").as_string(), "warn");

  ASSERT_EQ(::chmod(creds.c_str(), 0600), 0);
  auto fixed = doctor({"--config", cfg.string()}, env);
  ASSERT_EQ(fixed.exit_code, 0) << fixed.all();
  EXPECT_EQ(fixed.out.find("file permissions"), std::string::npos) << fixed.out;
}

// ---- webhooks --------------------------------------------------------------------------------------------

constexpr const char* kHookPath = "/hooks/T0-webhook-path-is-a-secret";
constexpr const char* kHookSecret = "webhook-hmac-secret";

class DoctorWebhookTest : public DoctorTest {
 protected:
  // The simulator for the API, and one webhook `ops` to a loopback receiver (plain http is allowed to loopback).
  std::filesystem::path webhook_config(int api_port, int hook_port, const std::string& format = "json",
                                       const std::string& hook_origin = "http://127.0.0.1") const {
    return dir_.write("pcsyncd.yaml", "catalog: Sandbox\nendpoint_url: http://127.0.0.1:" + std::to_string(api_port) +
                                          "\ndatabase: " + (dir_.path() / "pcsync.db").string() +
                                          "\nrequest_timeout: 10s\nnotify:\n  webhooks:\n    - name: ops\n      url: " +
                                          hook_origin + ":" + std::to_string(hook_port) + kHookPath +
                                          "\n      secret: " + kHookSecret + "\n      format: " + format + "\n");
  }
  // Neither the webhook's path nor its secret may appear in what the doctor prints.
  test::ProcessRun doctor_hooks(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    if (env.empty()) env = base_env();
    auto r = doctor(std::move(args), env);
    EXPECT_EQ(r.all().find(kHookPath), std::string::npos) << r.all();
    EXPECT_EQ(r.all().find(kHookSecret), std::string::npos) << r.all();
    return r;
  }
};

TEST_F(DoctorWebhookTest, WithoutTheFlagAWebhookIsListedAndNotTried) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  FakeEndpoint hook([] { return net::ServerReply{}; });
  ASSERT_TRUE(hook.started());
  auto r = doctor_hooks({"--config", webhook_config(sim.port(), hook.port()).string()});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("[ok]      webhook ops: http://127.0.0.1:" + std::to_string(hook.port()) +
                       "/…: configured, not tried (pcsyncctl doctor --webhooks"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(hook.requests().empty());
}

TEST_F(DoctorWebhookTest, TheFlagPostsOneSignedTestMessage) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  FakeEndpoint hook([] {
    net::ServerReply reply;
    reply.response.status = 204;
    return reply;
  });
  ASSERT_TRUE(hook.started());
  auto r = doctor_hooks({"--config", webhook_config(sim.port(), hook.port()).string(), "--webhooks"});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("[ok]      webhook ops: test message delivered to http://127.0.0.1:" +
                       std::to_string(hook.port()) + "/… (HTTP 204)"),
            std::string::npos)
      << r.out;
  const auto requests = hook.requests();
  ASSERT_EQ(requests.size(), 1u);
  const net::HttpRequest& sent = requests[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target, kHookPath);
  ASSERT_NE(sent.header("X-Pcsyncd-Event"), nullptr);
  EXPECT_EQ(*sent.header("X-Pcsyncd-Event"), "test");
  ASSERT_NE(sent.header("X-Pcsyncd-Signature"), nullptr);
  EXPECT_EQ(*sent.header("X-Pcsyncd-Signature"), "sha256=" + notify::hmac_sha256_hex(kHookSecret, sent.body));
  auto body = json::parse(sent.body).as_object();
  EXPECT_EQ(body.at("Event").as_string(), "test");
  EXPECT_EQ(body.at("Webhook").as_string(), "ops");
  EXPECT_NE(std::string(body.at("Text").as_string()).find("nothing to do"), std::string::npos) << sent.body;

  // Slack's format: {"text": ...} only; Slack answers 200 "ok".
  FakeEndpoint slack([] {
    net::ServerReply reply;
    reply.response.status = 200;
    reply.response.body = "ok";
    return reply;
  });
  ASSERT_TRUE(slack.started());
  auto s = doctor_hooks({"--config", webhook_config(sim.port(), slack.port(), "slack").string(), "--webhooks", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.all();
  EXPECT_EQ(check(json::parse(s.out), "webhook ops").at("Status").as_string(), "ok");
  ASSERT_EQ(slack.requests().size(), 1u);
  auto text = json::parse(slack.requests()[0].body).as_object();
  EXPECT_EQ(text.size(), 1u);
  EXPECT_NE(std::string(text.at("text").as_string()).find("test message from pcsyncctl doctor --webhooks"),
            std::string::npos);
}

TEST_F(DoctorWebhookTest, ARefusalOrNoReceiverFailsWithItsHint) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  struct Row {
    int status;
    const char* hint;
  };
  for (const Row& row : {Row{404, "deleted or mistyped"}, Row{403, "carry their own secret"},
                         Row{400, "check the webhook's format"}, Row{503, "failed on its side"}}) {
    FakeEndpoint hook([&row] {
      net::ServerReply r;
      r.response.status = row.status;
      return r;
    });
    ASSERT_TRUE(hook.started());
    auto r = doctor_hooks({"--config", webhook_config(sim.port(), hook.port()).string(), "--webhooks"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_NE(r.out.find("[FAILED]  webhook ops: HTTP " + std::to_string(row.status) + " from http://127.0.0.1:"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find(row.hint), std::string::npos) << r.out;
    EXPECT_EQ(hook.requests().size(), 1u);
  }
  auto gone = doctor_hooks({"--config", webhook_config(sim.port(), closed_port()).string(), "--webhooks"});
  EXPECT_EQ(gone.exit_code, 1) << gone.all();
  EXPECT_NE(gone.out.find("[FAILED]  webhook ops: "), std::string::npos) << gone.out;
  EXPECT_NE(gone.out.find("the webhook could not be reached"), std::string::npos) << gone.out;
}

TEST_F(DoctorWebhookTest, TheFlagWithNoWebhookConfiguredWarns) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  auto r = doctor_hooks({"--config", config("Sandbox", "http://127.0.0.1:" + std::to_string(sim.port())).string(),
                         "--webhooks"});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("[warning] webhooks: --webhooks: notify.webhooks has none to try"), std::string::npos) << r.out;
}

// A receiver that takes the request and never answers: the doctor gives up after the notifier's 10 s.
TEST_F(DoctorWebhookTest, AReceiverThatNeverAnswersTimesOutWithItsHint) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  FakeEndpoint hook([] {
    net::ServerReply reply;
    reply.fault = net::ServerFault::never_answer;
    return reply;
  });
  ASSERT_TRUE(hook.started());
  auto r = doctor_hooks({"--config", webhook_config(sim.port(), hook.port()).string(), "--webhooks"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("[FAILED]  webhook ops: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("did not answer within 10 s"), std::string::npos) << r.out;
  EXPECT_EQ(hook.requests().size(), 1u);
}

// The webhooks are tried at once, not one after another (N silent receivers would cost N x 10 s): here each
// receiver answers 204 only once the other has its request too, and 503 if that does not happen within 8 s, so
// one after another, the first would fail. The lines keep the configuration's order.
TEST_F(DoctorWebhookTest, TheWebhooksAreTriedAtOnce) {
  Sim sim(dir_, {});
  ASSERT_NE(sim.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  std::mutex mutex;
  std::condition_variable arrived;
  int requests = 0;
  auto meet_the_other = [&] {
    std::unique_lock lock(mutex);
    ++requests;
    arrived.notify_all();
    net::ServerReply reply;
    reply.response.status = arrived.wait_for(lock, 8s, [&] { return requests >= 2; }) ? 204 : 503;
    return reply;
  };
  FakeEndpoint first(meet_the_other);
  FakeEndpoint second(meet_the_other);
  ASSERT_TRUE(first.started() && second.started());
  std::string hooks;
  for (const auto& [name, port] : {std::pair{"zeta", first.port()}, std::pair{"alpha", second.port()}})
    hooks += std::string("    - name: ") + name + "\n      url: http://127.0.0.1:" + std::to_string(port) + kHookPath +
             "\n      secret: " + kHookSecret + "\n";
  const auto cfg = dir_.write("pcsyncd.yaml", "catalog: Sandbox\nendpoint_url: http://127.0.0.1:" +
                                                  std::to_string(sim.port()) + "\ndatabase: " +
                                                  (dir_.path() / "pcsync.db").string() + "\nnotify:\n  webhooks:\n" + hooks);
  auto r = doctor_hooks({"--config", cfg.string(), "--webhooks"});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const auto zeta = r.out.find("[ok]      webhook zeta: test message delivered to http://127.0.0.1:" +
                               std::to_string(first.port()) + "/… (HTTP 204)");
  const auto alpha = r.out.find("[ok]      webhook alpha: test message delivered to http://127.0.0.1:" +
                                std::to_string(second.port()) + "/… (HTTP 204)");
  ASSERT_NE(zeta, std::string::npos) << r.out;
  ASSERT_NE(alpha, std::string::npos) << r.out;
  EXPECT_LT(zeta, alpha) << r.out;
  EXPECT_EQ(first.requests().size(), 1u);
  EXPECT_EQ(second.requests().size(), 1u);
}

// Webhooks trust the CA bundle the API calls trust: a receiver with a private CA fails with the TLS hint until
// AWS_CA_BUNDLE names its certificate, and then answers (the simulator refuses the unsigned POST: any HTTP status
// proves the TLS handshake).
TEST_F(DoctorWebhookTest, AWebhookIsVerifiedAgainstTheSameCaBundle) {
  Sim api(dir_, {});
  ASSERT_NE(api.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  const auto cert = dir_.path() / "hook-cert.pem";
  Sim receiver(dir_, {"--tls", "--tls-cert-out", cert.string()}, "receiver");
  ASSERT_NE(receiver.port(), 0) << test::read_text_file(dir_.path() / "receiver.stderr");
  const auto cfg = webhook_config(api.port(), receiver.port(), "json", "https://localhost");

  auto untrusted = doctor_hooks({"--config", cfg.string(), "--webhooks"});
  EXPECT_EQ(untrusted.exit_code, 1) << untrusted.all();
  EXPECT_NE(untrusted.out.find("[FAILED]  webhook ops: TlsError"), std::string::npos) << untrusted.out;
  EXPECT_NE(untrusted.out.find("webhooks trust the same CA bundle as the API calls"), std::string::npos)
      << untrusted.out;

  auto env = base_env();
  env["AWS_CA_BUNDLE"] = cert.string();
  auto trusted = doctor_hooks({"--config", cfg.string(), "--webhooks"}, env);
  EXPECT_EQ(trusted.out.find("TlsError"), std::string::npos) << trusted.out;
  EXPECT_NE(trusted.out.find("webhook ops: HTTP "), std::string::npos) << trusted.out;
  EXPECT_NE(trusted.out.find(" from https://localhost:" + std::to_string(receiver.port()) + "/…"), std::string::npos)
      << trusted.out;
}

// A webhook whose client cannot be built is not tried, and says why: an unreadable CA bundle (TLS hint), a
// malformed HTTPS_PROXY (proxy hint). Nothing reaches the receiver.
TEST_F(DoctorWebhookTest, AWebhookWhoseClientCannotBeBuiltIsNotTried) {
  Sim api(dir_, {});
  ASSERT_NE(api.port(), 0) << test::read_text_file(dir_.path() / "sim.stderr");
  const auto cfg = webhook_config(api.port(), closed_port(), "json", "https://hooks.example.com");

  auto env = base_env();
  env["AWS_CA_BUNDLE"] = (dir_.path() / "no-such-ca.pem").string();
  auto no_ca = doctor_hooks({"--config", cfg.string(), "--webhooks"}, env);
  EXPECT_EQ(no_ca.exit_code, 1) << no_ca.all();
  EXPECT_NE(no_ca.out.find("[FAILED]  webhook ops: not tried: "), std::string::npos) << no_ca.out;
  EXPECT_NE(no_ca.out.find("webhooks trust the same CA bundle as the API calls"), std::string::npos) << no_ca.out;

  env = base_env();
  env["HTTPS_PROXY"] = "ftp://proxy.example.com:21";
  auto bad_proxy = doctor_hooks({"--config", cfg.string(), "--webhooks"}, env);
  EXPECT_EQ(bad_proxy.exit_code, 1) << bad_proxy.all();
  EXPECT_NE(bad_proxy.out.find("[FAILED]  webhook ops: not tried: "), std::string::npos) << bad_proxy.out;
  EXPECT_NE(bad_proxy.out.find("webhooks go through the same HTTPS_PROXY"), std::string::npos) << bad_proxy.out;
}

// ---- answers the simulator does not give: an in-process endpoint -----------------------------------------

class DoctorFakeEndpointTest : public DoctorTest {
 protected:
  test::ProcessRun against(FakeEndpoint& endpoint, bool json_output = false) {
    EXPECT_TRUE(endpoint.started());
    auto env = base_env();
    env["AWS_SESSION_TOKEN"] = kToken;
    std::vector<std::string> args{"--config",
                                  config("AWS", "http://127.0.0.1:" + std::to_string(endpoint.port())).string()};
    if (json_output) args.push_back("--json");
    return doctor(args, env);
  }
};

TEST_F(DoctorFakeEndpointTest, SendsOneMinimalListCall) {
  FakeEndpoint endpoint([] { return json_reply(200, R"({"EngagementInvitationSummaries":[]})"); });
  auto r = against(endpoint);
  ASSERT_EQ(r.exit_code, 0) << r.all();
  ASSERT_EQ(endpoint.targets().size(), 1u);
  EXPECT_EQ(endpoint.targets()[0], "AWSPartnerCentralSelling.ListEngagementInvitations");
  auto body = json::parse(endpoint.bodies()[0]);
  EXPECT_EQ(body.at("Catalog").as_string(), "AWS");
  EXPECT_EQ(body.at("ParticipantType").as_string(), "RECEIVER");
  EXPECT_EQ(body.at("MaxResults").to_number<int>(), 1);
}

// Each refusal gets the hint that names its cause and what to do, and says whether pcsyncd copes with it by
// itself (the outcome table): throttling is paced and retried, a setup error (IAM, expired credentials, the
// catalog) is not.
TEST_F(DoctorFakeEndpointTest, EachRefusalGetsItsHint) {
  struct Row {
    int status;
    const char* type;
    const char* message;
    std::vector<const char*> hint;  // what the output must say
    bool paced_and_retried;
  };
  const Row rows[] = {
      {403, "AccessDeniedException", "User is not authorized",
       {"partnercentral:ListEngagementInvitations", "partnercentral:GetEngagementInvitation",
        "partnercentral:StartEngagementByAcceptingInvitationTask", "partnercentral:CreateOpportunity",
        "partnercentral:SubmitOpportunity", "partnercentral:AcceptEngagementInvitation",
        "partnercentral:CreateResourceSnapshotJob", "partnercentral:StartResourceSnapshotJob",
        "partnercentral:RejectEngagementInvitation", "partnercentral:ListEngagementByAcceptingInvitationTasks",
        "partnercentral:ListOpportunityFromEngagementTasks", "partnercentral:Catalog"},
       false},
      {400, "ExpiredTokenException", "The security token included in the request is expired",
       {"hint: the session credentials have expired: refresh the session (aws sso login"},
       false},
      {400, "ValidationException", "Catalog is not valid for this account",
       {"hint: catalog must be AWS or Sandbox and match the account's Partner Central enrolment"},
       false},
      {429, "ThrottlingException", "Rate exceeded",
       {"other tools are using the account's Partner Central quota", "pcsyncd will pace"},
       true},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.type);
    FakeEndpoint endpoint([&row] { return error_reply(row.status, row.type, row.message); });
    auto r = against(endpoint);
    ASSERT_EQ(r.exit_code, 1) << r.all();
    for (const char* text : row.hint) EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
    EXPECT_EQ(r.out.find("pcsyncd will pace") != std::string::npos, row.paced_and_retried) << r.out;
    EXPECT_EQ(r.out.find("retries such failures"), std::string::npos) << "no transient failure here\n" << r.out;
  }
}

TEST_F(DoctorFakeEndpointTest, ClockTenMinutesOffFailsWithNtpHint) {
  FakeEndpoint endpoint([] {
    return json_reply(200, R"({"EngagementInvitationSummaries":[]})", WallTime::clock::now() + 10min);
  });
  auto r = against(endpoint, true);
  ASSERT_EQ(r.exit_code, 1) << r.all();
  auto report = json::parse(r.out);
  EXPECT_FALSE(report.at("Ok").as_bool());
  auto skew = check(report, "clock skew");
  EXPECT_EQ(skew.at("Status").as_string(), "fail");
  EXPECT_NE(std::string(skew.at("Hint").as_string()).find("fix NTP"), std::string::npos) << r.out;
  EXPECT_NEAR(double(report.at("ClockSkewSeconds").as_int64()), 600.0, 5.0);
}

TEST_F(DoctorFakeEndpointTest, ClockTwoMinutesBehindOnlyWarns) {
  FakeEndpoint endpoint([] {
    return json_reply(200, R"({"EngagementInvitationSummaries":[]})", WallTime::clock::now() - 2min);
  });
  auto r = against(endpoint);
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("[warning] clock skew: -12"), std::string::npos) << r.out;
}

TEST_F(DoctorFakeEndpointTest, NoDateHeaderIsAWarningNotAFailure) {
  FakeEndpoint endpoint([] { return json_reply(200, R"({"EngagementInvitationSummaries":[]})", std::nullopt); });
  auto r = against(endpoint);
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("[warning] clock skew: not measured"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pcs::ctl
