#include "service/metrics.hpp"

#include <cstdio>

namespace pcs::service {
namespace {

double seconds_since_epoch(WallTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

class Writer {
 public:
  void help(const char* name, const char* type, const char* text) {
    out_ += std::string("# HELP ") + name + " " + text + "\n# TYPE " + name + " " + type + "\n";
  }
  void sample(const char* name, double value, const char* labels = "") {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    out_ += std::string(name) + labels + " " + buf + "\n";
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

template <class Key>
double count_of(const std::map<Key, std::int64_t>& counts, Key key) {
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : double(it->second);
}

}  // namespace

void SyncTotals::add(const sync::CycleReport& report, WallTime ended) {
  // A cycle still "running" cannot be reported; count anything but ok and partial as failed.
  const bool ok = report.outcome == store::SyncOutcome::ok;
  ++cycles[ok || report.outcome == store::SyncOutcome::partial ? report.outcome : store::SyncOutcome::failed];
  if (ok) last_ok_cycle_end = ended;
  sum.add_counts(report);
  last_cycle_end = ended;
  last = report;
}

std::string render_metrics(const SyncTotals& t, const gov::GovernorSnapshot& g) {
  Writer w;
  w.help("pcsyncd_sync_cycles_total", "counter", "Sync cycles since start, by outcome.");
  for (auto outcome : {store::SyncOutcome::ok, store::SyncOutcome::partial, store::SyncOutcome::failed})
    w.sample("pcsyncd_sync_cycles_total", count_of(t.cycles, outcome),
             ("{outcome=\"" + std::string(store::to_string(outcome)) + "\"}").c_str());
  if (t.last_cycle_end) {
    w.help("pcsyncd_last_sync_timestamp_seconds", "gauge", "When the last cycle ended.");
    w.sample("pcsyncd_last_sync_timestamp_seconds", seconds_since_epoch(*t.last_cycle_end));
  }
  if (t.last_ok_cycle_end) {
    w.help("pcsyncd_last_successful_sync_timestamp_seconds", "gauge", "When the last fully successful cycle ended.");
    w.sample("pcsyncd_last_successful_sync_timestamp_seconds", seconds_since_epoch(*t.last_ok_cycle_end));
  }
  w.help("pcsyncd_invitations_accepted_total", "counter", "Accept tasks started since start.");
  w.sample("pcsyncd_invitations_accepted_total", double(t.sum.accepted));
  w.help("pcsyncd_invitations_rejected_total", "counter", "Invitations rejected since start.");
  w.sample("pcsyncd_invitations_rejected_total", double(t.sum.rejected));
  w.help("pcsyncd_invitations_new_total", "counter", "Invitations seen for the first time since start.");
  w.sample("pcsyncd_invitations_new_total", double(t.sum.counters.invitations_new));
  w.help("pcsyncd_decisions_abandoned_total", "counter",
         "Unconfirmed decisions not carried out because the rules, catalog, dry run or invitation changed.");
  w.sample("pcsyncd_decisions_abandoned_total", double(t.sum.abandoned));
  w.help("pcsyncd_listed_items_refused_total", "counter",
         "Listed invitations of another catalog or participant type than asked for (never acted on).");
  w.sample("pcsyncd_listed_items_refused_total", double(t.sum.refused_items));
  w.help("pcsyncd_config_reloads_total", "counter", "SIGHUP reloads, by outcome.");
  w.sample("pcsyncd_config_reloads_total", count_of(t.reloads, true), "{outcome=\"applied\"}");
  w.sample("pcsyncd_config_reloads_total", count_of(t.reloads, false), "{outcome=\"refused\"}");
  if (t.last) {
    w.help("pcsyncd_tasks_in_progress", "gauge", "Tasks still IN_PROGRESS after the last cycle.");
    w.sample("pcsyncd_tasks_in_progress", double(t.last->unfinished_tasks));
    w.help("pcsyncd_decisions_unconfirmed", "gauge", "Decisions recorded or sent but not confirmed.");
    w.sample("pcsyncd_decisions_unconfirmed", double(t.last->unfinished_decisions));
  }

  struct Lane {
    const char* label;
    const gov::ClassSnapshot* s;
  };
  const Lane lanes[] = {{"{class=\"read\"}", &g.read}, {"{class=\"write\"}", &g.write}};
  auto per_class = [&](const char* name, const char* type, const char* text, auto field) {
    w.help(name, type, text);
    for (const auto& l : lanes) w.sample(name, double(field(*l.s)), l.label);
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
  w.help("pcsyncd_retry_circuit_open", "gauge", "1 while the retry budget is spent and retries fail fast.");
  w.sample("pcsyncd_retry_circuit_open", g.circuit_open ? 1 : 0);
  return w.take();
}

}  // namespace pcs::service
