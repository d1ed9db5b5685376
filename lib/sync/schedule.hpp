#pragma once
// When the next cycle starts: pure (no timers, no Asio), so the schedule is tested with plain values.
// SyncService (sync_service.hpp) waits where this says.

#include <chrono>

#include "governor/governor_core.hpp"
#include "sync/cycle_report.hpp"

namespace pcs::sync {

enum class RunMode {
  forever,     // the daemon
  once,        // --once: one reconcile cycle
  until_idle,  // --until-idle: cycles until no decision or task is unfinished (bounded by max_cycles)
};

struct ScheduleInput {
  std::chrono::nanoseconds poll_interval;
  std::chrono::nanoseconds task_poll_interval;
  bool work_unfinished = false;  // tasks in progress or decisions waiting to be resent
  std::chrono::nanoseconds paced_minimum{0};  // from the daily read budget
  std::chrono::nanoseconds cycle_took{0};     // the cycle that just ended
};
// When to start the next cycle, from the end of the one that just ended. The intervals are between cycle starts
// (poll_interval is how often PENDING invitations are listed, whatever a cycle takes), so the time the cycle
// took is deducted; a cycle longer than the interval is followed at once.
std::chrono::nanoseconds next_delay(const ScheduleInput& in);

// ScheduleInput::paced_minimum: the shortest interval at which polling as the last cycle did keeps within the
// rolling daily read budget the governor has now. What polling costs excludes the detail fetches: those are paid
// once per new invitation whatever the interval.
std::chrono::nanoseconds daily_budget_pacing(const gov::GovernorSnapshot& governor, const CycleReport& last);

}  // namespace pcs::sync
