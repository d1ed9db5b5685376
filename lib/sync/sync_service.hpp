#pragma once
// The schedule: runs SyncCycle now, then again after the poll interval (sooner while tasks or decisions are
// unfinished, later when the daily read budget would not last), with a full reconcile every
// reconcile_interval. wake() starts a cycle at once (SIGUSR1), wake(true) a reconciling one (SIGUSR2); stop() ends the current cycle at its next
// safe point and returns from run().
//
// The configuration is an immutable snapshot: reconfigure() hands in a new one, which the next cycle (and the
// schedule after the current cycle) uses; a running cycle keeps the one it started with.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>

#include "sync/schedule.hpp"
#include "sync/sync_cycle.hpp"

namespace pcs::sync {

class SyncService {
 public:
  using CycleHook = std::function<void(const CycleReport&)>;
  // Called when the schedule goes to sleep after a cycle (in RunMode::forever), with the time until the next.
  using SleepHook = std::function<void(std::chrono::nanoseconds until_next_cycle)>;

  using Snapshot = std::shared_ptr<const config::DaemonConfig>;

  SyncService(boost::asio::any_io_executor executor, SyncCycle& cycle, gov::Governor& governor, Snapshot config,
              const Clock& clock);

  // Returns the process exit status: 0 when the last cycle was ok (or stopped cleanly), 1 when it failed.
  boost::asio::awaitable<int> run(RunMode mode, int max_cycles = 50);
  // A cycle now; with `reconcile`, one that lists every status whatever reconcile_interval says.
  void wake(bool reconcile = false);
  // A person's decision was committed (by pcsyncctl): carry out recorded decisions now, in a decisions-only
  // pass (no listing), or right after the cycle that is running; then the schedule goes on as it was.
  void decisions_waiting();
  void stop();
  // Swaps in a new configuration between cycles.
  void reconfigure(Snapshot config) { config_ = std::move(config); }
  const Snapshot& config() const { return config_; }
  void on_cycle(CycleHook hook) { hook_ = std::move(hook); }
  void on_sleep(SleepHook hook) { sleep_hook_ = std::move(hook); }

 private:
  SyncCycle& cycle_;
  gov::Governor& governor_;
  Snapshot config_;
  const Clock& clock_;
  boost::asio::steady_timer timer_;
  std::stop_source stop_;
  bool woken_ = false;
  bool decisions_due_ = false;
  bool reconcile_asked_ = false;
  CycleHook hook_;
  SleepHook sleep_hook_;

  boost::asio::awaitable<void> decisions_pass();
};

}  // namespace pcs::sync
