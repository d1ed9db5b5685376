// The shipped binaries end to end: pcsync-sim on 127.0.0.1:0 and pcsyncd pointed at it through a generated
// config, with credentials from the scenario in the environment and an empty HOME (no real ~/.aws is read).
// Every wait has a deadline; children are SIGKILLed when a test ends early.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "demo_scenario.hpp"
#include "sim/scenario.hpp"
#include "sim/sim_state.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pcs::sync {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using pcs::test::ChildProcess;
using pcs::test::read_text_file;

// boost::json parses small counts as int64: read any non-negative number.
std::uint64_t u64(const json::value& v) { return v.to_number<std::uint64_t>(); }

enum class Expected { accept, reject, ignore };

// config/pcsyncd.yaml's rules, restated for the oracle (the daemon reads the file itself).
Expected expected_action(const sim::InvitationFacts& f) {
  if ((f.country == "US" || f.country == "CA") && (f.industry == "Healthcare" || f.industry == "Life Sciences") &&
      f.monthly_spend >= 5000)
    return Expected::accept;
  std::string lower;
  for (char c : f.sender_company) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower.rfind("example", 0) == 0 ? Expected::reject : Expected::ignore;
}

// One simulator and everything pcsyncd needs to talk to it, in a TempDir.
class SyncDaemonTest : public ::testing::Test {
 protected:
  // The demo scenario with quotas that let a test finish in seconds (pcs::test::DemoScenario); write_rate sets
  // how long accepts take.
  void start_sim(double write_rate) {
    start_sim_on(pcs::test::write_demo_scenario(dir_, "demo-test.yaml", {.write_rate = write_rate}));
  }
  // The simulator on a scenario file of the test's own.
  void start_sim_on(const std::filesystem::path& scenario_file) {
    scenario_file_ = scenario_file;
    auto scenario = sim::load_scenario(scenario_file_);
    ASSERT_TRUE(scenario.ok()) << scenario.error().describe();
    scenario_ = std::move(*scenario);

    auto sim = pcs::test::start_sim_process(PCSYNC_SIM_BINARY, scenario_file_, stats_file(), home(),
                                            dir_.path() / "sim.stderr");
    sim_ = std::move(sim.process);
    port_ = sim.port;
    ASSERT_NE(port_, 0);
  }

  // The shipped config with the endpoint, database and schedule replaced.
  std::filesystem::path write_config(double write_quota) {
    const std::string text = pcs::test::shipped_config_without(
        {"catalog:", "region:", "database:", "poll_interval:", "dry_run:", "endpoint_url:"});
    std::ostringstream head;
    head << "catalog: " << scenario_.catalog << "\n"
         << "region: " << scenario_.region << "\n"
         << "endpoint_url: http://127.0.0.1:" << port_ << "\n"
         << "database: " << db().string() << "\n"
         << "poll_interval: 10s\ntask_poll_interval: 5s\nreconcile_interval: 1m\nrequest_timeout: 5s\n"
         << "log_level: info\nquota_share: 1\nread_quota_per_second: 100\n"
         << "write_quota_per_second: " << write_quota << "\nmax_attempts: 5\n";
    return dir_.write("pcsyncd.yaml", head.str() + text);
  }

  std::map<std::string, std::string> daemon_env() const {
    return pcs::test::daemon_environment(home(), scenario_.credentials.access_key_id,
                                         scenario_.credentials.secret_access_key);
  }

  std::unique_ptr<ChildProcess> start_daemon(const std::filesystem::path& config, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--config", config.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<ChildProcess>(PCSYNC_DAEMON_BINARY, args, daemon_env(), daemon_log(), false);
  }

  // Stops the simulator (SIGTERM writes --stats-file) and returns its stats.
  json::object stop_sim_and_read_stats() {
    auto rc = sim_->terminate(5s);
    EXPECT_TRUE(rc.has_value()) << "pcsync-sim ignored SIGTERM";
    EXPECT_EQ(rc.value_or(-1), 0);
    const std::string text = read_text_file(stats_file());
    if (text.empty()) {
      ADD_FAILURE() << "no stats written";
      return {};
    }
    return json::parse(text).as_object();
  }

  // Checks the issue's promises against the simulator's stats and the database.
  void expect_exactly_once(const json::object& stats) {
    const auto& per = stats.at("per_invitation").as_object();
    for (const auto& [id, v] : per) {
      SCOPED_TRACE(std::string(id));
      EXPECT_LE(u64(v.at("distinct_client_tokens")), 1u);
      EXPECT_LE(u64(v.at("tasks_created")), 1u);
    }
    // The oracle: the same scenario generates the same invitations (facts depend on the seed only).
    sim::SimState oracle(scenario_, std::chrono::system_clock::now());
    auto store = store::Store::open(db().string(), store::OpenOptions{store::OpenMode::read_only});
    ASSERT_TRUE(store.ok()) << store.error().describe();
    EXPECT_OK(store->integrity_check());
    int accepts = 0, rejects = 0;
    for (std::uint32_t i = 0; i < scenario_.invitations.count; ++i) {
      if (oracle.status_of(i, std::chrono::system_clock::now()) != sim::InvitationStatus::pending) continue;
      const auto facts = oracle.facts(i);
      SCOPED_TRACE(facts.id);
      const auto expected = expected_action(facts);
      const json::value* entry = per.if_contains(facts.id);
      auto history = store->show(facts.id);
      ASSERT_TRUE(history.ok() && *history) << "the invitation is not in the mirror";
      std::vector<store::Decision> live;
      for (const auto& d : (*history)->decisions)
        if (!d.dry_run) live.push_back(d);
      if (expected == Expected::ignore) {
        EXPECT_EQ(entry, nullptr);
        EXPECT_TRUE(live.empty());
        continue;
      }
      ASSERT_NE(entry, nullptr) << "lost: no write ever reached it";
      ASSERT_FALSE(live.empty()) << "lost decision";
      EXPECT_EQ(live.back().state, store::DecisionState::done) << live.back().error;
      if (expected == Expected::accept) {
        ++accepts;
        EXPECT_EQ(u64(entry->at("tasks_created")), 1u);
        EXPECT_EQ(u64(entry->at("distinct_client_tokens")), 1u);
        EXPECT_EQ(u64(entry->at("reject_calls")), 0u);
        EXPECT_EQ((*history)->tasks.size(), 1u);
      } else {
        ++rejects;
        EXPECT_EQ(u64(entry->at("accept_calls")), 0u);
        EXPECT_GE(u64(entry->at("reject_calls")), 1u);
      }
    }
    EXPECT_GT(accepts, 3) << "the demo scenario should hold invitations the shipped rules accept";
    EXPECT_GT(rejects, 1);
    EXPECT_EQ(u64(stats.at("tasks_created")), std::uint64_t(accepts));
    EXPECT_EQ(u64(stats.at("totals").at("signature_failures")), 0u);
    EXPECT_EQ(u64(stats.at("totals").at("validation_failures")), 0u);
  }

  std::filesystem::path home() const { return dir_.path() / "home"; }
  std::filesystem::path db() const { return dir_.path() / "state" / "pcsync.db"; }
  std::filesystem::path stats_file() const { return dir_.path() / "sim-stats.json"; }
  std::filesystem::path daemon_log() const { return dir_.path() / "pcsyncd.stderr"; }
  std::string daemon_output() const { return read_text_file(daemon_log()); }

  void SetUp() override {
    std::filesystem::create_directories(home());
    std::filesystem::create_directories(db().parent_path());
  }

  pcs::test::TempDir dir_;
  std::filesystem::path scenario_file_;
  sim::Scenario scenario_;
  std::unique_ptr<ChildProcess> sim_;
  int port_ = 0;
};

TEST_F(SyncDaemonTest, UntilIdleAgainstTheDemoScenarioAcceptsEveryMatchingInvitationOnce) {
  ASSERT_NO_FATAL_FAILURE(start_sim(50));
  auto daemon = start_daemon(write_config(50), {"--until-idle"});
  ASSERT_TRUE(daemon->started());
  auto rc = daemon->wait(60s);
  ASSERT_TRUE(rc.has_value()) << "pcsyncd --until-idle did not finish within 60 s\n" << daemon_output();
  EXPECT_EQ(*rc, 0) << daemon_output();
  expect_exactly_once(stop_sim_and_read_stats());
}

// The kill test at scale (hundreds of SIGKILLs under faults and arrivals) is daemon_kill_test.cpp.

TEST_F(SyncDaemonTest, SigtermStopsTheDaemonWithinSecondsWithStatusZero) {
  ASSERT_NO_FATAL_FAILURE(start_sim(4));
  auto daemon = start_daemon(write_config(4));
  ASSERT_TRUE(daemon->started());
  std::this_thread::sleep_for(1500ms);  // mid-cycle: writes at 4/s keep the first cycle busy
  ASSERT_FALSE(daemon->wait(0ms).has_value()) << daemon_output();
  daemon->signal(SIGTERM);
  auto rc = daemon->wait(5s);
  ASSERT_TRUE(rc.has_value()) << "pcsyncd did not stop within 5 s of SIGTERM\n" << daemon_output();
  EXPECT_EQ(*rc, 0) << daemon_output();
  auto store = store::Store::open(db().string(), store::OpenOptions{store::OpenMode::read_only});
  ASSERT_TRUE(store.ok()) << store.error().describe();
  EXPECT_OK(store->integrity_check());
}

// Before its first cycle, and between cycles when idle, the daemon unmaps its code pages
// (service/idle_memory.hpp); the next cycle maps them again. What could go wrong is the program itself: it must
// run its cycles as before.
TEST_F(SyncDaemonTest, AnIdleDaemonReleasesItsCodePagesAndRunsTheNextCyclesAsBefore) {
  ASSERT_NO_FATAL_FAILURE(start_sim(50));
  std::string text = read_text_file(write_config(50));
  for (auto [from, to] : {std::pair{"poll_interval: 10s", "poll_interval: 5m"},
                          std::pair{"log_level: info", "log_level: debug"}})
    text.replace(text.find(from), std::string_view(from).size(), to);
  auto daemon = start_daemon(dir_.write("idle.yaml", text));
  ASSERT_TRUE(daemon->started());
  auto count = [&](std::string_view needle) {
    const std::string log = daemon_output();
    int n = 0;
    for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
    return n;
  };
  auto wait_for = [&](std::string_view needle, int times) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (count(needle) < times && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
    return count(needle) >= times;
  };
  // A cycle with writes (tasks to follow) sleeps task_poll_interval (5 s): too short to release anything. Once
  // nothing is unfinished the schedule sleeps poll_interval, and the release follows.
  ASSERT_TRUE(wait_for("idle until the next cycle: released", 1)) << daemon_output();
  const int cycles = count("sync ok");
  const std::string log = daemon_output();
  const auto at_start = log.find("before the first cycle: released");
  ASSERT_NE(at_start, std::string::npos) << log;
  EXPECT_LT(at_start, log.find("sync ok")) << log;
  EXPECT_EQ(log.substr(at_start, 60).find("released 0 KiB"), std::string::npos) << log.substr(at_start, 120);
  const auto released = log.substr(log.find("idle until the next cycle: released"));
  EXPECT_EQ(released.find("released 0 KiB"), std::string::npos) << released.substr(0, 120);

  daemon->signal(SIGUSR2);  // a reconcile: listing, decoding, SQLite, HTTP, signing all run from unmapped pages
  ASSERT_TRUE(wait_for("sync ok (reconcile)", 2)) << daemon_output();
  EXPECT_GT(count("sync ok"), cycles);
  ASSERT_TRUE(wait_for("idle until the next cycle: released", 2)) << daemon_output();
  daemon->signal(SIGTERM);
  auto rc = daemon->wait(10s);
  ASSERT_TRUE(rc.has_value()) << daemon_output();
  EXPECT_EQ(*rc, 0) << daemon_output();
  expect_exactly_once(stop_sim_and_read_stats());
}

// Found in review: two pcsyncd on one database both ran, failing each other's cycles. The second is refused at
// start, before its open checks or migrates the file, and the first goes on.
TEST_F(SyncDaemonTest, ASecondDaemonOnTheSameDatabaseIsRefusedAndTheFirstGoesOn) {
  ASSERT_NO_FATAL_FAILURE(start_sim(50));
  const auto config = write_config(50);
  auto first = start_daemon(config);
  ASSERT_TRUE(first->started());
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (daemon_output().find("sync ok") == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_NE(daemon_output().find("sync ok"), std::string::npos) << daemon_output();

  const auto second_log = dir_.path() / "second.stderr";
  ChildProcess second(PCSYNC_DAEMON_BINARY, {"--config", config.string(), "--once"}, daemon_env(), second_log, false);
  ASSERT_TRUE(second.started());
  auto rc = second.wait(20s);
  ASSERT_TRUE(rc.has_value()) << read_text_file(second_log);
  EXPECT_EQ(*rc, 74) << read_text_file(second_log);
  EXPECT_NE(read_text_file(second_log).find("another pcsyncd runs on database"), std::string::npos)
      << read_text_file(second_log);
  EXPECT_FALSE(first->wait(0ms).has_value()) << "the first stopped\n" << daemon_output();
  first->signal(SIGTERM);
  rc = first->wait(10s);
  ASSERT_TRUE(rc.has_value()) << daemon_output();
  EXPECT_EQ(*rc, 0) << daemon_output();
}

// Found in review: a listing held the database's write lock from its first page to its last, so a person's
// pcsyncctl accept during a long listing timed out. Here every answer takes 200 ms (30 pages: 6 s); a writer that
// waits at most 3 s, 1 s into the listing, gets the lock while the listing is still going.
TEST_F(SyncDaemonTest, AnotherWriterGetsTheDatabaseDuringASlowListing) {
  ASSERT_NO_FATAL_FAILURE(start_sim_on(dir_.write("slow.yaml", R"(seed: 4
catalog: Sandbox
invitations: {count: 3000, spread_days: 10, expiry_days: 20, status_mix: {PENDING: 100}}
tasks: {opportunity_tasks: 0}
faults: {delay: 1.0, delay_ms: 200}
quotas: off
)")));
  const auto config = dir_.write("slow-pcsyncd.yaml", "catalog: Sandbox\nregion: " + scenario_.region +
                                                          "\nendpoint_url: http://127.0.0.1:" + std::to_string(port_) +
                                                          "\ndatabase: " + db().string() +
                                                          "\nrequest_timeout: 5s\nquota_share: 1\n"
                                                          "read_quota_per_second: 100\ndefault_action: ignore\n");
  auto daemon = start_daemon(config, {"--once"});
  ASSERT_TRUE(daemon->started());
  std::this_thread::sleep_for(1s);
  ASSERT_TRUE(std::filesystem::exists(db())) << daemon_output();
  bool written = false;
  std::string why;
  try {
    SQLite::Database other(db().string(), SQLite::OPEN_READWRITE, 3000);
    other.exec("BEGIN IMMEDIATE");
    other.exec("ROLLBACK");
    written = true;
  } catch (const SQLite::Exception& e) {
    why = e.what();
  }
  const bool still_listing = !daemon->wait(0ms).has_value();
  EXPECT_TRUE(written) << why;
  EXPECT_TRUE(still_listing) << "the listing ended before the write was tried: nothing was shown";
  auto rc = daemon->wait(60s);
  ASSERT_TRUE(rc.has_value()) << daemon_output();
  EXPECT_EQ(*rc, 0) << daemon_output();
  EXPECT_NE(daemon_output().find("3000 seen"), std::string::npos) << daemon_output();
}

TEST_F(SyncDaemonTest, ABadConfigExits78NamingFileAndLine) {
  const auto config = dir_.write("bad.yaml", "catalog: Sandbox\ndatabase: /tmp/x.db\npoll_intervall: 5m\n");
  auto daemon = start_daemon(config, {"--once"});
  ASSERT_TRUE(daemon->started());
  auto rc = daemon->wait(10s);
  ASSERT_TRUE(rc.has_value());
  EXPECT_EQ(*rc, 78);
  const auto err = daemon_output();
  EXPECT_NE(err.find("bad.yaml:3"), std::string::npos) << err;
  EXPECT_NE(err.find("poll_intervall"), std::string::npos) << err;
}

}  // namespace
}  // namespace pcs::sync
