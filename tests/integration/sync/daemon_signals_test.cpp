// pcsyncd as a process under signals and setup errors: SIGTERM ends it within 5 s whatever it is doing (in
// a request to a server that never answers, in the middle of a listing, in the middle of a decision batch);
// a listing that cannot complete makes `--once` exit 1; no credentials anywhere exits 78; a refused reload is
// recorded where `pcsyncctl status` shows it. Every wait has a deadline that fails the test instead of hanging.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "child_process.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pcs::sync {
namespace {

using namespace std::chrono_literals;
using pcs::test::ChildProcess;
using pcs::test::read_text_file;

constexpr auto kStopLimit = 5s;  // the promise: SIGTERM ends the process within 5 s in every state

// A TCP listener on 127.0.0.1 that never answers: connections complete (the kernel's backlog) and hang.
class SilentServer {
 public:
  SilentServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd_, 16) != 0) return;
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~SilentServer() {
    if (client_ >= 0) close(client_);
    if (fd_ >= 0) close(fd_);
  }
  int port() const { return port_; }
  // Accepts the first connection and reads until the request head arrived; false on timeout.
  bool wait_for_request(std::chrono::milliseconds limit) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, int(limit.count())) <= 0) return false;
    client_ = accept(fd_, nullptr, nullptr);
    std::string seen;
    char buf[4096];
    while (seen.find("\r\n\r\n") == std::string::npos) {
      pollfd c{client_, POLLIN, 0};
      if (poll(&c, 1, int(limit.count())) <= 0) return false;
      const auto n = read(client_, buf, sizeof buf);
      if (n <= 0) return false;
      seen.append(buf, std::size_t(n));
    }
    return seen.rfind("POST / HTTP/1.1", 0) == 0;
  }

 private:
  int fd_ = -1;
  int client_ = -1;
  int port_ = 0;
};

// A port nothing listens on: bound, then closed again.
int closed_port() {
  SilentServer s;
  return s.port();
}

constexpr const char* kAccessKey = "AKIDSIGNALSTEST";
constexpr const char* kSecret = "signals-test-secret";

class DaemonSignalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(home());
    std::filesystem::create_directories(db().parent_path());
  }

  std::filesystem::path write_config(int port, const std::string& extra = "", const std::string& name = "pcsyncd.yaml") {
    return dir_.write(name, "catalog: Sandbox\nendpoint_url: http://127.0.0.1:" + std::to_string(port) +
                                "\ndatabase: " + db().string() +
                                "\npoll_interval: 10s\nrequest_timeout: 60s\ncall_timeout: 120s\nmax_attempts: 1\n" +
                                extra);
  }
  std::map<std::string, std::string> env(bool with_credentials = true) const {
    auto e = pcs::test::daemon_environment(home(), kAccessKey, kSecret);
    if (!with_credentials) {
      e.erase("AWS_ACCESS_KEY_ID");
      e.erase("AWS_SECRET_ACCESS_KEY");
    }
    return e;
  }
  std::unique_ptr<ChildProcess> start(const std::filesystem::path& config, std::vector<std::string> extra = {},
                                      bool with_credentials = true) {
    std::vector<std::string> args{"--config", config.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto child = std::make_unique<ChildProcess>(PCSYNC_DAEMON_BINARY, args, env(with_credentials), log(), false);
    EXPECT_TRUE(child->started());
    return child;
  }
  // Waits until the daemon's log holds `text` (true), or `limit` passes (false).
  bool wait_for_log(const std::string& text, std::chrono::milliseconds limit) {
    for (auto waited = 0ms; waited < limit; waited += 20ms) {
      if (output().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
  // SIGTERM, then the exit within kStopLimit; returns the exit status (-1 and a failure when it hung).
  int stop_within_limit(ChildProcess& daemon) {
    const auto sent = std::chrono::steady_clock::now();
    auto rc = daemon.terminate(kStopLimit);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent);
    RecordProperty("stop_ms", int(took.count()));
    if (!rc) {
      ADD_FAILURE() << "pcsyncd still running " << kStopLimit.count() << " s after SIGTERM\n" << output();
      return -1;
    }
    return *rc;
  }

  std::filesystem::path home() const { return dir_.path() / "home"; }
  std::filesystem::path db() const { return dir_.path() / "state" / "pcsync.db"; }
  std::filesystem::path log() const { return dir_.path() / "pcsyncd.stderr"; }
  std::string output() const { return read_text_file(log()); }

  pcs::test::TempDir dir_;
};

TEST_F(DaemonSignalsTest, SigtermInARequestToAServerThatNeverAnswersEndsTheProcessWithinFiveSeconds) {
  SilentServer server;
  ASSERT_GT(server.port(), 0);
  auto daemon = start(write_config(server.port()));
  ASSERT_TRUE(server.wait_for_request(20s)) << "the daemon never sent its first request\n" << output();
  EXPECT_EQ(stop_within_limit(*daemon), 0) << output();
  EXPECT_NE(output().find("stopping"), std::string::npos) << output();
}

TEST_F(DaemonSignalsTest, SigtermInTheMiddleOfAListingEndsTheProcessWithinFiveSeconds) {
  // 5,000 invitations are 50 pages; at one read a second the listing takes most of a minute.
  const auto scenario = dir_.write("paging.yaml", std::string("seed: 3\ncatalog: Sandbox\ncredentials: {access_key_id: ") +
                                                      kAccessKey + ", secret_access_key: " + kSecret +
                                                      "}\ninvitations: {count: 5000}\nquotas: off\n");
  ChildProcess sim(PCSYNC_SIM_BINARY, {"--scenario", scenario.string(), "--listen", "127.0.0.1:0"}, env(),
                   dir_.path() / "sim.stderr", true);
  const std::string line = sim.first_line();
  const int port = pcs::test::listening_port(line);
  ASSERT_NE(port, 0) << line << read_text_file(dir_.path() / "sim.stderr");
  auto daemon = start(write_config(port, "quota_share: 1\nread_quota_per_second: 1\nlog_level: debug\n"));
  ASSERT_TRUE(wait_for_log("pcsyncd starting", 20s)) << output();
  std::this_thread::sleep_for(4s);  // a few pages in
  EXPECT_EQ(stop_within_limit(*daemon), 0) << output();

  auto store = store::Store::open(db().string(), {store::OpenMode::read_only});
  ASSERT_TRUE(store) << store.error().describe();
  auto status = store->status_summary(std::chrono::system_clock::now());
  ASSERT_TRUE(status && status->last_sync);
  const auto seen = status->last_sync->counters.invitations_seen;
  EXPECT_GT(seen, 0) << "the listing had not started";
  EXPECT_LT(seen, 5000) << "the listing had finished before the signal";
  EXPECT_NE(status->last_sync->error.find("stopped"), std::string::npos) << status->last_sync->error;
}

TEST_F(DaemonSignalsTest, SigtermInTheMiddleOfADecisionBatchEndsTheProcessWithinFiveSeconds) {
  // 30,000 undecided PENDING invitations in the mirror, rules that look at every one of them, and an endpoint
  // that refuses connections: the listing fails at once and the cycle decides the backlog from the mirror.
  constexpr int kBacklog = 30000;
  {
    auto store = store::Store::open(db().string());
    ASSERT_TRUE(store) << store.error().describe();
    std::vector<store::InvitationSummary> page;
    for (int i = 0; i < kBacklog; ++i) {
      store::InvitationSummary s;
      s.id = "engi-" + std::to_string(1000000000000 + i).substr(0, 13);
      s.catalog = "Sandbox";
      s.status = "PENDING";
      s.engagement_title = "Backlog item " + std::to_string(i);
      s.expiration_date = std::chrono::system_clock::now() + std::chrono::hours{24 * 30};
      page.push_back(std::move(s));
      if (page.size() == 1000) {
        ASSERT_OK(store->upsert_invitations(page, std::chrono::system_clock::now()));
        page.clear();
      }
    }
  }
  std::string rules = "log_level: debug\nrules:\n";
  for (int r = 0; r < 20; ++r)
    rules += "  - name: rule-" + std::to_string(r) + "\n    when: {title: {regex: \"(?i)^never-" + std::to_string(r) +
             ".*(a|b)+z$\"}}\n    action: accept\n";
  auto daemon = start(write_config(closed_port(), rules));
  ASSERT_TRUE(wait_for_log("ignored (", 30s)) << "the decision batch never started\n" << output();
  EXPECT_EQ(stop_within_limit(*daemon), 0) << output().substr(0, 4000);
  const std::string text = output();
  std::size_t ignored = 0;
  for (auto at = text.find("ignored ("); at != std::string::npos; at = text.find("ignored (", at + 1)) ++ignored;
  EXPECT_GT(ignored, 0u);
  EXPECT_LT(ignored, std::size_t(kBacklog)) << "the batch had finished before the signal";
  RecordProperty("decided_before_stop", int(ignored));
}

TEST_F(DaemonSignalsTest, OnceAgainstAnEndpointThatRefusesConnectionsExitsOne) {
  auto daemon = start(write_config(closed_port()), {"--once"});
  auto rc = daemon->wait(30s);
  ASSERT_TRUE(rc.has_value()) << output();
  EXPECT_EQ(*rc, 1) << output();
  EXPECT_NE(output().find("listing invitations did not complete"), std::string::npos) << output();
}

TEST_F(DaemonSignalsTest, NoCredentialsAnywhereExits78BeforeAnyCall) {
  SilentServer server;
  auto daemon = start(write_config(server.port()), {"--once"}, /*with_credentials=*/false);
  auto rc = daemon->wait(30s);
  ASSERT_TRUE(rc.has_value()) << output();
  EXPECT_EQ(*rc, 78) << output();
  EXPECT_NE(output().find("NoCredentials"), std::string::npos) << output();
  EXPECT_FALSE(server.wait_for_request(100ms)) << "a request was sent without credentials";
}

// A role that needs an MFA code can never be assumed by a daemon: a setup error at start, like no credentials.
TEST_F(DaemonSignalsTest, AProfileAskingForAnMfaCodeExits78BeforeAnyCall) {
  SilentServer server;
  dir_.write("home/no-config",
             "[profile mfa]\nrole_arn = arn:aws:iam::111122223333:role/Sync\nsource_profile = keys\n"
             "mfa_serial = arn:aws:iam::111122223333:mfa/operator\n"
             "[profile keys]\naws_access_key_id = AKIDKEYS\naws_secret_access_key = not-a-secret\n");
  auto daemon = start(write_config(server.port(), "profile: mfa\n"), {"--once"}, /*with_credentials=*/false);
  auto rc = daemon->wait(30s);
  ASSERT_TRUE(rc.has_value()) << output();
  EXPECT_EQ(*rc, 78) << output();
  EXPECT_NE(output().find("MfaNotSupported"), std::string::npos) << output();
  EXPECT_NE(output().find("profile mfa has mfa_serial"), std::string::npos) << output();
  EXPECT_FALSE(server.wait_for_request(100ms)) << "a request was sent";
}

TEST_F(DaemonSignalsTest, AnUnknownLogLevelIsAUsageError) {
  auto daemon = start(write_config(closed_port()), {"--log-level", "verbose"});
  auto rc = daemon->wait(10s);
  ASSERT_TRUE(rc.has_value());
  EXPECT_EQ(*rc, 64);
  EXPECT_NE(output().find("trace, debug, info, warn, error"), std::string::npos) << output();
}

TEST_F(DaemonSignalsTest, AReloadChangingARestartKeyIsRefusedRecordedAndALiveOneApplied) {
  const int port = closed_port();
  const auto config = write_config(port);
  auto daemon = start(config);
  ASSERT_TRUE(wait_for_log("pcsyncd starting", 20s)) << output();
  auto last_reload = [&]() -> std::optional<store::ConfigReload> {
    auto store = store::Store::open(db().string(), {store::OpenMode::read_only});
    if (!store) return std::nullopt;
    auto s = store->status_summary(std::chrono::system_clock::now());
    return s ? s->last_reload : std::nullopt;
  };
  auto wait_for_reload = [&](bool applied) -> std::optional<store::ConfigReload> {
    for (auto waited = 0ms; waited < 10s; waited += 50ms) {
      if (auto r = last_reload(); r && r->applied == applied) return r;
      std::this_thread::sleep_for(50ms);
    }
    return std::nullopt;
  };

  // The same file, now for another catalog.
  std::string text = read_text_file(config);
  text.replace(text.find("catalog: Sandbox"), 16, "catalog: AWS");
  dir_.write("pcsyncd.yaml", text);
  daemon->signal(SIGHUP);
  auto refused = wait_for_reload(false);
  ASSERT_TRUE(refused) << "no refused reload recorded\n" << output();
  EXPECT_NE(refused->message.find("catalog changed: needs a restart"), std::string::npos) << refused->message;
  EXPECT_TRUE(wait_for_log("reload refused", 5s)) << output();

  write_config(port, "dry_run: true\n");
  daemon->signal(SIGHUP);
  auto applied = wait_for_reload(true);
  ASSERT_TRUE(applied) << output();
  EXPECT_NE(applied->message.find("dry_run"), std::string::npos) << applied->message;
  EXPECT_EQ(stop_within_limit(*daemon), 0) << output();
}

}  // namespace
}  // namespace pcs::sync
