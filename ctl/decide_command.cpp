// pcsyncctl accept ID / reject ID: a person's decision, recorded in the database exactly as it will be sent
// (the same ClientToken derivation, Tags or RejectionReason as a rule's), with who, when and why. The running
// daemon sees the commit and carries it out within seconds; with --now (no daemon running) pcsyncctl sends it
// itself through the same cycle code (governor, recovery checks, recording). See docs/review.md.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <ostream>
#include <random>
#include <set>

#include "command.hpp"
#include "config/config_loader.hpp"
#include "governor/governor.hpp"
#include "invoking_user.hpp"
#include "json_output.hpp"
#include "notify/notifier.hpp"
#include "mirror_access.hpp"
#include "record_json.hpp"
#include "rules/text_checks.hpp"
#include "service/client_stack.hpp"
#include "service/governor_settings.hpp"
#include "store/daemon_presence.hpp"
#include "store/schema.hpp"
#include "sync/decision_request.hpp"
#include "sync/governed_client.hpp"
#include "sync/sync_cycle.hpp"
#include "text_output.hpp"

namespace pcs::ctl {
namespace {

constexpr std::size_t kMaxWhy = 500;

int usage(const CommandIo& io, const std::string& message, const DecideOptions& o) {
  io.err << "pcsyncctl: " << message << "\nRun 'pcsyncctl " << store::to_string(o.action) << " --help' for usage.\n";
  return kExitUsage;
}

// The person's verdict from the command line, or a usage error (exit 2).
Result<sync::PersonVerdict> verdict_of(const DecideOptions& o) {
  sync::PersonVerdict v;
  v.action = o.action;
  v.why = o.reason.value_or("");
  auto bad = [](std::string m) { return make_error(ErrorKind::validation, "Usage", std::move(m)); };
  if (o.action == store::DecisionAction::reject) {
    if (!o.reason) return bad("reject needs --reason TEXT: it is sent to Partner Central as the RejectionReason");
    if (auto why = rules::check_rejection_reason(v.why); !why.empty()) return bad("--reason " + why);
  } else if (v.why.size() > kMaxWhy) {
    return bad("--reason is at most " + std::to_string(kMaxWhy) + " bytes");
  }
  if (!o.tags.empty() && o.action != store::DecisionAction::accept) return bad("--tag is sent only when accepting");
  std::set<std::string> keys;
  for (const auto& kv : o.tags) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) return bad("--tag " + text(kv) + ": write KEY=VALUE");
    store::TagRecord t{kv.substr(0, eq), kv.substr(eq + 1)};
    if (auto why = rules::check_tag_key(t.key); !why.empty()) return bad("--tag key " + why);
    if (auto why = rules::check_tag_value(t.value); !why.empty()) return bad("--tag value " + why);
    if (!keys.insert(t.key).second) return bad("--tag " + text(t.key) + " is given twice");
    v.tags.push_back(std::move(t));
  }
  if (v.tags.size() > rules::kMaxTags) return bad("at most 200 --tag");
  return v;
}

// A database pcsyncd has migrated to this pcsyncctl's schema: pcsyncctl never migrates one (a running older
// daemon would meet a schema it does not know).
Status check_schema(const std::string& database) {
  auto ro = store::Store::open(database, {store::OpenMode::read_only});
  if (!ro) return ro.error();
  auto version = ro->schema_version();
  if (!version) return version.error();
  if (*version != store::latest_schema_version())
    return make_error(ErrorKind::config, "StoreNotMigrated",
                      "database " + database + " has schema " + std::to_string(*version) + ", this pcsyncctl needs " +
                          std::to_string(store::latest_schema_version()) +
                          ": restart pcsyncd (of this version) once, then decide again");
  return Ok{};
}

// "accept of engi-1 recorded (decision 12) by alice at ...; sends Tags source=alice"
std::string recorded_line(const store::Decision& d) {
  std::string sends;
  if (d.action == store::DecisionAction::reject) {
    sends = "RejectionReason '" + text(d.rejection_reason.value_or("")) + "'";
  } else if (d.tags.empty()) {
    sends = "no Tags";
  } else {
    sends = "Tags";
    for (const auto& t : d.tags) sends += " " + text(t.key) + "=" + text(t.value);
  }
  return std::string(store::to_string(d.action)) + " of " + text(d.invitation_id) + " recorded (decision " +
         std::to_string(d.id) + ", attempt " + std::to_string(d.attempt) + ") by " + text(d.decided_by) + " at " +
         when(d.decided_at) + "; it sends " + sends;
}

// --now: the decision sent from here, through the daemon's own cycle code (decisions-only, this decision).
Status send_now(const config::DaemonConfig& config, store::Store& store, const store::Decision& decision,
                const CommandIo& io) {
  boost::asio::io_context ioc;
  aws::SystemEnvironment environment;
  service::ClientStackOptions stack_options;
  stack_options.explicit_settings = service::explicit_aws_settings(config);
  stack_options.request_timeout = config.request_timeout;
  auto stack = service::build_client_stack(ioc.get_executor(), environment, io.clock, stack_options);
  if (!stack) return stack.error();
  auto governor_config = service::governor_config_from(config, (*stack)->settings);
  if (!governor_config) return governor_config.error();
  gov::Governor governor(ioc.get_executor(), *governor_config, io.clock, std::random_device{}());
  sync::GovernedClient governed(*(*stack)->client, governor, io.clock);
  sync::SyncCycle cycle(governed, store, io.clock);
  std::optional<sync::CycleReport> report;
  boost::asio::co_spawn(
      ioc,
      [&]() -> boost::asio::awaitable<void> {
        report = co_await cycle.run(sync::CycleOptions{.decisions_only = true, .only_decision = decision.id}, config);
        (*stack)->http->close();  // no idle keep-alive connection holds ioc.run()
      },
      [](std::exception_ptr) {});
  ioc.run();
  if (!report) return make_error(ErrorKind::transport, "NotSent", "sending the decision did not complete");
  if (!report->error.empty() && report->accepted + report->rejected == 0)
    return make_error(ErrorKind::transport, "NotSent", report->error);
  return Ok{};
}

}  // namespace

int run_decide(const DecideOptions& o, const CommandIo& io) {
  auto verdict = verdict_of(o);
  if (!verdict) return usage(io, verdict.error().message, o);
  auto config = config::load_daemon_config(o.config);
  if (!config) return fail(io.err, config.error());
  if (config->dry_run)
    return fail(io.err, make_error(ErrorKind::config, "DryRun",
                                   o.config + " has dry_run: true: pcsyncd never sends a decision there, so none is "
                                              "recorded; set dry_run: false (and reload) to decide for real"));
  verdict->who = invoking_person();  // before any switch of user: the person, not the database's owner
  const std::string& database = config->database;
  if (auto owner = become_database_owner(database); !owner) return fail(io.err, owner.error());

  // The presence is taken (or probed) before the Store opens and released after it closes: see
  // daemon_presence.hpp. Declared first, destroyed last.
  std::optional<store::DaemonPresence> exclusive;
  bool daemon_running = false;
  if (o.now) {
    auto held = store::DaemonPresence::exclusive(database);
    if (!held) return fail(io.err, held.error());
    exclusive.emplace(std::move(*held));
  } else {
    daemon_running = store::DaemonPresence::daemon_running(database);
  }
  if (auto schema = check_schema(database); !schema) return fail(io.err, schema.error());
  auto store = store::Store::open(database);
  if (!store) return fail(io.err, store.error());
  // With --now this process carries the decision out: its accepted/rejected/failed rows go to the outbox for
  // the daemon to deliver when it next runs.
  if (o.now) store->set_notification_targets(notify::store_targets(config->notify));

  auto invitation = store->invitation(o.id);
  if (!invitation) return fail(io.err, invitation.error());
  if (!*invitation) {
    io.err << "pcsyncctl: no invitation " << text(o.id) << " in " << database
           << " (pcsyncctl invitations --decision review lists those waiting for a person)\n";
    return kExitFailure;
  }
  auto latest = store->latest_decision(o.id);
  if (!latest) return fail(io.err, latest.error());
  const WallTime now = io.clock.wall_now();
  auto recorded =
      store->record_person_decision(sync::person_decision(*verdict, **invitation, sync::next_attempt(*latest)), now);
  if (!recorded) {
    if (recorded.error().code == "StoreLocked") {
      // Not a refusal, and nothing retries it: the person does.
      io.err << "pcsyncctl: nothing was recorded: " << database
             << " stayed locked by another writer; run the command again (a running pcsyncd holds the lock for "
                "under a second at a time; if it persists, look for an sqlite3 shell or a backup holding it)\n";
      return kExitFailure;
    }
    io.err << "pcsyncctl: refused: " << recorded.error().message << "\n";
    return kExitFailure;
  }
  if (!o.json) io.out << recorded_line(*recorded) << "\n";

  int status = kExitOk;
  if (o.now) {
    auto sent = send_now(*config, *store, *recorded, io);
    auto after = store->decision(recorded->id);
    const store::Decision final_state = after && *after ? **after : *recorded;
    const bool done = final_state.state == store::DecisionState::done;
    if (!o.json) {
      if (done)
        io.out << "carried out" << (final_state.task_id.empty() ? "" : ": task " + text(final_state.task_id)) << "\n";
      else
        io.err << "pcsyncctl: not carried out (" << store::to_string(final_state.state) << ")"
               << (sent ? "" : ": " + sent.error().message)
               << (final_state.error.empty() ? "" : ": " + text(final_state.error))
               << (final_state.state == store::DecisionState::failed
                       ? ""
                       : "; pcsyncd resends it with the same ClientToken when it starts")
               << "\n";
    }
    if (!done) status = kExitFailure;
    recorded = final_state;
  } else if (!o.json) {
    if (daemon_running)
      io.out << "pcsyncd carries it out within seconds; follow it with: pcsyncctl show " << text(o.id) << "\n";
    else
      io.out << "no pcsyncd is running on " << database
             << ": it is sent when pcsyncd starts (systemctl start pcsyncd); follow it with: pcsyncctl show "
             << text(o.id) << "\n";
  }
  if (o.json) {
    boost::json::object out = decision_json(*recorded);
    out["DaemonRunning"] = daemon_running;
    io.out << json_text(out, JsonStyle::compact);
  }
  return status;
}

}  // namespace pcs::ctl
