// pcsyncd SIGKILLed at random points, hundreds of times, while pcsync-sim (started once) serves faults (5xx,
// HTML 503s, resets before and after the service applied a request, truncated bodies, throttling as HTTP 400,
// delays), arrivals, accept tasks of which a quarter FAIL, and per-second quotas pcsyncd shares. Then one
// `--until-idle` settles everything and the invariants of sync_invariants.hpp are checked against the
// simulator's stats and the database, with the budgets: the busiest real second the service saw stays within
// the account's quota (pcsyncd paces at its share; a restart starts with a full token), the busiest sim day
// within pcsyncd's share of the daily quotas.
//
// Rounds: PCSYNC_KILL_ROUNDS, else 1,000 with PCSYNC_LONG_TESTS=1, else 200 (120 under AddressSanitizer, which
// runs every process several times slower; the output says so). The seed is printed and recorded; set
// PCSYNC_KILL_SEED to replay a run's kill delays.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "core/time_format.hpp"
#include "run_length.hpp"
#include "sim/scenario.hpp"
#include "store/store.hpp"
#include "sync_invariants.hpp"
#include "temp_dir.hpp"

namespace pcs::sync::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace fs = std::filesystem;
using pcs::test::ChildProcess;
using pcs::test::read_text_file;

// The account's quotas: the simulator enforces them, pcsyncd is told them and uses its share (0.5).
constexpr double kReadQuota = 60;
constexpr double kWriteQuota = 20;
constexpr int kMaxAcceptAttempts = 3;

// 120 invitations dated over the last 5 days (nothing expires during the test), 50 arriving one every 3 s
// (new work for most of the kill rounds), tasks of 3 s of which a quarter FAIL, every fault the service has shown but
// unknown enum values (which make the mirror's status, the oracle's view of "now", a guess for a cycle).
const std::string kScenario = R"(seed: 31
clock_speed: 1
start_time: START
catalog: Sandbox
credentials: {access_key_id: AKIDPCSYNCKILLTEST, secret_access_key: pcsync-kill-test-secret}
invitations:
  count: 120
  spread_days: 5
  expiry_days: 30
  status_mix: {PENDING: 85, ACCEPTED: 5, REJECTED: 5, EXPIRED: 5}
  arrivals: {per_hour: 1200, max: 50}
)" + std::string(kShippedRulesProfiles) +
                              R"(tasks: {duration_seconds: 3, failure_ratio: 0.25, opportunity_tasks: 0}
quotas:
  read: {rate: 60, burst: 60}
  write: {rate: 20, burst: 20}
  throttle_status: 400
faults:
  internal_error: 0.03
  unavailable_html: 0.02
  reset_before_response: 0.03
  reset_mid_body: 0.02
  truncate_body: 0.02
  throttle: 0.03
  delay: 0.03
  delay_ms: 150
  namespaced_type: 0.3
  unknown_members: 0.1
)";

int kill_rounds() {
  if (int n = env_int("PCSYNC_KILL_ROUNDS", 0); n > 0) return n;
  if (long_tests()) return 1000;
  return kSanitized ? 120 : 200;
}

// GET on the simulator's unsigned endpoints; "" when it does not answer within the limit.
std::string sim_get(int port, const std::string& path, std::chrono::milliseconds limit = 5s) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(std::uint16_t(port));
  std::string out;
  if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size())) {
      char buf[65536];
      pollfd p{fd, POLLIN, 0};
      while (poll(&p, 1, int(limit.count())) > 0) {
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.append(buf, std::size_t(n));
      }
    }
  }
  if (fd >= 0) close(fd);
  const auto body = out.find("\r\n\r\n");
  return body == std::string::npos ? std::string() : out.substr(body + 4);
}

class DaemonKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(home());
    fs::create_directories(db().parent_path());
    // A whole second: the oracle replays the scenario from exactly this instant.
    start_ = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::string yaml = kScenario;
    yaml.replace(yaml.find("START"), 5, format_iso8601(start_));
    auto parsed = sim::parse_scenario(yaml, "kill-test.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    scenario_ = std::move(*parsed);
    const auto file = dir_.write("kill-test.yaml", yaml);
    sim_ = std::make_unique<ChildProcess>(
        PCSYNC_SIM_BINARY,
        std::vector<std::string>{"--scenario", file.string(), "--listen", "127.0.0.1:0", "--stats-file",
                                 stats_file().string()},
        std::map<std::string, std::string>{{"HOME", home().string()}}, dir_.path() / "sim.stderr", true);
    const std::string line = sim_->first_line();
    const std::string prefix = "listening on 127.0.0.1:";
    ASSERT_EQ(line.rfind(prefix, 0), 0u) << line << read_text_file(dir_.path() / "sim.stderr");
    port_ = std::stoi(line.substr(prefix.size()));
  }

  fs::path write_config() {
    std::ostringstream head;
    head << "catalog: Sandbox\nendpoint_url: http://127.0.0.1:" << port_ << "\ndatabase: " << db().string()
         << "\npoll_interval: 10s\ntask_poll_interval: 5s\nreconcile_interval: 1m\nrequest_timeout: 5s\n"
         << "max_attempts: 4\nmax_accept_attempts: " << kMaxAcceptAttempts << "\nquota_share: 0.5\n"
         << "read_quota_per_second: " << kReadQuota << "\nwrite_quota_per_second: " << kWriteQuota << "\n";
    return dir_.write("pcsyncd.yaml", head.str() + shipped_rules_yaml());
  }

  std::unique_ptr<ChildProcess> start_daemon(const fs::path& config, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--config", config.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<ChildProcess>(
        PCSYNC_DAEMON_BINARY, args,
        pcs::test::daemon_environment(home(), scenario_.credentials.access_key_id,
                                      scenario_.credentials.secret_access_key),
        log(), false);
  }

  // The simulator's time now, from its stats.
  WallTime sim_now() {
    const std::string text = sim_get(port_, "/__sim/stats");
    EXPECT_FALSE(text.empty()) << "pcsync-sim does not answer";
    if (text.empty()) return WallTime{};
    return parse_iso8601(std::string(json::parse(text).at("sim_time").as_string())).value_or(WallTime{});
  }

  fs::path home() const { return dir_.path() / "home"; }
  fs::path db() const { return dir_.path() / "state" / "pcsync.db"; }
  fs::path log() const { return dir_.path() / "pcsyncd.stderr"; }
  fs::path stats_file() const { return dir_.path() / "sim-stats.json"; }
  std::string log_tail() const {
    const auto text = read_text_file(log());
    return text.size() > 6000 ? text.substr(text.size() - 6000) : text;
  }

  pcs::test::TempDir dir_;
  WallTime start_{};
  sim::Scenario scenario_;
  std::unique_ptr<ChildProcess> sim_;
  int port_ = 0;
};

TEST_F(DaemonKillTest, HundredsOfSigkillsAtRandomPointsNeitherDuplicateNorLoseAnythingAndStayWithinBudget) {
  const int rounds = kill_rounds();
  const unsigned seed = unsigned(env_int("PCSYNC_KILL_SEED", int(std::random_device{}())));
  RecordProperty("seed", std::to_string(seed));
  RecordProperty("kill_rounds", rounds);
  std::printf("kill test: %d rounds%s, seed %u (PCSYNC_KILL_SEED=%u replays the delays)\n", rounds,
              kSanitized ? " (fewer under ASan: PCSYNC_KILL_ROUNDS sets them)" : "", seed, seed);
  std::mt19937 rng(seed);
  // From before the first request (start-up is tens of ms) to well into a cycle's writes.
  std::uniform_int_distribution<int> delay_ms(20, 900);
  const auto config = write_config();
  const int sim_fds_start = sim_->open_fds();
  const long sim_rss_start = sim_->peak_rss_kb();
  int killed = 0, fds_first = -1, fds_last = -1, fds_max = 0;
  long rss_max_kb = 0;
  const auto began = std::chrono::steady_clock::now();
  for (int round = 0; round < rounds; ++round) {
    auto daemon = start_daemon(config);
    ASSERT_TRUE(daemon->started());
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    ASSERT_FALSE(daemon->wait(0ms).has_value())
        << "pcsyncd exited on its own in round " << round << " (seed " << seed << ")\n"
        << log_tail();
    const int fds = daemon->open_fds();
    fds_first = fds_first < 0 ? fds : fds_first;
    fds_last = fds;
    fds_max = std::max(fds_max, fds);
    rss_max_kb = std::max(rss_max_kb, daemon->peak_rss_kb());
    daemon->signal(SIGKILL);
    auto rc = daemon->wait(5s);
    ASSERT_TRUE(rc.has_value()) << "round " << round;
    ASSERT_EQ(*rc, 128 + SIGKILL);
    ++killed;
  }
  const double kill_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();

  // Everything visible and PENDING now must be settled by the final run.
  const WallTime settle_from = sim_now();
  auto last = start_daemon(config, {"--until-idle"});
  auto rc = last->wait(240s);
  ASSERT_TRUE(rc.has_value()) << "the final --until-idle did not finish within 240 s (seed " << seed << ")\n"
                              << log_tail();
  EXPECT_EQ(*rc, 0) << "seed " << seed << "\n" << log_tail();
  const std::string whole_log = read_text_file(log());
  for (const char* finding : {"AddressSanitizer", "LeakSanitizer", "runtime error:"})
    EXPECT_EQ(whole_log.find(finding), std::string::npos) << finding << " in pcsyncd's log";
  const int sim_fds_end = sim_->open_fds();
  const long sim_rss_end = sim_->peak_rss_kb();

  sim_->signal(SIGTERM);
  auto sim_rc = sim_->wait(10s);
  ASSERT_TRUE(sim_rc.has_value()) << "pcsync-sim ignored SIGTERM";
  const auto stats = json::parse(read_text_file(stats_file())).as_object();
  auto store = store::Store::open(db().string(), {store::OpenMode::read_only});
  ASSERT_TRUE(store) << store.error().describe();

  const InvariantFigures fig = check_sync_invariants(InvariantInput{
      scenario_, stats, *store, kMaxAcceptAttempts,
      [&](const sim::SimState& oracle, std::uint32_t index, const InvitationDates& dates) {
        return dates.invited <= settle_from && oracle.status_of(index, settle_from) == sim::InvitationStatus::pending;
      }});

  // Budgets: pcsyncd paces at half the account's quotas; the service never saw more than the whole quota in a
  // second (a process restarted within the second starts with a full token), nor more than pcsyncd's share of
  // the daily quotas in a day.
  const auto read_peak = peak(stats, "peak_requests_per_real_second", "read");
  const auto write_peak = peak(stats, "peak_requests_per_real_second", "write");
  EXPECT_LE(double(read_peak), kReadQuota);
  EXPECT_LE(double(write_peak), kWriteQuota);
  EXPECT_LE(peak(stats, "peak_requests_per_sim_day", "read"), 100'000u / 2);
  EXPECT_LE(peak(stats, "peak_requests_per_sim_day", "write"), 10'000u / 2);
  EXPECT_GT(fig.accepted, 10);
  EXPECT_GT(fig.rejected, 5);
  EXPECT_GT(fig.retried, 0) << "no FAILED task was retried: the scenario should make some";
  // Did the kills land inside cycles? Each run a kill cut short is closed by the next start as interrupted.
  auto runs = store->sync_runs_since(start_ - std::chrono::hours{1});
  ASSERT_TRUE(runs) << runs.error().describe();
  int interrupted = 0;
  for (const auto& r : *runs) interrupted += r.error.find("interrupted") != std::string::npos;
  EXPECT_GT(interrupted, rounds / 4) << "the kills should often land inside a cycle";
  // One process's descriptors (SQLite and its WAL, sockets, the log): a leak would show as growth across its
  // short life only, so the bound is loose; printed for the record.
  EXPECT_LT(fds_max, 64);
  EXPECT_LE(sim_fds_end, sim_fds_start + 4) << "pcsync-sim's descriptors grew";

  std::uint64_t faults = 0;
  for (const auto& [kind, n] : stats.at("faults_injected").as_object()) faults += n.to_number<std::uint64_t>();
  std::printf(
      "kill test: %d SIGKILLs survived in %.0f s (seed %u), then --until-idle exit %d\n"
      "  invitations %d (actionable %d): %d accepted, %d rejected, %d ignored, %d retried after a FAILED task; "
      "%d accept tasks, %d write calls reached the service; %llu faults injected\n"
      "  %d cycles interrupted by a kill; %s\n"
      "  busiest real second: %llu reads (quota %.0f, share %.0f), %llu writes (quota %.0f, share %.0f)\n"
      "  pcsyncd at the kill: fds first %d, last %d, max %d; peak RSS max %ld MB\n"
      "  pcsync-sim (one process): fds %d -> %d, peak RSS %ld -> %ld MB\n",
      killed, kill_seconds, seed, *rc, fig.invitations, fig.actionable, fig.accepted, fig.rejected, fig.ignored,
      fig.retried, fig.accept_tasks, fig.write_calls, (unsigned long long)faults, interrupted,
      HasFailure() ? "INVARIANTS FAILED (above)"
                   : "0 duplicates, 0 lost decisions, 0 crashes, 0 hangs, integrity_check ok",
      (unsigned long long)read_peak, kReadQuota, kReadQuota / 2, (unsigned long long)write_peak, kWriteQuota,
      kWriteQuota / 2, fds_first, fds_last, fds_max, rss_max_kb / 1024, sim_fds_start, sim_fds_end,
      sim_rss_start / 1024, sim_rss_end / 1024);
  RecordProperty("kills_survived", killed);
}

}  // namespace
}  // namespace pcs::sync::test
