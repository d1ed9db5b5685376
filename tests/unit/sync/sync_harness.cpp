#include "sync_harness.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>

#include "config/config_loader.hpp"
#include "io_helpers.hpp"

namespace pcs::sync::test {
namespace {

namespace json = boost::json;

aws::Credentials scenario_credentials(const sim::Scenario& s) {
  aws::Credentials c;
  c.access_key_id = s.credentials.access_key_id;
  c.secret_access_key = s.credentials.secret_access_key;
  c.session_token = s.credentials.session_token;
  c.source = "test";
  return c;
}

// Not a lambda: a coroutine lambda's captures die with the temporary lambda object.
boost::asio::awaitable<void> run_into(SyncCycle* cycle, CycleOptions options, const config::DaemonConfig* config,
                                      std::stop_token stop, CycleReport* out) {
  *out = co_await cycle->run(options, *config, stop);
}

}  // namespace

SimWorld::SimWorld(sim::Scenario scenario, std::chrono::milliseconds latency)
    : sim(std::move(scenario), clock), transport(sim, clock, latency) {}

const sim::AcceptAccounting* SimWorld::accounting(const std::string& invitation_id) {
  auto index = sim.state().find_invitation(invitation_id);
  if (!index) return nullptr;
  const auto& all = sim.state().accounting();
  auto it = all.find(*index);
  return it == all.end() ? nullptr : &it->second;
}

json::object SimWorld::invitation_json(const std::string& invitation_id) {
  json::object request{{"Catalog", sim.scenario().catalog}, {"Identifier", invitation_id}};
  auto outcome = sim.state().get_invitation(request, sim.clock().now());
  EXPECT_TRUE(outcome.ok()) << invitation_id;
  return outcome.body;
}

// The whole-cycle tests' world. Clock speed 1: sim time is the FakeClock. Invitation i (of 30) expires about 0.5 + i/3 days after start;
// arrivals come every 30 minutes. The profiles make all three outcomes of config/pcsyncd.yaml's rules likely.
constexpr const char* kCycleScenario = R"(seed: 5
clock_speed: 1
catalog: Sandbox
credentials: {access_key_id: AKIDSYNCUNITTEST, secret_access_key: sync-unit-test-secret}
invitations:
  count: 30
  spread_days: 10
  expiry_days: 10.5
  status_mix: {PENDING: 80, ACCEPTED: 10, EXPIRED: 10}
  arrivals: {per_hour: 2, max: 6}
  sender_companies: [Example Corp, Example Analytics, AnyCompany, Octank]
  profiles:
    - {name: us-healthcare, weight: 40, industries: [Healthcare, Life Sciences], countries: [US, CA], spend: [5000, 90000]}
    - {name: small-healthcare, weight: 15, industries: [Healthcare], countries: [US], spend: [100, 4999]}
    - {name: other, weight: 45, industries: [Retail, Education], countries: [US, DE, GB], spend: [100, 90000]}
tasks: {duration_seconds: 60, failure_ratio: 0.3, opportunity_tasks: 3}
quotas: off
)";

sim::Scenario test_scenario(std::string_view yaml, std::string_view name) {
  auto s = sim::parse_scenario(std::string(yaml), std::string(name));
  EXPECT_OK(s);
  return s ? std::move(*s) : sim::Scenario{};
}

sim::Scenario cycle_scenario() { return test_scenario(kCycleScenario, "sync-unit.yaml"); }

config::DaemonConfig shipped_config() {
  auto loaded = config::load_daemon_config(std::string(PCSYNC_SOURCE_DIR) + "/config/pcsyncd.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded ? "" : loaded.error().describe());
  if (!loaded) return {};
  return std::move(loaded).value();
}

config::DaemonConfig shipped_config_edited(const std::function<void(YAML::Node& file)>& edit, const char* name) {
  YAML::Node file = YAML::Load(pcs::test::shipped_config_text());
  edit(file);
  YAML::Emitter yaml;
  yaml << file;
  auto parsed = config::parse_daemon_config(yaml.c_str(), name);
  EXPECT_TRUE(parsed.ok()) << (parsed ? "" : parsed.error().describe());
  return parsed ? std::move(*parsed) : config::DaemonConfig{};
}

Expected expected_action(const sim::InvitationFacts& f) {
  const bool country = f.country == "US" || f.country == "CA";
  const bool industry = f.industry == "Healthcare" || f.industry == "Life Sciences";
  if (country && industry && f.monthly_spend >= 5000) return Expected::accept;
  std::string lower;
  for (char c : f.sender_company) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower.rfind("example", 0) == 0) return Expected::reject;
  return Expected::ignore;
}

std::vector<Target> pending_targets(SimWorld& world) {
  std::vector<Target> out;
  auto& state = world.sim.state();
  const WallTime now = world.sim.clock().now();
  for (std::uint32_t i = 0; i < state.visible_invitations(now); ++i)
    if (state.status_of(i, now) == sim::InvitationStatus::pending)
      out.push_back(Target{i, state.invitation_id(i), expected_action(state.facts(i))});
  return out;
}

gov::GovernorConfig fast_governor_config() {
  gov::GovernorConfig c;
  c.read.per_second = 4000;  // x share: pacing waits well under a millisecond
  c.write.per_second = 4000;
  c.share = 1;
  c.backoff_base = std::chrono::milliseconds{1};
  c.backoff_cap = std::chrono::milliseconds{4};
  c.max_attempts = 3;
  return c;
}

// The live (not dry-run) decisions of one invitation in the mirror.
std::vector<store::Decision> live_decisions(store::Store& store, const std::string& id) {
  auto shown = store.show(id);
  EXPECT_OK(shown);
  std::vector<store::Decision> out;
  if (shown && *shown)
    for (const auto& d : (*shown)->decisions)
      if (!d.dry_run) out.push_back(d);
  return out;
}

std::vector<store::Task> tasks_of(store::Store& store, const std::string& id) {
  auto shown = store.show(id);
  EXPECT_OK(shown);
  if (!shown || !*shown) return {};
  return (*shown)->tasks;
}

store::Store open_store(const std::filesystem::path& path) {
  auto opened = store::Store::open(path.string());
  if (!opened) {
    ADD_FAILURE() << "cannot open " << path << ": " << opened.error().describe();
    return store::Store::open(":memory:").value();
  }
  return std::move(opened).value();
}

Daemon::Daemon(SimWorld& world, boost::asio::io_context& io, store::Store store, config::DaemonConfig config)
    : io_(io),
      config_(std::move(config)),
      store_(std::move(store)),
      credentials_(scenario_credentials(world.sim.scenario())),
      client_(world.transport, credentials_,
              pc::ClientOptions{world.sim.scenario().region, "127.0.0.1:1", "partnercentral-selling"}, world.clock),
      governor_(io.get_executor(), fast_governor_config(), real_clock_, 7),
      governed_(client_, governor_, real_clock_),
      cycle_(governed_, store_, world.clock) {}

CycleReport Daemon::cycle(bool reconcile) { return run(CycleOptions{.reconcile = reconcile}); }

CycleReport Daemon::run(CycleOptions options) {
  CycleReport report;
  pcs::test::run_coroutine(io_, run_into(&cycle_, options, &config_, stop_.get_token(), &report),
                           std::chrono::seconds{8});
  return report;
}

void Daemon::crash() {
  stop_.request_stop();
  governor_.stop();
}

const sim::AcceptAccounting* accounting_after_ok_cycle(Daemon& daemon, SimWorld& world, const std::string& id) {
  const auto report = daemon.cycle();
  EXPECT_EQ(report.outcome, store::SyncOutcome::ok) << report.error;
  return world.accounting(id);
}

std::string crash_on_first_accept(SimWorld& world, boost::asio::io_context& io, const std::filesystem::path& db,
                                  SimTransport::Fate fate) {
  std::string victim;
  Daemon first(world, io, open_store(db), shipped_config());
  world.transport.set_hook([&](const net::HttpRequest& request, std::string_view op) {
    if (op != "StartEngagementByAcceptingInvitationTask" || !victim.empty()) return SimTransport::Fate::deliver;
    victim = std::string(json::parse(request.body).at("Identifier").as_string());
    first.crash();
    return fate;
  });
  const auto report = first.cycle();
  world.transport.set_hook({});
  EXPECT_NE(report.outcome, store::SyncOutcome::ok) << "the cycle should have been cut short";
  EXPECT_FALSE(victim.empty()) << "no accept was sent";
  const auto decisions = live_decisions(first.store(), victim);
  EXPECT_EQ(decisions.size(), 1u);
  if (!decisions.empty()) {
    EXPECT_EQ(decisions[0].state, store::DecisionState::sent);
  }
  return victim;
}

}  // namespace pcs::sync::test
