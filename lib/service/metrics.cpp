#include "service/metrics.hpp"

#include <array>

#include "service/prometheus_text.hpp"

namespace pcs::service {
namespace {

double seconds_since_epoch(WallTime t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

void sync_metrics(PrometheusText& w, const MetricsInput& in) {
  const SyncTotals& t = in.totals;
  const sync::CycleReport none;
  const sync::CycleReport& r = in.running ? *in.running : none;  // the running cycle's decisions so far

  w.family("pcsyncd_sync_cycles_total", "counter", "Sync cycles finished since start, by outcome.");
  w.sample("pcsyncd_sync_cycles_total", double(t.cycles_ok), {{"outcome", "ok"}});
  w.sample("pcsyncd_sync_cycles_total", double(t.cycles_partial), {{"outcome", "partial"}});
  w.sample("pcsyncd_sync_cycles_total", double(t.cycles_failed), {{"outcome", "failed"}});
  w.single("pcsyncd_sync_in_progress", "gauge", "1 while a sync cycle runs.", in.running ? 1 : 0);
  w.family("pcsyncd_sync_cycle_duration_seconds", "histogram", "How long finished sync cycles took.");
  w.histogram("pcsyncd_sync_cycle_duration_seconds", t.cycle_duration);
  if (t.last_cycle_end) {
    w.single("pcsyncd_last_sync_timestamp_seconds", "gauge",
             "When the last cycle ended (from the database until the first cycle of this process ends).",
             seconds_since_epoch(*t.last_cycle_end));
  }
  if (t.last_ok_cycle_end) {
    w.single("pcsyncd_last_successful_sync_timestamp_seconds", "gauge",
             "When the last fully successful cycle ended (from the database at start).",
             seconds_since_epoch(*t.last_ok_cycle_end));
  }
  w.single("pcsyncd_poll_interval_seconds", "gauge", "poll_interval of the running configuration.",
           in.poll_interval_seconds);
  w.single("pcsyncd_dry_run", "gauge", "1 when the running configuration is in dry run (nothing is sent).",
           in.dry_run ? 1 : 0);

  w.single("pcsyncd_invitations_accepted_total", "counter", "Accept tasks started since start.",
           double(t.accepted + r.accepted));
  w.single("pcsyncd_invitations_rejected_total", "counter", "Invitations rejected since start.",
           double(t.rejected + r.rejected));
  w.single("pcsyncd_invitations_new_total", "counter", "Invitations seen for the first time since start.",
           double(t.invitations_new + r.counters.invitations_new));
  w.single("pcsyncd_decisions_failed_total", "counter",
           "Decisions failed for good since start (a lasting refusal, or an accept task failed and not retried).",
           double(t.decisions_failed + r.decisions_failed));
  w.single("pcsyncd_decisions_abandoned_total", "counter",
           "Unconfirmed decisions not carried out because the rules, catalog, dry run or invitation changed.",
           double(t.abandoned + r.abandoned));
  w.single("pcsyncd_listed_items_refused_total", "counter",
           "Listed invitations of another catalog or participant type than asked for (never acted on).",
           double(t.refused_items + r.refused_items));
  w.family("pcsyncd_config_reloads_total", "counter", "SIGHUP reloads, by outcome.");
  w.sample("pcsyncd_config_reloads_total", double(t.reloads_applied), {{"outcome", "applied"}});
  w.sample("pcsyncd_config_reloads_total", double(t.reloads_refused), {{"outcome", "refused"}});
  if (t.tasks_in_progress) {
    w.single("pcsyncd_tasks_in_progress", "gauge", "Tasks still IN_PROGRESS after the last cycle (or at start).",
             double(*t.tasks_in_progress));
  }
  if (t.decisions_unconfirmed) {
    w.single("pcsyncd_decisions_unconfirmed", "gauge",
             "Decisions recorded or sent but not confirmed, after the last cycle (or at start).",
             double(*t.decisions_unconfirmed));
  }
}

void governor_metrics(PrometheusText& w, const gov::GovernorSnapshot& g) {
  struct Lane {
    std::string_view name;
    const gov::ClassSnapshot* s;
  };
  const Lane lanes[] = {{"read", &g.read}, {"write", &g.write}};
  auto per_class = [&](const char* name, const char* type, const char* help, auto field) {
    w.family(name, type, help);
    for (const auto& l : lanes) w.sample(name, double(field(*l.s)), {{"class", l.name}});
  };
  per_class("pcsyncd_api_calls_total", "counter", "Partner Central requests sent (attempts, retries included).",
            [](const gov::ClassSnapshot& s) { return s.calls.attempts; });
  per_class("pcsyncd_api_throttled_total", "counter", "ThrottlingException answers.",
            [](const gov::ClassSnapshot& s) { return s.calls.throttles; });
  per_class("pcsyncd_api_retries_total", "counter", "Retried attempts.",
            [](const gov::ClassSnapshot& s) { return s.calls.retries; });
  per_class("pcsyncd_api_failures_total", "counter", "Calls that failed after the governor gave up.",
            [](const gov::ClassSnapshot& s) { return s.calls.failures; });
  per_class("pcsyncd_rate_limit_per_second", "gauge", "The governor's current request rate.",
            [](const gov::ClassSnapshot& s) { return s.rate; });
  per_class("pcsyncd_daily_budget_used", "gauge", "Calls in the rolling 24 hours.",
            [](const gov::ClassSnapshot& s) { return s.daily_used; });
  per_class("pcsyncd_daily_budget_limit", "gauge", "pcsyncd's share of the rolling 24-hour quota.",
            [](const gov::ClassSnapshot& s) { return s.daily_limit; });
  w.single("pcsyncd_retry_circuit_open", "gauge", "1 while the retry budget is spent and retries fail fast.",
           g.circuit_open ? 1 : 0);
}

void call_metrics(PrometheusText& w, const CallMetrics& calls) {
  if (!calls.latency().empty()) {
    w.family("pcsyncd_api_request_duration_seconds", "histogram",
             "How long each Partner Central attempt took, by operation (retries are attempts of their own).");
    for (const auto& [operation, histogram] : calls.latency())
      w.histogram("pcsyncd_api_request_duration_seconds", histogram, std::array{Label{"operation", operation}});
  }
  if (!calls.errors().empty()) {
    w.family("pcsyncd_api_errors_total", "counter",
             "Attempts answered with an error, by operation and error type (unknown types are \"other\").");
    for (const auto& [key, n] : calls.errors())
      w.sample("pcsyncd_api_errors_total", double(n), {{"operation", key.first}, {"type", key.second}});
  }
}

void process_metrics(PrometheusText& w, const ProcessStats& p) {
  w.single("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", p.cpu_seconds);
  w.single("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", p.resident_bytes);
  w.single("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", p.virtual_bytes);
  if (p.open_fds) {
    w.single("process_open_fds", "gauge", "Number of open file descriptors.", *p.open_fds);
  }
  if (p.max_fds) {
    w.single("process_max_fds", "gauge", "Maximum number of open file descriptors.", *p.max_fds);
  }
  w.single("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
           p.start_time_seconds);
}

}  // namespace

void SyncTotals::add(const sync::CycleReport& report, WallTime ended) {
  switch (report.outcome) {
    case store::SyncOutcome::ok: ++cycles_ok; last_ok_cycle_end = ended; break;
    case store::SyncOutcome::partial: ++cycles_partial; break;
    default: ++cycles_failed; break;
  }
  accepted += report.accepted;
  rejected += report.rejected;
  invitations_new += report.counters.invitations_new;
  abandoned += report.abandoned;
  refused_items += report.refused_items;
  decisions_failed += report.decisions_failed;
  last_cycle_end = ended;
  tasks_in_progress = report.unfinished_tasks;
  decisions_unconfirmed = report.unfinished_decisions;
  cycle_duration.observe(std::chrono::duration<double>(report.duration).count());
}

std::string render_metrics(const MetricsInput& in) {
  PrometheusText w;
  w.family("pcsyncd_build_info", "gauge", "Always 1; the labels say which pcsyncd this is.");
  w.sample("pcsyncd_build_info", 1, {{"version", in.version}, {"revision", in.revision}});
  sync_metrics(w, in);
  governor_metrics(w, in.governor);
  if (in.calls) call_metrics(w, *in.calls);
  if (in.credentials_expiry) {
    w.single("pcsyncd_credentials_expiry_timestamp_seconds", "gauge",
             "When the cached AWS credentials expire (absent for credentials that do not expire).",
             seconds_since_epoch(*in.credentials_expiry));
  }
  w.single("pcsyncd_credentials_refresh_failures", "gauge", "Consecutive failed refreshes of the AWS credentials.",
           in.credentials_refresh_failures);
  if (in.process) process_metrics(w, *in.process);
  return w.take();
}

}  // namespace pcs::service
