#pragma once
// The daemon's metrics in the Prometheus text format (served on `metrics_listen`, GET /metrics): the last
// cycle's outcome and counters, running totals, and the governor's view of each quota (rate, budget use,
// throttles, retries, circuit). Pure: plain data in, text out, no Asio (metrics_endpoint.hpp serves it).

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "governor/governor_core.hpp"
#include "sync/cycle_report.hpp"

namespace pcs::service {

// Totals since start, fed one CycleReport at a time.
struct SyncTotals {
  std::map<store::SyncOutcome, std::int64_t> cycles;  // by outcome (a cycle is ok, partial or failed)
  sync::CycleReport sum;                              // the counts of every cycle, added up
  std::optional<sync::CycleReport> last;
  std::optional<WallTime> last_cycle_end;
  std::optional<WallTime> last_ok_cycle_end;
  std::map<bool, std::int64_t> reloads;  // by whether the reload was applied

  void add(const sync::CycleReport& report, WallTime ended);
  void note_reload(bool applied) { ++reloads[applied]; }
};

std::string render_metrics(const SyncTotals& totals, const gov::GovernorSnapshot& governor);

}  // namespace pcs::service
