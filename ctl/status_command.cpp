// pcsyncctl status: the last syncs with their ages and a warning when the last successful one is stale,
// what the mirror holds, and the calls of the last 24 hours against pcsyncd's daily budgets.

#include <cmath>
#include <ostream>

#include "command.hpp"
#include "core/time_format.hpp"
#include "json_output.hpp"
#include "mirror_access.hpp"
#include "record_json.hpp"
#include "text_output.hpp"

namespace pcs::ctl {
namespace {

// pcsyncd lists at least every poll_interval (more often while tasks run); three missed cycles in a row are
// no longer jitter or one slow listing.
constexpr int kStaleCycles = 3;

struct StatusContext {
  // pcsyncd's daily budgets are its quota_share of the account's daily quotas (known only with --config).
  std::optional<std::int64_t> daily_read_budget;
  std::optional<std::int64_t> daily_write_budget;
  std::chrono::seconds poll_interval{};
  bool poll_interval_configured = false;  // from --config, not the default
};

struct Staleness {
  bool stale = false;
  std::chrono::seconds after{};  // kStaleCycles x poll_interval
};

WallTime run_time(const store::SyncRun& run) { return run.finished_at ? *run.finished_at : run.started_at; }

// Stale: the last successful sync is older than kStaleCycles poll intervals; or none ever succeeded and the
// last attempt has ended (pcsyncd is failing) or has run that long. A mirror never synced is not stale: its
// status says "never" already.
Staleness staleness(const store::StatusSummary& s, const StatusContext& ctx, WallTime now) {
  Staleness st;
  st.after = ctx.poll_interval * kStaleCycles;
  if (s.last_successful_sync) {
    st.stale = now - run_time(*s.last_successful_sync) > st.after;
  } else if (s.last_sync) {
    st.stale = s.last_sync->outcome != store::SyncOutcome::running || now - s.last_sync->started_at > st.after;
  }
  return st;
}

std::string age(WallTime then, WallTime now) { return " (" + format_age(then, now) + ")"; }

void print_run(std::ostream& out, const char* label, const std::optional<store::SyncRun>& run, WallTime now) {
  print(out, "%-20s", label);
  if (!run) {
    print(out, "never\n");
    return;
  }
  print(out, "%s%s %s: %lld seen (%lld new), %lld decided; %lld read + %lld write calls, %lld throttled%s%s\n",
        format_iso8601(run_time(*run)).c_str(), age(run_time(*run), now).c_str(),
        std::string(store::to_string(run->outcome)).c_str(), (long long)run->counters.invitations_seen,
        (long long)run->counters.invitations_new, (long long)run->counters.invitations_decided,
        (long long)run->counters.read_calls, (long long)run->counters.write_calls, (long long)run->counters.throttled,
        run->error.empty() ? "" : " - ", text(run->error).c_str());
}

void print_stale_warning(std::ostream& out, const store::StatusSummary& s, const StatusContext& ctx, WallTime now) {
  const std::string interval =
      format_duration(ctx.poll_interval) + (ctx.poll_interval_configured ? "" : ", the default without --config");
  if (s.last_successful_sync) {
    print(out, "WARNING: the last successful sync was %s, more than %d x poll_interval (%s).\n",
          format_age(run_time(*s.last_successful_sync), now).c_str(), kStaleCycles, interval.c_str());
  } else {
    print(out, "WARNING: no sync has succeeded yet; the last began %s.\n",
          format_age(s.last_sync->started_at, now).c_str());
  }
  print(out, "         Is pcsyncd running, and can it reach Partner Central? See systemctl status pcsyncd, "
             "journalctl -u pcsyncd and pcsyncctl doctor.\n");
}

double percent(std::int64_t used, std::int64_t budget) { return budget > 0 ? 100.0 * double(used) / double(budget) : 0; }

void print_text(std::ostream& out, const store::StatusSummary& s, const StatusContext& ctx, WallTime now) {
  print_run(out, "Last sync:", s.last_sync, now);
  print_run(out, "Last successful:", s.last_successful_sync, now);
  const Staleness st = staleness(s, ctx, now);
  if (st.stale) print_stale_warning(out, s, ctx, now);
  print(out, "%-20s%s\n", "Invitations:", join_counts(s.invitations_by_status).c_str());
  print(out, "%-20s%s; %lld failed, %lld abandoned\n", "Decisions:", join_counts(s.decisions_by_action).c_str(),
        (long long)s.decisions_failed, (long long)s.decisions_abandoned);
  if (!s.dry_run_decisions_by_action.empty())
    print(out, "%-20s%s\n", "Dry-run decisions:", join_counts(s.dry_run_decisions_by_action).c_str());
  print(out, "%-20s%lld\n", "Pending undecided:", (long long)s.pending_undecided);
  if (s.reviews_waiting > 0)
    print(out, "%-20s%lld waiting for a person (pcsyncctl invitations --decision review)\n", "Review:",
          (long long)s.reviews_waiting);
  print(out, "%-20s%lld in progress, %lld failed\n", "Tasks:", (long long)s.tasks_in_progress,
        (long long)s.tasks_failed);
  print(out, "%-20s%lld reads, %lld writes, %lld throttled", "Calls (24 h):", (long long)s.read_calls_24h,
        (long long)s.write_calls_24h, (long long)s.throttled_24h);
  if (ctx.daily_read_budget && ctx.daily_write_budget) {
    print(out, "; budget %lld reads, %lld writes (%.1f%% and %.1f%% used)", (long long)*ctx.daily_read_budget,
          (long long)*ctx.daily_write_budget, percent(s.read_calls_24h, *ctx.daily_read_budget),
          percent(s.write_calls_24h, *ctx.daily_write_budget));
  }
  print(out, "\n");
  if (s.last_reload)
    print(out, "%-20s%s%s %s: %s\n", "Last reload:", format_iso8601(s.last_reload->at).c_str(),
          age(s.last_reload->at, now).c_str(), s.last_reload->applied ? "applied" : "REFUSED",
          text(s.last_reload->message).c_str());
  if (!s.recent_failures.empty()) {
    print(out, "Recent failures:\n");
    for (const auto& f : s.recent_failures)
      print(out, "  %s %s %s: %s\n", format_iso8601(f.at).c_str(), f.source.c_str(), text(f.subject).c_str(),
            text(f.message).c_str());
  }
}

boost::json::object json_document(const store::StatusSummary& s, const StatusContext& ctx, WallTime now) {
  auto o = status_json(s);
  const Staleness st = staleness(s, ctx, now);
  o["Stale"] = st.stale;
  o["StaleAfterSeconds"] = static_cast<std::int64_t>(st.after.count());
  if (ctx.daily_read_budget) o["DailyReadBudget"] = *ctx.daily_read_budget;
  if (ctx.daily_write_budget) o["DailyWriteBudget"] = *ctx.daily_write_budget;
  return o;
}

}  // namespace

int run_status(const StatusOptions& options, const CommandIo& io) {
  auto config = load_config(options.source);
  if (!config) return fail(io.err, config.error());
  auto store = open_mirror(options.source, *config);
  if (!store) return fail(io.err, store.error());
  const WallTime now = io.clock.wall_now();
  auto summary = store->status_summary(now);
  if (!summary) return fail(io.err, summary.error());

  StatusContext ctx;
  if (*config) {
    const auto& c = **config;
    ctx.daily_read_budget = std::llround(c.quota_share * double(c.read_quota_daily));
    ctx.daily_write_budget = std::llround(c.quota_share * double(c.write_quota_daily));
    ctx.poll_interval = c.poll_interval;
    ctx.poll_interval_configured = true;
  } else {
    ctx.poll_interval = config::DaemonConfig{}.poll_interval;
  }
  if (options.json) {
    io.out << json_text(json_document(*summary, ctx, now), JsonStyle::compact);
  } else {
    print_text(io.out, *summary, ctx, now);
  }
  return kExitOk;
}

}  // namespace pcs::ctl
