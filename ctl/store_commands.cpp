#include "store_commands.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <ostream>
#include <span>
#include <map>
#include <optional>

#include "config/config_loader.hpp"
#include "core/printable.hpp"
#include "core/time_format.hpp"
#include "record_json.hpp"
#include "store/store.hpp"
#include "sync/mapping.hpp"

namespace pcs::ctl {
namespace {

constexpr const char* kDefaultDatabase = "/var/lib/pcsyncd/pcsync.db";

// printf-style formatting onto a stream (the tables are fixed-width columns).
template <class... Args>
void print(std::ostream& out, const char* format, Args... args) {
  // Without arguments there is nothing to format, and Debian's -Werror=format-security refuses a
  // non-literal format with no arguments.
  if constexpr (sizeof...(Args) == 0) {
    out << format;
  } else {
    int size = std::snprintf(nullptr, 0, format, args...);
    std::string text(std::size_t(size > 0 ? size : 0), '\0');
    std::snprintf(text.data(), text.size() + 1, format, args...);
    out << text;
  }
}

struct Options {
  std::optional<std::string> db;
  std::optional<std::string> config;
  bool json = false;
  std::optional<std::string> status;
  std::optional<std::string> decision;
  std::optional<std::string> kind;
  std::int64_t limit = 100;
  std::vector<std::string> positional;
};

// Parses the options every local command shares; returns an error message on bad input.
std::optional<std::string> parse(std::span<const std::string> args, Options& o) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::optional<std::string>& out) -> bool {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    if (a == "--json") {
      o.json = true;
    } else if (a == "--db" || a == "--config" || a == "--status" || a == "--decision" || a == "--kind") {
      auto& slot = a == "--db" ? o.db : a == "--config" ? o.config : a == "--status" ? o.status
                                                       : a == "--decision" ? o.decision : o.kind;
      if (!value(slot)) return a + " needs a value";
    } else if (a == "--limit") {
      std::optional<std::string> v;
      if (!value(v)) return "--limit needs a number";
      try {
        o.limit = std::stoll(*v);
      } catch (...) {
        return "--limit needs a number, not '" + *v + "'";
      }
      if (o.limit < 1) return "--limit must be at least 1";
    } else if (!a.empty() && a[0] == '-') {
      return "unknown option '" + a + "'";
    } else {
      o.positional.push_back(a);
    }
  }
  return std::nullopt;
}

// --db wins; else the database named by --config; else the packaged default.
Result<std::string> database_path(const Options& o) {
  if (o.db) return *o.db;
  if (o.config) {
    auto c = config::load_daemon_config(*o.config);
    if (!c) return c.error();
    return c->database;
  }
  return std::string(kDefaultDatabase);
}

// `loaded` is the --config the command already read, so the file is not parsed twice.
Result<store::Store> open_read_only(const Options& o, const config::DaemonConfig* loaded = nullptr) {
  auto path = !o.db && loaded ? Result<std::string>(loaded->database) : database_path(o);
  if (!path) return path.error();
  store::OpenOptions options;
  options.mode = store::OpenMode::read_only;
  return store::Store::open(*path, options);
}

int fail(const CommandContext& ctx, const Error& e) {
  ctx.err << "pcsyncctl: " << e.message << "\n";
  return kExitFailure;
}

int usage(const CommandContext& ctx, const std::string& message, const char* synopsis) {
  ctx.err << "pcsyncctl: " << message << "\nusage: pcsyncctl " << synopsis << "\n";
  return kExitUsage;
}

std::string when(const std::optional<WallTime>& t) { return t ? format_iso8601(*t) : std::string("-"); }
// Text that came from the service or a sender, made safe for a terminal: no line breaks, no escapes.
std::string text(const std::string& s) { return printable(s, 200); }
std::string or_dash(const std::string& s) { return s.empty() ? std::string("-") : text(s); }

// What a decision sends, as recorded: "Tags source=pcsyncd", "RejectionReason 'Outside our focus area'".
std::string request_text(const store::Decision& d) {
  if (!d.request_known) return "request not recorded (decided before schema 3)";
  if (d.action == store::DecisionAction::reject)
    return d.rejection_reason ? "RejectionReason '" + text(*d.rejection_reason) + "'" : "no RejectionReason";
  if (d.tags.empty()) return "no Tags";
  std::string out = "Tags";
  for (const auto& t : d.tags) out += " " + text(t.key) + "=" + text(t.value);
  return out;
}

void print_json(std::ostream& out, const boost::json::value& v) { out << boost::json::serialize(v) << "\n"; }

std::string join_counts(const std::map<std::string, std::int64_t>& m) {
  if (m.empty()) return "none";
  std::string out;
  for (const auto& [k, v] : m) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(v);
  return out;
}

void print_run(std::ostream& out, const char* label, const std::optional<store::SyncRun>& run) {
  print(out, "%-20s", label);
  if (!run) {
    print(out, "never\n");
    return;
  }
  print(out, "%s %s: %lld seen (%lld new), %lld decided; %lld read + %lld write calls, %lld throttled%s%s\n",
              when(run->finished_at ? run->finished_at : std::optional<WallTime>(run->started_at)).c_str(),
              std::string(store::to_string(run->outcome)).c_str(), (long long)run->counters.invitations_seen,
              (long long)run->counters.invitations_new, (long long)run->counters.invitations_decided,
              (long long)run->counters.read_calls, (long long)run->counters.write_calls,
              (long long)run->counters.throttled, run->error.empty() ? "" : " - ", text(run->error).c_str());
}

}  // namespace

int run_status(const CommandContext& ctx) {
  std::ostream& out = ctx.out;
  constexpr const char* synopsis = "status [--db FILE | --config FILE] [--json]";
  Options o;
  if (auto bad = parse(ctx.args, o)) return usage(ctx, *bad, synopsis);
  if (!o.positional.empty()) return usage(ctx, "status takes no arguments", synopsis);
  std::optional<config::DaemonConfig> loaded;
  if (o.config) {
    auto c = config::load_daemon_config(*o.config);
    if (c) loaded = std::move(*c);
    else if (!o.db) return fail(ctx, c.error());
  }
  auto store = open_read_only(o, loaded ? &*loaded : nullptr);
  if (!store) return fail(ctx, store.error());
  auto s = store->status_summary(SystemClock{}.wall_now());
  if (!s) return fail(ctx, s.error());
  // pcsyncd's daily budgets are its quota_share of the account's daily quotas (known only with --config).
  struct Budget {
    double reads, writes;
  };
  std::optional<Budget> budget;
  if (loaded)
    budget = Budget{loaded->quota_share * double(loaded->read_quota_daily),
                    loaded->quota_share * double(loaded->write_quota_daily)};
  if (o.json) {
    auto json = status_json(*s);
    if (budget) {
      json["DailyReadBudget"] = budget->reads;
      json["DailyWriteBudget"] = budget->writes;
    }
    print_json(out, json);
    return 0;
  }
  print_run(out, "Last sync:", s->last_sync);
  print_run(out, "Last successful:", s->last_successful_sync);
  print(out, "%-20s%s\n", "Invitations:", join_counts(s->invitations_by_status).c_str());
  print(out, "%-20s%s; %lld failed, %lld abandoned\n", "Decisions:", join_counts(s->decisions_by_action).c_str(),
              (long long)s->decisions_failed, (long long)s->decisions_abandoned);
  if (!s->dry_run_decisions_by_action.empty())
    print(out, "%-20s%s\n", "Dry-run decisions:", join_counts(s->dry_run_decisions_by_action).c_str());
  print(out, "%-20s%lld\n", "Pending undecided:", (long long)s->pending_undecided);
  print(out, "%-20s%lld in progress, %lld failed\n", "Tasks:", (long long)s->tasks_in_progress,
              (long long)s->tasks_failed);
  print(out, "%-20s%lld reads, %lld writes, %lld throttled", "Calls (24 h):", (long long)s->read_calls_24h,
        (long long)s->write_calls_24h, (long long)s->throttled_24h);
  if (budget) {
    print(out, "; budget %.0f reads, %.0f writes (%.1f%% and %.1f%% used)", budget->reads, budget->writes,
          100.0 * double(s->read_calls_24h) / budget->reads, 100.0 * double(s->write_calls_24h) / budget->writes);
  }
  print(out, "\n");
  if (s->last_reload)
    print(out, "%-20s%s %s: %s\n", "Last reload:", format_iso8601(s->last_reload->at).c_str(),
          s->last_reload->applied ? "applied" : "REFUSED", text(s->last_reload->message).c_str());
  if (!s->recent_failures.empty()) {
    print(out, "Recent failures:\n");
    for (const auto& f : s->recent_failures)
      print(out, "  %s %s %s: %s\n", format_iso8601(f.at).c_str(), f.source.c_str(), text(f.subject).c_str(),
                  text(f.message).c_str());
  }
  return 0;
}

int run_invitations(const CommandContext& ctx) {
  std::ostream& out = ctx.out;
  constexpr const char* synopsis =
      "invitations [--db FILE | --config FILE] [--status S] [--decision accept|reject|undecided] [--limit N] [--json]";
  Options o;
  if (auto bad = parse(ctx.args, o)) return usage(ctx, *bad, synopsis);
  if (!o.positional.empty()) return usage(ctx, "invitations takes no arguments", synopsis);
  store::InvitationFilter filter;
  filter.status = o.status;
  filter.limit = o.limit;
  if (o.decision) {
    if (*o.decision == "accept") filter.decision = store::DecisionFilter::accept;
    else if (*o.decision == "reject") filter.decision = store::DecisionFilter::reject;
    else if (*o.decision == "undecided" || *o.decision == "none") filter.decision = store::DecisionFilter::undecided;
    else return usage(ctx, "--decision is accept, reject or undecided, not '" + *o.decision + "'", synopsis);
  }
  auto store = open_read_only(o);
  if (!store) return fail(ctx, store.error());
  auto items = store->list_invitations(filter);
  if (!items) return fail(ctx, items.error());
  if (o.json) {
    boost::json::array rows;
    for (const auto& item : *items) rows.push_back(list_item_json(item));
    print_json(out, rows);
    return 0;
  }
  print(out, "%-19s %-9s %-20s %-9s %-16s %-19s %s\n", "ID", "STATUS", "EXPIRES", "DECISION", "RULE", "TASK",
              "TITLE");
  for (const auto& item : *items) {
    const auto& s = item.invitation.summary;
    print(out, "%-19s %-9s %-20s %-9s %-16s %-19s %s\n", text(s.id).c_str(), or_dash(s.status).c_str(),
                when(s.expiration_date).c_str(),
                item.decision ? std::string(store::to_string(item.decision->action)).c_str() : "-",
                item.decision ? item.decision->rule.c_str() : "-",
                item.task_id ? text(*item.task_id + (item.task_status ? " " + *item.task_status : "")).c_str() : "-",
                text(s.engagement_title).c_str());
  }
  return 0;
}

int run_tasks(const CommandContext& ctx) {
  std::ostream& out = ctx.out;
  constexpr const char* synopsis =
      "tasks [--db FILE | --config FILE] [--status IN_PROGRESS|COMPLETE|FAILED] [--kind accept|opportunity] "
      "[--limit N] [--json]";
  Options o;
  if (auto bad = parse(ctx.args, o)) return usage(ctx, *bad, synopsis);
  if (!o.positional.empty()) return usage(ctx, "tasks takes no arguments", synopsis);
  store::TaskFilter filter;
  filter.task_status = o.status;
  filter.limit = o.limit;
  if (o.kind) {
    if (*o.kind == "accept") filter.kind = store::TaskKind::accept_invitation;
    else if (*o.kind == "opportunity") filter.kind = store::TaskKind::opportunity_from_engagement;
    else return usage(ctx, "--kind is accept or opportunity, not '" + *o.kind + "'", synopsis);
  }
  auto store = open_read_only(o);
  if (!store) return fail(ctx, store.error());
  auto tasks = store->list_tasks(filter);
  if (!tasks) return fail(ctx, tasks.error());
  if (o.json) {
    boost::json::array rows;
    for (const auto& t : *tasks) rows.push_back(task_json(t));
    print_json(out, rows);
    return 0;
  }
  print(out, "%-19s %-11s %-20s %-19s %-21s %s\n", "TASK", "STATUS", "STARTED", "INVITATION", "OPPORTUNITY",
              "REASON");
  for (const auto& t : *tasks)
    print(out, "%-19s %-11s %-20s %-19s %-21s %s\n", text(t.task_id).c_str(), or_dash(t.task_status).c_str(),
                when(t.start_time).c_str(),
                or_dash(t.engagement_invitation_id.empty() ? t.engagement_id : t.engagement_invitation_id).c_str(),
                or_dash(t.opportunity_id).c_str(),
                text(t.reason_code.empty() ? t.message : t.reason_code + ": " + t.message).c_str());
  return 0;
}

int run_show(const CommandContext& ctx) {
  std::ostream& out = ctx.out;
  constexpr const char* synopsis = "show ID [--db FILE | --config FILE] [--json]";
  Options o;
  if (auto bad = parse(ctx.args, o)) return usage(ctx, *bad, synopsis);
  if (o.positional.size() != 1) return usage(ctx, "show takes one invitation id", synopsis);
  auto store = open_read_only(o);
  if (!store) return fail(ctx, store.error());
  auto history = store->show(o.positional[0]);
  if (!history) return fail(ctx, history.error());
  if (!*history) {
    ctx.err << "pcsyncctl: no invitation " << o.positional[0] << " in the mirror (try `pcsyncctl invitations`)\n";
    return kExitFailure;
  }
  const auto& h = **history;
  if (o.json) {
    print_json(out, history_json(h));
    return 0;
  }
  const auto& s = h.invitation.summary;
  print(out, "Invitation %s (%s)\n", text(s.id).c_str(), text(s.catalog).c_str());
  print(out, "  Title:       %s\n  Status:      %s\n  Sender:      %s\n  Invited:     %s\n  Expires:     %s\n",
              text(s.engagement_title).c_str(), or_dash(s.status).c_str(), or_dash(s.sender_company_name).c_str(),
              when(s.invitation_date).c_str(), when(s.expiration_date).c_str());
  print(out, "  First seen:  %s\n  Last seen:   %s\n", format_iso8601(h.invitation.first_seen).c_str(),
              format_iso8601(h.invitation.last_seen).c_str());
  if (h.invitation.details) {
    const auto& d = *h.invitation.details;
    print(out, "  Customer:    %s, %s, %s\n  Project:     %s (target %s)\n", or_dash(d.customer_company_name).c_str(),
                or_dash(d.customer_industry).c_str(), or_dash(d.customer_country_code).c_str(),
                or_dash(d.project_title).c_str(), or_dash(d.project_target_completion_date).c_str());
    if (d.expected_spend_usd_monthly) print(out, "  Spend:       %.2f USD monthly\n", *d.expected_spend_usd_monthly);
  }
  for (const auto& d : h.decisions) {
    print(out, "  %s decided %s%s by rule %s (attempt %d): %s [%s%s%s]\n", format_iso8601(d.decided_at).c_str(),
                std::string(store::to_string(d.action)).c_str(), d.dry_run ? " (dry run)" : "", d.rule.c_str(),
                d.attempt, text(d.reason).c_str(), std::string(store::to_string(d.state)).c_str(),
                d.error.empty() ? "" : ": ", text(d.error).c_str());
    print(out, "      sends %s%s%s\n", request_text(d).c_str(), d.task_id.empty() ? "" : "; started task ",
          text(d.task_id).c_str());
  }
  for (const auto& c : h.status_history)
    print(out, "  %s task %s %s%s%s\n", format_iso8601(c.observed_at).c_str(), text(c.task_id).c_str(),
                text(c.task_status).c_str(), c.reason_code.empty() ? "" : " ", text(c.reason_code).c_str());
  for (const auto& t : h.tasks)
    if (!t.opportunity_id.empty()) print(out, "  Opportunity: %s\n", text(t.opportunity_id).c_str());
  return 0;
}

int run_rules(const CommandContext& ctx) {
  std::ostream& out = ctx.out;
  constexpr const char* synopsis = "rules test --config FILE [--db FILE] [--status S] [--limit N] [--json]";
  Options o;
  o.limit = 100000;
  if (auto bad = parse(ctx.args, o)) return usage(ctx, *bad, synopsis);
  if (o.positional.size() != 1 || o.positional[0] != "test") return usage(ctx, "the rules command is `rules test`", synopsis);
  if (!o.config) return usage(ctx, "rules test needs --config FILE (the rules to try)", synopsis);
  auto config = config::load_daemon_config(*o.config);
  if (!config) return fail(ctx, config.error());
  auto store = open_read_only(o, &*config);
  if (!store) return fail(ctx, store.error());
  store::InvitationFilter filter;
  filter.status = o.status.value_or("PENDING");
  filter.limit = o.limit;
  auto items = store->list_invitations(filter);
  if (!items) return fail(ctx, items.error());

  const WallTime now = SystemClock{}.wall_now();
  std::map<std::string, std::int64_t> totals;
  boost::json::array rows;
  for (const auto& item : *items) {
    auto decision = config->rules.evaluate(sync::to_facts(item.invitation), now);
    const std::string action(rules::to_string(decision.action));
    ++totals[action];
    const bool needs_details = !item.invitation.details &&
                               config->rules.requires_details(sync::to_facts(item.invitation), now);
    if (o.json) {
      boost::json::object e;
      e["Id"] = item.invitation.summary.id;
      e["EngagementTitle"] = item.invitation.summary.engagement_title;
      e["Decision"] = action;
      e["Rule"] = decision.rule;
      e["Reason"] = decision.reason;
      e["DetailsMissing"] = needs_details;
      rows.push_back(std::move(e));
    } else {
      print(out, "%-19s %-7s %-16s %s%s\n", text(item.invitation.summary.id).c_str(), action.c_str(),
                  or_dash(decision.rule).c_str(), text(decision.reason).c_str(),
                  needs_details ? " (details not fetched yet: pcsyncd fetches them before deciding)" : "");
    }
  }
  if (o.json) {
    print_json(out, rows);
  } else {
    print(out, "\n%s of %zu %s invitation(s); nothing was sent.\n", join_counts(totals).c_str(), items->size(),
                filter.status->c_str());
  }
  return 0;
}

}  // namespace pcs::ctl
