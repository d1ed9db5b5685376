#include "sync/sync_service.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace pcs::sync {

SyncService::SyncService(boost::asio::any_io_executor executor, SyncCycle& cycle, gov::Governor& governor,
                         Snapshot config, const Clock& clock)
    : cycle_(cycle), governor_(governor), config_(std::move(config)), clock_(clock), timer_(executor) {}

void SyncService::wake(bool reconcile) {
  woken_ = true;
  reconcile_asked_ = reconcile_asked_ || reconcile;
  timer_.cancel();
}

void SyncService::decisions_waiting() {
  decisions_due_ = true;
  timer_.cancel();  // when the schedule sleeps; a running cycle is followed by the pass instead
}

boost::asio::awaitable<void> SyncService::decisions_pass() {
  while (decisions_due_ && !stop_.stop_requested()) {
    decisions_due_ = false;
    const Snapshot config = config_;
    CycleReport report = co_await cycle_.run(CycleOptions{.decisions_only = true}, *config, stop_.get_token());
    if (report.accepted + report.rejected + report.abandoned > 0 || !report.error.empty())
      spdlog::info("decisions carried out: {} accepted, {} rejected, {} abandoned{}{}", report.accepted,
                   report.rejected, report.abandoned, report.error.empty() ? "" : ": ", report.error);
    if (hook_) hook_(report);
  }
}

void SyncService::stop() {
  stop_.request_stop();
  governor_.stop();
  timer_.cancel();
}

boost::asio::awaitable<int> SyncService::run(RunMode mode, int max_cycles) {
  auto next_reconcile = clock_.steady_now();  // the first cycle after start reconciles
  int exit_status = 0;
  for (int cycle = 1;; ++cycle) {
    const bool reconcile = mode == RunMode::once || reconcile_asked_ || clock_.steady_now() >= next_reconcile;
    reconcile_asked_ = false;
    const Snapshot config = config_;  // this cycle's configuration, whatever a reload does meanwhile
    CycleReport report = co_await cycle_.run(CycleOptions{reconcile}, *config, stop_.get_token());
    if (reconcile && report.outcome == store::SyncOutcome::ok) next_reconcile = clock_.steady_now() + config_->reconcile_interval;
    exit_status = report.outcome == store::SyncOutcome::failed ? 1 : 0;
    auto log_level = report.outcome == store::SyncOutcome::ok ? spdlog::level::info : spdlog::level::warn;
    spdlog::log(log_level,
                "sync {}{}: {} seen ({} new), {} accepted, {} rejected, {} ignored, {} tasks in progress, "
                "{} read + {} write calls, {} throttled{}{}",
                store::to_string(report.outcome), reconcile ? " (reconcile)" : "", report.counters.invitations_seen,
                report.counters.invitations_new, report.accepted, report.rejected, report.ignored,
                report.unfinished_tasks, report.counters.read_calls, report.counters.write_calls,
                report.counters.throttled, report.error.empty() ? "" : ": ", report.error);
    if (hook_) hook_(report);

    const bool unfinished = report.unfinished_accept_tasks > 0 || report.unfinished_decisions > 0;
    // A daemon asked to stop has done what it was asked: exit 0 (systemd would otherwise log a failure).
    if (stop_.stop_requested() && mode == RunMode::forever) exit_status = 0;
    if (stop_.stop_requested() || mode == RunMode::once) break;
    if (mode == RunMode::until_idle && (!unfinished || cycle >= max_cycles)) {
      if (unfinished) {
        spdlog::warn("still unfinished after {} cycles", cycle);
        exit_status = 1;
      }
      break;
    }

    ScheduleInput in{config_->poll_interval, config_->task_poll_interval, unfinished,
                     daily_budget_pacing(governor_.snapshot(), report), report.duration};
    if (mode == RunMode::until_idle) in.poll_interval = in.task_poll_interval;
    const auto delay = next_delay(in);
    if (mode == RunMode::forever) co_await decisions_pass();  // committed while the cycle ran
    if (woken_) {
      woken_ = false;
      continue;
    }
    timer_.expires_after(delay);
    const auto next_cycle = timer_.expiry();
    if (sleep_hook_ && mode == RunMode::forever) sleep_hook_(delay);
    for (;;) {
      co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      if (stop_.stop_requested() || woken_ || !decisions_due_) break;
      co_await decisions_pass();  // a person decided: carried out now, then back to the same schedule
      if (stop_.stop_requested() || woken_) break;
      timer_.expires_at(next_cycle);
    }
    if (stop_.stop_requested()) {
      if (mode == RunMode::forever) exit_status = 0;  // asked to stop while sleeping: as above
      break;
    }
    woken_ = false;
  }
  co_return exit_status;
}

}  // namespace pcs::sync
