#pragma once
// The daemon's metrics in the Prometheus text format (served on `metrics_listen`, GET /metrics): the last
// cycle's outcome and counters, running totals, and the governor's view of each quota (rate, budget use,
// throttles, retries, circuit). Pure: plain data in, text out, no Asio (metrics_endpoint.hpp serves it).

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "governor/governor_core.hpp"
#include "sync/cycle_report.hpp"

namespace pcs::service {

// Totals since start, fed one CycleReport at a time.
struct SyncTotals {
  std::int64_t cycles_ok = 0;
  std::int64_t cycles_partial = 0;
  std::int64_t cycles_failed = 0;
  std::int64_t accepted = 0;
  std::int64_t rejected = 0;
  std::int64_t invitations_new = 0;
  std::optional<WallTime> last_cycle_end;
  std::optional<WallTime> last_ok_cycle_end;
  std::optional<sync::CycleReport> last;
  std::int64_t abandoned = 0;
  std::int64_t refused_items = 0;
  std::int64_t reloads_applied = 0;
  std::int64_t reloads_refused = 0;

  void add(const sync::CycleReport& report, WallTime ended);
  void note_reload(bool applied) { ++(applied ? reloads_applied : reloads_refused); }
};

std::string render_metrics(const SyncTotals& totals, const gov::GovernorSnapshot& governor);

}  // namespace pcs::service
