// The soak: 30 simulated days (PCSYNC_SOAK_DAYS; 180 with PCSYNC_LONG_TESTS=1; 20 under ASan) of arrivals,
// expiries, throttling, failing tasks and faults, against one long-lived pcsyncd, in a minute. Afterwards the
// invariants of sync_invariants.hpp, the budgets (the busiest sim day within pcsyncd's share of the daily read
// quota, which is set so that it binds), and the process flat: open descriptors equal, resident memory
// bounded, start and end printed.
//
// How 30 days fit in minutes, honestly. pcsyncd reads ExpirationDate and `expires_within` against its own
// clock and schedules its cycles on real timers, while the simulator's clock can run fast. Three ways were
// weighed:
//  - real processes with a clock knob in pcsyncd: a test hook in the production binary, refused;
//  - pcsyncd as a process against a fast simulator clock: expiry and the rules would disagree with the
//    service by days, and a day of polling would still take a real day;
//  - (this) in-process, one shared clock. Everything that runs in a cycle is the real code: SyncCycle, the
//    governor (config from the daemon's own governor_config_from), the client stack of pcsyncd
//    (build_client_stack: settings, the credential chain and cache, SigV4, the real HttpClient), SQLite on a
//    file, and pcsync-sim's SimService behind its real SimServer, all over loopback HTTP on one io_context.
//    Their one clock (SkippingClock below) is real time while a cycle runs, so every timer, deadline, backoff
//    and token bucket behaves as in production, and between cycles the wait the scheduler asks for is skipped
//    instead of slept: wall and steady time jump together, for pcsyncd and the simulator alike.
//    The scheduler is the one part played by the test: SyncService::run waits on a real steady_timer, which a
//    skipped clock cannot shorten, so the loop below does what its loop does between cycles, with the same
//    pure functions (sync::next_delay, sync::daily_budget_pacing) and the shipped intervals (5 min poll,
//    30 s while tasks run, 1 h reconcile). SyncService::run itself is exercised by the process tests (the
//    kill test runs it hundreds of times), its schedule by tests/unit/sync/schedule_test.cpp.
// Two settings differ from production, both for time only: the governor's backoff is milliseconds instead of
// seconds (it sleeps on real timers, which the skipped clock cannot shorten), and the per-second quotas are
// large (pacing at 5 reads a second would make a reconcile take a real second); the daily read quota is the
// binding one. HttpClient's own per-request deadline (30 s, real) bounds every request: the call deadline
// GovernedClient passes lies days ahead on the skipped clock.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "aws/config/environment.hpp"
#include "config/config_loader.hpp"
#include "core/time_format.hpp"
#include "governor/governor.hpp"
#include "io_helpers.hpp"
#include "run_length.hpp"
#include "service/client_stack.hpp"
#include "service/governor_settings.hpp"
#include "sim/sim_server.hpp"
#include "sim/sim_service.hpp"
#include "store/store.hpp"
#include "sync/sync_cycle.hpp"
#include "sync/sync_service.hpp"
#include "sync_invariants.hpp"
#include "temp_dir.hpp"

namespace pcs::sync::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace fs = std::filesystem;

// Real time, plus what the soak skipped between cycles.
class SkippingClock final : public Clock {
 public:
  explicit SkippingClock(WallTime wall_start) : wall0_(wall_start), steady0_(std::chrono::steady_clock::now()) {}
  WallTime wall_now() const override {
    return wall0_ +
           std::chrono::duration_cast<WallTime::duration>(std::chrono::steady_clock::now() - steady0_ + skipped_);
  }
  SteadyTime steady_now() const override { return std::chrono::steady_clock::now() + skipped_; }
  void skip(std::chrono::nanoseconds d) { skipped_ += d; }

 private:
  WallTime wall0_;
  SteadyTime steady0_;
  std::chrono::nanoseconds skipped_{0};
};

// The account's daily reads. pcsyncd's share (0.5), 700, is about what polling every 5 minutes, tracking tasks
// every 30 s and reconciling hourly take: its pacing stretches the schedule after the costlier cycles.
constexpr std::int64_t kReadDaily = 1400;
constexpr int kMaxAcceptAttempts = 3;

// 60 invitations of the last 10 days expiring over the first 2 (initial ones) or 12 days after they arrive,
// one arrival every 2 hours, accept tasks of 10 minutes of which a fifth FAIL, every fault but unknown enum
// values (see kill test), and a daily read quota pcsyncd must pace itself to.
const std::string kScenario = R"(seed: 41
clock_speed: 1
start_time: START
catalog: Sandbox
credentials: {access_key_id: AKIDPCSYNCSOAKTEST, secret_access_key: pcsync-soak-test-secret}
invitations:
  count: 60
  spread_days: 10
  expiry_days: 12
  status_mix: {PENDING: 85, ACCEPTED: 5, REJECTED: 5, EXPIRED: 5}
  arrivals: {per_hour: 0.5, max: 5000}
)" + std::string(kShippedRulesProfiles) +
                              R"(tasks: {duration_seconds: 600, failure_ratio: 0.2, opportunity_tasks: 0}
quotas:
  read: {rate: 1000, burst: 1000, daily: 1400}
  write: {rate: 100, burst: 100}
  throttle_status: 400
faults:
  internal_error: 0.02
  unavailable_html: 0.01
  reset_before_response: 0.02
  reset_mid_body: 0.01
  truncate_body: 0.01
  throttle: 0.03
  delay: 0.01
  delay_ms: 20
  namespaced_type: 0.3
  unknown_members: 0.1
)";

int open_fds() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

long rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

boost::asio::awaitable<void> run_cycle(SyncCycle* cycle, bool reconcile, const config::DaemonConfig* config,
                                       CycleReport* out) {
  *out = co_await cycle->run(CycleOptions{reconcile}, *config);
}

struct SoakFigures {
  int cycles = 0, reconciles = 0, failed = 0, partial = 0;
  std::int64_t reads = 0, writes = 0, throttled = 0, paced_cycles = 0;
};

TEST(Soak, ThirtySimulatedDaysOfArrivalsExpiriesThrottlingAndFaults) {
  // ASan runs the same cycles about four times slower: 20 days keep its pass near two minutes.
  const int days = env_int("PCSYNC_SOAK_DAYS", long_tests() ? 180 : kSanitized ? 20 : 30);
  const auto began = std::chrono::steady_clock::now();
  pcs::test::TempDir dir;
  const WallTime start = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::string yaml = kScenario;
  yaml.replace(yaml.find("START"), 5, format_iso8601(start));
  auto scenario = sim::parse_scenario(yaml, "soak.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().describe();

  SkippingClock clock(start);
  boost::asio::io_context io;
  sim::SimService service(*scenario, clock);
  sim::SimServer server(io.get_executor(), service, {});
  ASSERT_TRUE(server.start().ok());

  // pcsyncd as configured by a partner: the shipped rules and intervals, its share of the quotas.
  auto config = config::parse_daemon_config(
      "catalog: Sandbox\nendpoint_url: http://127.0.0.1:" + std::to_string(server.port()) +
          "\ndatabase: " + (dir.path() / "pcsync.db").string() + "\nquota_share: 0.5\nread_quota_per_second: 1000\n" +
          "write_quota_per_second: 100\nread_quota_daily: " + std::to_string(kReadDaily) +
          "\nmax_accept_attempts: " + std::to_string(kMaxAcceptAttempts) + "\n" + shipped_rules_yaml(),
      "soak.yaml");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  ASSERT_EQ(config->poll_interval, 5min);
  ASSERT_EQ(config->task_poll_interval, 30s);
  ASSERT_EQ(config->reconcile_interval, 1h);

  fs::create_directories(dir.path() / "home");
  aws::MapEnvironment env{{"HOME", (dir.path() / "home").string()},
                          {"AWS_ACCESS_KEY_ID", scenario->credentials.access_key_id},
                          {"AWS_SECRET_ACCESS_KEY", scenario->credentials.secret_access_key},
                          {"AWS_EC2_METADATA_DISABLED", "true"}};
  service::ClientStackOptions stack_options;
  stack_options.explicit_settings = service::explicit_aws_settings(*config);
  stack_options.request_timeout = 30s;
  auto stack = service::build_client_stack(io.get_executor(), env, clock, stack_options);
  ASSERT_TRUE(stack.ok()) << stack.error().describe();
  auto governor_config = service::governor_config_from(*config, (*stack)->settings);
  ASSERT_TRUE(governor_config.ok()) << governor_config.error().describe();
  governor_config->backoff_base = 5ms;
  governor_config->backoff_cap = 50ms;
  gov::Governor governor(io.get_executor(), *governor_config, clock, 41);
  auto store = store::Store::open(config->database);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  GovernedClient governed(*(*stack)->client, governor, clock);
  SyncCycle cycle(governed, *store, clock);

  // Quiet: a cycle logs every decision, a fault every retry; a month of them is noise here.
  const auto level = spdlog::get_level();
  spdlog::set_level(spdlog::level::err);

  SoakFigures fig;
  auto next_reconcile = clock.steady_now();  // the first cycle reconciles, as after a start
  bool idle = false;
  // One cycle, then the scheduler's wait skipped. Returns false when the cycle hung (the guard failed the test).
  auto one_cycle = [&]() -> bool {
    const bool reconcile = clock.steady_now() >= next_reconcile;
    CycleReport report;
    if (!pcs::test::run_coroutine(io, run_cycle(&cycle, reconcile, &*config, &report), 120s)) return false;
    ++fig.cycles;
    fig.reconciles += reconcile;
    fig.failed += report.outcome == store::SyncOutcome::failed;
    fig.partial += report.outcome == store::SyncOutcome::partial;
    fig.reads += report.counters.read_calls;
    fig.writes += report.counters.write_calls;
    fig.throttled += report.counters.throttled;
    if (reconcile && report.outcome == store::SyncOutcome::ok)
      next_reconcile = clock.steady_now() + config->reconcile_interval;
    const bool unfinished = report.unfinished_accept_tasks > 0 || report.unfinished_decisions > 0;
    idle = !unfinished && report.outcome == store::SyncOutcome::ok;
    const ScheduleInput in{config->poll_interval, config->task_poll_interval, unfinished,
                           daily_budget_pacing(governor.snapshot(), report)};
    const auto delay = next_delay(in);
    fig.paced_cycles += delay > (unfinished ? in.task_poll_interval : in.poll_interval);
    clock.skip(delay);
    return true;
  };
  // Descriptors and memory at a quiet moment: the client's idle connections closed and the server's side seen.
  auto quiet_fds = [&] {
    (*stack)->http->close();
    io.restart();
    io.run_for(200ms);  // the server, still listening, sees the close and drops its side
    return open_fds();
  };

  const WallTime first_day_end = start + 24h;
  while (clock.wall_now() < first_day_end)
    if (!one_cycle()) FAIL() << "a cycle hung on day 1";
  const int fds_start = quiet_fds();
  const long rss_start = rss_kb();
  const WallTime end = start + std::chrono::hours{24} * days;
  while (clock.wall_now() < end)
    if (!one_cycle()) FAIL() << "a cycle hung at " << format_iso8601(clock.wall_now());
  // Settle: cycles on schedule until one leaves nothing to resend or follow (arrivals do not stop).
  const WallTime settle_from = clock.wall_now();
  for (int extra = 0; extra < 200 && !idle; ++extra)
    if (!one_cycle()) FAIL() << "a cycle hung while settling";
  EXPECT_TRUE(idle) << "still busy after 200 settling cycles";
  const int fds_end = quiet_fds();
  const long rss_end = rss_kb();
  spdlog::set_level(level);

  const auto stats = service.stats_json();
  // Actionable: PENDING for two hours after it appeared (pcsyncd polls every 5 to 10 minutes), before settling.
  const auto fig_inv = check_sync_invariants(InvariantInput{
      *scenario, stats, *store, kMaxAcceptAttempts,
      [&](const sim::SimState& oracle, std::uint32_t index, const InvitationDates& dates) {
        const WallTime seen_by = std::max(start, dates.invited) + 2h;
        return seen_by <= settle_from && oracle.status_of(index, seen_by) == sim::InvitationStatus::pending;
      }});

  // Budgets: within pcsyncd's share of the daily read quota on every sim day (the governor's rolling window
  // and its pacing), writes far under theirs; per second within the share plus the bucket's one token.
  const auto day_reads = peak(stats, "peak_requests_per_sim_day", "read");
  EXPECT_LE(day_reads, std::uint64_t(kReadDaily / 2));
  EXPECT_GT(fig.paced_cycles, 0) << "the daily read budget never stretched the schedule";
  EXPECT_LE(peak(stats, "peak_requests_per_sim_day", "write"), 10'000u / 2);
  EXPECT_LE(peak(stats, "peak_requests_per_sim_second", "read"), 1000u / 2 + 1);
  EXPECT_LE(peak(stats, "peak_requests_per_sim_second", "write"), 100u / 2 + 1);
  EXPECT_GT(fig.throttled, 0);
  EXPECT_GT(fig_inv.accepted, 20);
  EXPECT_GT(fig_inv.rejected, 10);
  EXPECT_GT(fig_inv.retried, 0);

  // Flat: not one descriptor more, and the memory a month takes bounded (the simulator's state, in this
  // process too, grows by a few hundred invitations; ASan's quarantine holds up to 256 MB of freed blocks).
  EXPECT_LE(fds_end, fds_start) << "descriptors grew";
  const long rss_bound_kb = kSanitized ? 320 * 1024 : 24 * 1024;
  EXPECT_LT(rss_end - rss_start, rss_bound_kb) << "resident memory grew by " << (rss_end - rss_start) / 1024 << " MB";

  std::uint64_t faults = 0;
  for (const auto& [kind, n] : stats.at("faults_injected").as_object()) faults += n.to_number<std::uint64_t>();
  int expired = 0;  // ExpirationDate passed by the end (most had been decided long before)
  {
    const sim::SimState oracle(*scenario, start);
    for (std::uint32_t i = 0; i < oracle.visible_invitations(clock.wall_now()); ++i)
      expired += oracle.status_of(i, clock.wall_now()) == sim::InvitationStatus::expired;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::printf(
      "soak: %d simulated days in %.0f s%s: %d cycles (%d reconcile, %d failed, %d partial, %lld stretched by the "
      "daily read budget)\n"
      "  %d invitations (%d actionable, %d past their ExpirationDate by the end): %d accepted, %d rejected, %d "
      "ignored, "
      "%d retried after a FAILED task\n"
      "  %lld reads + %lld writes, %lld throttled, %llu faults injected; busiest sim day %llu reads (share %lld)\n"
      "  %s\n"
      "  open fds %d -> %d, RSS %ld -> %ld MB (end of day 1 -> end)\n",
      days, seconds, kSanitized ? " (ASan: 20 days by default, PCSYNC_SOAK_DAYS sets them)" : "", fig.cycles,
      fig.reconciles, fig.failed, fig.partial, (long long)fig.paced_cycles, fig_inv.invitations, fig_inv.actionable,
      expired, fig_inv.accepted, fig_inv.rejected, fig_inv.ignored, fig_inv.retried, (long long)fig.reads,
      (long long)fig.writes, (long long)fig.throttled, (unsigned long long)faults, (unsigned long long)day_reads,
      (long long)kReadDaily / 2,
      ::testing::Test::HasFailure() ? "INVARIANTS FAILED (above)"
                                    : "0 duplicates, 0 lost decisions, 0 crashes, 0 hangs, integrity_check ok",
      fds_start, fds_end, rss_start / 1024, rss_end / 1024);
  ::testing::Test::RecordProperty("simulated_days", days);
  ::testing::Test::RecordProperty("cycles", fig.cycles);
  server.stop();
}

}  // namespace
}  // namespace pcs::sync::test
