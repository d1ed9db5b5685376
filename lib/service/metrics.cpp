#include "service/metrics.hpp"

#include <array>

#include "service/prometheus_text.hpp"

namespace pcs::service {
namespace {

std::optional<double> seconds_since_epoch(const std::optional<WallTime>& t) {
  if (!t) return std::nullopt;
  return std::chrono::duration<double>(t->time_since_epoch()).count();
}

std::optional<double> known(const std::optional<std::int64_t>& n) {
  if (!n) return std::nullopt;
  return double(*n);
}

template <class Key>
double count_of(const std::map<Key, std::int64_t>& counts, Key key) {
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : double(it->second);
}

void sync_metrics(PrometheusText& w, const MetricsInput& in) {
  const SyncTotals& t = in.totals;
  sync::CycleReport counts = t.sum;  // the finished cycles' counts and the running cycle's decisions so far
  if (in.running) counts.add_counts(*in.running);

  w.family("pcsyncd_sync_cycles_total", "counter", "Sync cycles finished since start, by outcome.");
  for (auto outcome : {store::SyncOutcome::ok, store::SyncOutcome::partial, store::SyncOutcome::failed})
    w.sample("pcsyncd_sync_cycles_total", count_of(t.cycles, outcome), {{"outcome", store::to_string(outcome)}});
  w.single("pcsyncd_sync_in_progress", "gauge", "1 while a sync cycle runs.", in.running ? 1 : 0);
  w.family("pcsyncd_sync_cycle_duration_seconds", "histogram", "How long finished sync cycles took.");
  w.histogram("pcsyncd_sync_cycle_duration_seconds", t.cycle_duration);
  w.single_if_known("pcsyncd_last_sync_timestamp_seconds", "gauge",
                    "When the last cycle ended (from the database until the first cycle of this process ends).",
                    seconds_since_epoch(t.last_cycle_end));
  w.single_if_known("pcsyncd_last_successful_sync_timestamp_seconds", "gauge",
                    "When the last fully successful cycle ended (from the database at start).",
                    seconds_since_epoch(t.last_ok_cycle_end));
  w.single("pcsyncd_poll_interval_seconds", "gauge", "poll_interval of the running configuration.",
           in.poll_interval_seconds);
  w.single("pcsyncd_dry_run", "gauge", "1 when the running configuration is in dry run (nothing is sent).",
           in.dry_run ? 1 : 0);

  struct Counter {
    const char* name;
    const char* help;
    std::int64_t value;
  };
  const Counter counters[] = {
      {"pcsyncd_invitations_accepted_total", "Accept tasks started since start.", counts.accepted},
      {"pcsyncd_invitations_rejected_total", "Invitations rejected since start.", counts.rejected},
      {"pcsyncd_invitations_new_total", "Invitations seen for the first time since start.",
       counts.counters.invitations_new},
      {"pcsyncd_decisions_failed_total",
       "Decisions failed for good since start (a lasting refusal, or an accept task failed and not retried).",
       counts.decisions_failed},
      {"pcsyncd_decisions_abandoned_total",
       "Unconfirmed decisions not carried out because the rules, catalog, dry run or invitation changed.",
       counts.abandoned},
      {"pcsyncd_listed_items_refused_total",
       "Listed invitations of another catalog or participant type than asked for (never acted on).",
       counts.refused_items},
  };
  for (const Counter& c : counters) w.single(c.name, "counter", c.help, double(c.value));
  w.family("pcsyncd_config_reloads_total", "counter", "SIGHUP reloads, by outcome.");
  w.sample("pcsyncd_config_reloads_total", count_of(t.reloads, true), {{"outcome", "applied"}});
  w.sample("pcsyncd_config_reloads_total", count_of(t.reloads, false), {{"outcome", "refused"}});
  w.single_if_known("pcsyncd_tasks_in_progress", "gauge",
                    "Tasks still IN_PROGRESS after the last cycle (or at start).", known(t.tasks_in_progress));
  w.single_if_known("pcsyncd_decisions_unconfirmed", "gauge",
                    "Decisions recorded or sent but not confirmed, after the last cycle (or at start).",
                    known(t.decisions_unconfirmed));
  w.single_if_known("pcsyncd_review_pending", "gauge",
                    "Invitations waiting for a person (action: review): PENDING, unexpired, not decided yet; after "
                    "the last cycle or decisions pass (or at start).",
                    known(t.reviews_pending));
}

void notification_metrics(PrometheusText& w, const MetricsInput& in) {
  w.single("pcsyncd_notification_attempts_total", "counter", "Webhook delivery attempts since start.",
           double(in.notifications.attempts));
  w.single("pcsyncd_notifications_delivered_total", "counter", "Notifications a webhook accepted (2xx) since start.",
           double(in.notifications.delivered));
  w.single("pcsyncd_notifications_failed_total", "counter",
           "Notifications given up since start (too many attempts or too old; see pcsyncctl notifications).",
           double(in.notifications.failed));
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
  w.single_if_known("process_open_fds", "gauge", "Number of open file descriptors.", p.open_fds);
  w.single_if_known("process_max_fds", "gauge", "Maximum number of open file descriptors.", p.max_fds);
  w.single("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
           p.start_time_seconds);
}

}  // namespace

void SyncTotals::add(const sync::CycleReport& report, WallTime ended) {
  if (report.reviews_waiting >= 0) reviews_pending = report.reviews_waiting;
  tasks_in_progress = report.unfinished_tasks;
  decisions_unconfirmed = report.unfinished_decisions;
  sum.add_counts(report);
  // A decisions-only pass (a person's decision carried out between cycles) adds its counts, not a cycle.
  if (report.decisions_only) return;
  // A cycle still "running" cannot be reported; count anything but ok and partial as failed.
  const bool ok = report.outcome == store::SyncOutcome::ok;
  ++cycles[ok || report.outcome == store::SyncOutcome::partial ? report.outcome : store::SyncOutcome::failed];
  if (ok) last_ok_cycle_end = ended;
  last_cycle_end = ended;
  cycle_duration.observe(std::chrono::duration<double>(report.duration).count());
}

std::string render_metrics(const MetricsInput& in) {
  PrometheusText w;
  w.family("pcsyncd_build_info", "gauge", "Always 1; the labels say which pcsyncd this is.");
  w.sample("pcsyncd_build_info", 1, {{"version", in.version}, {"revision", in.revision}});
  sync_metrics(w, in);
  notification_metrics(w, in);
  governor_metrics(w, in.governor);
  if (in.calls) call_metrics(w, *in.calls);
  w.single_if_known("pcsyncd_credentials_expiry_timestamp_seconds", "gauge",
                    "When the cached AWS credentials expire (absent for credentials that do not expire).",
                    seconds_since_epoch(in.credentials_expiry));
  w.single("pcsyncd_credentials_refresh_failures", "gauge", "Consecutive failed refreshes of the AWS credentials.",
           in.credentials_refresh_failures);
  if (in.process) process_metrics(w, *in.process);
  return w.take();
}

}  // namespace pcs::service
