#pragma once
// One sync cycle: recover interrupted decisions, list invitations, decide, act, track tasks, record the run.
// See docs/design.md. Never throws; every failure ends up in the run record or on its decision.

#include <boost/asio/awaitable.hpp>
#include <stop_token>
#include <string>

#include "config/daemon_config.hpp"
#include "core/clock.hpp"
#include "store/store.hpp"
#include "sync/governed_client.hpp"

namespace pcs::sync {

struct CycleOptions {
  // List every status (not only PENDING) and every opportunity-from-engagement task.
  bool reconcile = false;
};

struct CycleReport {
  store::SyncOutcome outcome = store::SyncOutcome::ok;
  store::SyncCounters counters;
  std::int64_t accepted = 0;  // accept calls that returned a task this cycle
  std::int64_t rejected = 0;
  std::int64_t ignored = 0;
  std::int64_t dry_run_decisions = 0;
  std::int64_t unfinished_tasks = 0;  // still IN_PROGRESS after the cycle, both kinds
  // Of those, the accept tasks pcsyncd started; opportunity-from-engagement tasks are only mirrored, so
  // `--until-idle` does not wait for them.
  std::int64_t unfinished_accept_tasks = 0;
  std::int64_t unfinished_decisions = 0;  // recorded or sent, waiting for the next cycle
  std::int64_t detail_reads = 0;  // of counters.read_calls, the GetEngagementInvitation ones
  std::string error;                  // first failure, for the run record and the log
};

class SyncCycle {
 public:
  SyncCycle(GovernedClient& client, store::Store& store, const config::DaemonConfig& config, const Clock& clock)
      : client_(client), store_(store), config_(config), clock_(clock) {}

  boost::asio::awaitable<CycleReport> run(CycleOptions options, std::stop_token stop = {});

 private:
  struct Run;
  boost::asio::awaitable<void> recover(Run& run);
  boost::asio::awaitable<void> list_invitations(Run& run, bool reconcile);
  boost::asio::awaitable<void> decide_and_act(Run& run);
  boost::asio::awaitable<void> decide_one(Run& run, store::Invitation& invitation);
  boost::asio::awaitable<void> act(Run& run, const store::Decision& decision);
  boost::asio::awaitable<void> track_tasks(Run& run, bool reconcile);

  GovernedClient& client_;
  store::Store& store_;
  const config::DaemonConfig& config_;
  const Clock& clock_;
};

}  // namespace pcs::sync
