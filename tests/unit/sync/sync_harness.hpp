#pragma once
// The whole daemon in one process around an in-process simulator: SimService behind SimTransport, the real
// PartnerCentralClient (SigV4 and all), a Governor on real time with generous quotas and millisecond backoff
// (so it never waits long), a Store, and SyncCycle on a FakeClock shared with the simulator, so expiries,
// arrivals and task completion happen when the test advances that clock.
//
// SimWorld is "AWS": it lives for the whole test. Daemon is one pcsyncd process: destroy it and build a new
// one over the same database file to model a crash and restart.

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "aws/credentials/provider.hpp"
#include "config/daemon_config.hpp"
#include "governor/governor.hpp"
#include "partnercentral/client.hpp"
#include "sim/scenario.hpp"
#include "sim/sim_service.hpp"
#include "sim_transport.hpp"
#include "store/store.hpp"
#include "sync/sync_cycle.hpp"

namespace pcs::sync::test {

struct SimWorld {
  explicit SimWorld(sim::Scenario scenario, std::chrono::milliseconds latency = std::chrono::milliseconds{50});
  FakeClock clock;  // declared first: the simulator reads it from construction on
  sim::SimService sim;
  SimTransport transport;

  WallTime now() const { return clock.wall_now(); }
  // The stats entry of one invitation, or nullptr when no accept or reject ever reached it.
  const sim::AcceptAccounting* accounting(const std::string& invitation_id);
  // GetEngagementInvitation straight from the simulator's state (no quota, no faults).
  boost::json::object invitation_json(const std::string& invitation_id);
};

// 30 invitations (some accepted or expired upstream), a few arrivals, tasks of 60 s of which 30 % FAIL,
// no quotas: the world of the whole-cycle tests.
sim::Scenario cycle_scenario();

// The rules shipped in config/pcsyncd.yaml, read at run time (database and endpoint are not used here).
config::DaemonConfig shipped_config();

// config/pcsyncd.yaml as a YAML tree, changed by `edit`, then parsed as pcsyncd would (a test fails when it
// does not parse; then an empty configuration).
config::DaemonConfig shipped_config_edited(const std::function<void(YAML::Node& file)>& edit, const char* name);

// What those rules decide for an invitation the simulator generated (mirrors config/pcsyncd.yaml).
enum class Expected { accept, reject, ignore };
Expected expected_action(const sim::InvitationFacts& facts);
inline constexpr const char* kRejectionReason = "Outside our focus area";

// The invitations the simulator shows as PENDING right now, with what the rules should do with each.
struct Target {
  std::uint32_t index;
  std::string id;
  Expected expected;
};
std::vector<Target> pending_targets(SimWorld& world);

gov::GovernorConfig fast_governor_config();

class Daemon {
 public:
  Daemon(SimWorld& world, boost::asio::io_context& io, store::Store store, config::DaemonConfig config);

  // One cycle, under a guard timer (fails the test instead of hanging).
  CycleReport cycle(bool reconcile = false);
  // One cycle with these options (a decisions-only pass: what pcsyncd runs when a person decided).
  CycleReport run(CycleOptions options);
  // The process dies: the cycle stops at its next safe point and the governor cancels pending retries.
  void crash();

  store::Store& store() { return store_; }
  gov::Governor& governor() { return governor_; }
  const config::DaemonConfig& config() const { return config_; }
  // The report of the cycle in progress (null between cycles), as the metrics read it.
  const CycleReport* running() const { return cycle_.running(); }
  // A reload: the next cycle runs on this configuration.
  void reconfigure(config::DaemonConfig config) { config_ = std::move(config); }

 private:
  boost::asio::io_context& io_;
  config::DaemonConfig config_;
  store::Store store_;
  SystemClock real_clock_;
  aws::StaticCredentialsProvider credentials_;
  pc::PartnerCentralClient client_;
  gov::Governor governor_;
  GovernedClient governed_;
  SyncCycle cycle_;
  std::stop_source stop_;
};

// What the mirror holds of one invitation: its live (not dry-run) decisions, oldest first, and its tasks.
std::vector<store::Decision> live_decisions(store::Store& store, const std::string& id);
std::vector<store::Task> tasks_of(store::Store& store, const std::string& id);

// Opens (or reopens) a database file, failing the test when it cannot.
store::Store open_store(const std::filesystem::path& path);

// A daemon over `db` with the shipped rules runs one cycle; its first accept request meets `fate` and the process
// dies right there (the decision committed and marked sent). Returns the invitation that was being accepted.
std::string crash_on_first_accept(SimWorld& world, boost::asio::io_context& io, const std::filesystem::path& db,
                                  SimTransport::Fate fate);

// One cycle of `daemon`, which must end ok; what had reached the service for `id` by then (nullptr: nothing).
const sim::AcceptAccounting* accounting_after_ok_cycle(Daemon& daemon, SimWorld& world, const std::string& id);

// Parses a scenario of the tests (failing the test when it does not parse).
sim::Scenario test_scenario(std::string_view yaml, std::string_view name);

}  // namespace pcs::sync::test
