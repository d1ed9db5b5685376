// pcsyncd's metrics endpoint scraped while the shipped binary runs against pcsync-sim: counters move while the
// first cycle is still running, the last-sync timestamps are there right after a restart (before any cycle of
// the new process succeeds), and /metrics answers GET only. Every wait has a deadline; children are SIGKILLed
// when a test ends early.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <fstream>
#include <optional>
#include <thread>

#include "child_process.hpp"
#include "core/version.hpp"
#include "demo_scenario.hpp"
#include "header_value.hpp"
#include "io_helpers.hpp"
#include "net/http_client.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pcs::service {
namespace {

using namespace std::chrono_literals;
using pcs::test::ChildProcess;
using pcs::test::read_text_file;

// A loopback port free a moment ago: bound, then closed (metrics_listen takes no port 0).
std::uint16_t free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  std::uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// The value of one sample ("name" or "name{labels}" exactly as rendered), or nullopt when absent.
std::optional<double> sample(const std::string& text, const std::string& series) {
  const std::string needle = "\n" + series + " ";
  const auto at = ("\n" + text).find(needle);
  if (at == std::string::npos) return std::nullopt;
  return std::stod(text.substr(at + needle.size() - 1));
}

double cycles_finished(const std::string& text) {
  double n = 0;
  for (const char* outcome : {"ok", "partial", "failed"})
    n += sample(text, std::string("pcsyncd_sync_cycles_total{outcome=\"") + outcome + "\"}").value_or(0);
  return n;
}

class MetricsScrapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(home());
    // The demo scenario without arrivals, writes at 4/s: about a dozen accepts in the first cycle, a few
    // seconds long, long enough for several scrapes while it runs.
    scenario_ = pcs::test::write_demo_scenario(dir_, "scenario.yaml", {.write_rate = 4, .opportunity_tasks = true});
    metrics_port_ = free_port();
    ASSERT_NE(metrics_port_, 0);
  }

  std::filesystem::path home() const { return dir_.path() / "home"; }
  std::filesystem::path db() const { return dir_.path() / "pcsync.db"; }

  void start_sim() {
    sim_ = std::make_unique<ChildProcess>(
        PCSYNC_SIM_BINARY, std::vector<std::string>{"--scenario", scenario_.string(), "--listen", "127.0.0.1:0"},
        std::map<std::string, std::string>{{"HOME", home().string()}}, dir_.path() / "sim.stderr", true);
    sim_port_ = pcs::test::listening_port(sim_->first_line());
    ASSERT_NE(sim_port_, 0) << read_text_file(dir_.path() / "sim.stderr");
  }

  // The shipped rules (US Healthcare with at least $5,000 a month is accepted).
  std::filesystem::path write_config() {
    std::ifstream in(std::string(PCSYNC_SOURCE_DIR) + "/config/pcsyncd.yaml");
    std::string rules, line;
    bool in_rules = false;
    while (std::getline(in, line)) {
      if (line.rfind("rules:", 0) == 0) in_rules = true;
      if (in_rules) rules += line + "\n";
    }
    const std::string head = "catalog: Sandbox\nregion: us-east-1\nendpoint_url: http://127.0.0.1:" +
                             std::to_string(sim_port_) + "\ndatabase: " + db().string() +
                             "\npoll_interval: 1h\nrequest_timeout: 5s\nquota_share: 1\nread_quota_per_second: 100\n"
                             "write_quota_per_second: 4\nmetrics_listen: 127.0.0.1:" +
                             std::to_string(metrics_port_) + "\n";
    return dir_.write("pcsyncd.yaml", head + rules);
  }

  std::unique_ptr<ChildProcess> start_daemon() {
    const auto env = pcs::test::daemon_environment(home(), "AKIDPCSYNCDEMO", "pcsync-demo-secret-not-a-real-key");
    return std::make_unique<ChildProcess>(PCSYNC_DAEMON_BINARY, std::vector<std::string>{"--config", config_.string()},
                                          env, dir_.path() / "pcsyncd.stderr", false);
  }

  // One request to the metrics endpoint; nullopt when nothing answered.
  std::optional<net::HttpResponse> request(const char* method, const char* target) {
    boost::asio::io_context io;
    net::HttpClientOptions options;
    options.endpoint_url = "http://127.0.0.1:" + std::to_string(metrics_port_);
    options.connect_timeout = 1s;
    options.request_timeout = 2s;
    auto client = net::HttpClient::create(io.get_executor(), options);
    if (!client) return std::nullopt;
    net::HttpRequest r;
    r.method = method;
    r.target = target;
    auto response = pcs::test::run_awaitable(io, (*client)->send(r), 5s);
    (*client)->close();
    if (!response || !response->ok()) return std::nullopt;
    return std::move(response->value());
  }

  // Scrapes every 50 ms until `done(text)` or `limit`; the last scrape that answered.
  template <class Done>
  std::string scrape_until(Done done, std::chrono::milliseconds limit) {
    std::string last;
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (auto r = request("GET", "/metrics"); r && r->status == 200) {
        last = r->body;
        if (done(last)) return last;
      }
      std::this_thread::sleep_for(50ms);
    }
    return last;
  }

  pcs::test::TempDir dir_;
  std::filesystem::path scenario_;
  std::filesystem::path config_;
  std::unique_ptr<ChildProcess> sim_;
  std::uint16_t sim_port_ = 0;
  std::uint16_t metrics_port_ = 0;
};

TEST_F(MetricsScrapeTest, CountersMoveMidCycleAndTimestampsComeFromTheDatabaseAfterARestart) {
  start_sim();
  config_ = write_config();
  auto daemon = start_daemon();

  // While the first cycle runs (none finished yet), accepts and calls are already counted.
  const std::string mid = scrape_until(
      [](const std::string& t) {
        return cycles_finished(t) == 0 && sample(t, "pcsyncd_invitations_accepted_total").value_or(0) >= 2;
      },
      20s);
  ASSERT_EQ(cycles_finished(mid), 0) << mid << read_text_file(dir_.path() / "pcsyncd.stderr");
  EXPECT_GE(sample(mid, "pcsyncd_invitations_accepted_total").value_or(0), 2) << mid;
  EXPECT_EQ(sample(mid, "pcsyncd_sync_in_progress"), 1);
  EXPECT_GE(sample(mid, "pcsyncd_api_calls_total{class=\"write\"}").value_or(0), 2);
  EXPECT_GE(sample(mid, "pcsyncd_invitations_new_total").value_or(0), 1);
  EXPECT_TRUE(sample(mid, "pcsyncd_api_request_duration_seconds_count{operation=\"ListEngagementInvitations\"}"));
  EXPECT_EQ(sample(mid, "pcsyncd_build_info{version=\"0.2.0\",revision=\"" + std::string(core::git_revision()) + "\"}"),
            1);
  EXPECT_TRUE(sample(mid, "process_resident_memory_bytes"));
  EXPECT_TRUE(sample(mid, "process_start_time_seconds"));

  const std::string after = scrape_until([](const std::string& t) { return cycles_finished(t) >= 1; }, 30s);
  ASSERT_EQ(sample(after, "pcsyncd_sync_cycles_total{outcome=\"ok\"}"), 1) << after;
  EXPECT_EQ(sample(after, "pcsyncd_sync_in_progress"), 0);
  EXPECT_EQ(sample(after, "pcsyncd_sync_cycle_duration_seconds_count"), 1);

  // Only GET is served, only at /metrics.
  auto post = request("POST", "/metrics");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(pcs::test::header_value(*post, "Allow").value_or(""), "GET");
  auto elsewhere = request("GET", "/");
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 404);

  ASSERT_EQ(daemon->terminate(10s).value_or(-1), 0);
  std::optional<WallTime> last_ok;
  {
    auto store = store::Store::open(db().string(), store::OpenOptions{store::OpenMode::read_only});
    ASSERT_OK(store);
    auto runs = store->last_sync_runs();
    ASSERT_OK(runs);
    ASSERT_TRUE(runs->ok && runs->ok->finished_at);
    last_ok = runs->ok->finished_at;
  }

  // The service is gone now: nothing the new process does can succeed, so a timestamp it shows is the
  // database's. A crash loop looks like this, and the age alert must still see the age.
  ASSERT_TRUE(sim_->terminate(5s).has_value());
  auto restarted = start_daemon();
  const std::string fresh = scrape_until(
      [](const std::string& t) { return sample(t, "pcsyncd_last_successful_sync_timestamp_seconds").has_value(); },
      10s);
  const double expected = double(std::chrono::duration_cast<std::chrono::seconds>(last_ok->time_since_epoch()).count());
  EXPECT_EQ(sample(fresh, "pcsyncd_last_successful_sync_timestamp_seconds"), expected) << fresh;
  EXPECT_TRUE(sample(fresh, "pcsyncd_last_sync_timestamp_seconds")) << fresh;
  EXPECT_EQ(sample(fresh, "pcsyncd_sync_cycles_total{outcome=\"ok\"}"), 0);
  EXPECT_EQ(restarted->terminate(10s).value_or(-1), 0);
}

}  // namespace
}  // namespace pcs::service
