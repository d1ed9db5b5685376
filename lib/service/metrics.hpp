#pragma once
// The daemon's metrics in the Prometheus text format (served on `metrics_listen`, GET /metrics). Every figure
// is live at the scrape: decisions from the running cycle's report as they happen, calls from the governor's
// counts, latency and errors from its per-attempt trace, the last-sync timestamps from the database at start,
// the process from /proc/self. Pure: plain data in, text out, no Asio (metrics_endpoint.hpp serves it).
// The full list, with types and labels, is the README's metrics table.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "governor/governor_core.hpp"
#include "notify/notifier_counts.hpp"
#include "service/call_metrics.hpp"
#include "service/histogram.hpp"
#include "service/process_metrics.hpp"
#include "sync/cycle_report.hpp"

namespace pcs::service {

// Totals of the finished cycles since start, fed one CycleReport at a time; the running cycle is added at
// each scrape (MetricsInput::running), never copied in twice.
struct SyncTotals {
  std::map<store::SyncOutcome, std::int64_t> cycles;  // by outcome (a cycle is ok, partial or failed)
  sync::CycleReport sum;                              // the counts of every finished cycle, added up
  std::map<bool, std::int64_t> reloads;               // by whether the reload was applied
  // From the database at start (the last finished and the last ok run), then from each cycle's end: a restart
  // does not hide how long ago the last sync was, so a crash loop still trips an age alert.
  std::optional<WallTime> last_cycle_end;
  std::optional<WallTime> last_ok_cycle_end;
  // After the last cycle, or from the database at start.
  std::optional<std::int64_t> tasks_in_progress;
  std::optional<std::int64_t> decisions_unconfirmed;
  Histogram cycle_duration{kCycleDurationBuckets};
  std::optional<std::int64_t> reviews_pending;  // after the last cycle or decisions-only pass, or at start

  void add(const sync::CycleReport& report, WallTime ended);
  void note_reload(bool applied) { ++reloads[applied]; }
};

struct MetricsInput {
  explicit MetricsInput(const SyncTotals& finished) : totals(finished) {}
  const SyncTotals& totals;
  const sync::CycleReport* running = nullptr;  // the cycle in progress, if any
  gov::GovernorSnapshot governor;
  const CallMetrics* calls = nullptr;
  std::optional<ProcessStats> process;
  std::optional<WallTime> credentials_expiry;  // of the cached credentials, when they expire
  int credentials_refresh_failures = 0;        // consecutive failed refreshes of the credentials cache
  double poll_interval_seconds = 0;            // of the running configuration, for the age alert
  bool dry_run = false;
  notify::NotifierCounts notifications;  // webhook deliveries since start
  std::string_view version;
  std::string_view revision;
};

std::string render_metrics(const MetricsInput& input);

}  // namespace pcs::service
