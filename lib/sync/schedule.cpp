#include "sync/schedule.hpp"

#include <algorithm>

#include "governor/daily_pacing.hpp"

namespace pcs::sync {

std::chrono::nanoseconds next_delay(const ScheduleInput& in) {
  auto delay = in.poll_interval;
  if (in.work_unfinished) delay = std::min(delay, in.task_poll_interval);
  delay = std::max(delay, in.paced_minimum);
  return std::max(delay - in.cycle_took, std::chrono::nanoseconds::zero());
}

std::chrono::nanoseconds daily_budget_pacing(const gov::GovernorSnapshot& governor, const CycleReport& last) {
  const gov::ClassSnapshot& reads = governor.read;
  gov::PacingInput in;
  in.daily_limit = reads.daily_limit;
  in.remaining = reads.daily_remaining;
  in.time_left = std::chrono::hours{24};
  in.reads_per_cycle = std::max<double>(1, double(last.counters.read_calls - last.detail_reads));
  in.min_interval = std::chrono::seconds{1};
  return gov::min_poll_interval(in);
}

}  // namespace pcs::sync
