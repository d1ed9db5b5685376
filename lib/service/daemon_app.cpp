#include "service/daemon_app.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <random>

#include "aws/config/file_permissions.hpp"
#include "config/config_loader.hpp"
#include "core/version.hpp"
#include "governor/governor.hpp"
#include "notify/degraded_watch.hpp"
#include "notify/notifier.hpp"
#include "service/client_stack.hpp"
#include "service/database_watch.hpp"
#include "service/governor_settings.hpp"
#include "service/idle_memory.hpp"
#include "service/logging.hpp"
#include "service/metrics.hpp"
#include "service/metrics_endpoint.hpp"
#include "service/reload.hpp"
#include "service/systemd_notify.hpp"
#include "store/daemon_presence.hpp"
#include "store/store.hpp"
#include "sync/sync_service.hpp"

namespace pcs::service {
namespace {

namespace asio = boost::asio;
using Snapshot = sync::SyncService::Snapshot;

// After SIGTERM the cycle stops at its next step and the call in flight is cancelled; if anything still
// holds the loop (a DNS lookup cannot be interrupted) the process exits anyway. Every decision is committed
// before its call, so exiting here loses nothing: the next start resumes it.
constexpr std::chrono::seconds kStopBackstop{4};
// The HTTP client's own per-request cap; each attempt carries the live request_timeout as its deadline.
constexpr std::chrono::minutes kHttpCeiling{10};
// How long a starting daemon waits for a `pcsyncctl accept|reject --now` that is sending on its database.
constexpr std::chrono::seconds kPresenceWait{30};
// A sleep this long is worth giving memory back for (see idle_memory.hpp): mapping the pages again costs the next
// cycle a few hundred minor faults, about a millisecond.
constexpr std::chrono::seconds kReleaseMemoryWhenIdleFor{30};
constexpr std::chrono::seconds kSettleBeforeRelease{2};

Result<config::DaemonConfig> load(const DaemonArgs& args) {
  auto loaded = config::load_daemon_config(args.config_path);
  if (!loaded) return loaded;
  if (args.dry_run) loaded->dry_run = *args.dry_run;
  if (args.log_level) loaded->log_level = *args.log_level;
  return loaded;
}

// Keeps systemd's watchdog fed while the loop is alive: a hung loop stops feeding it and systemd restarts us.
asio::awaitable<void> feed_watchdog(asio::steady_timer& timer, std::chrono::microseconds every) {
  for (;;) {
    notify_watchdog();
    timer.expires_after(every);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
  }
}

// At start, one resolution of the credential chain: "nothing anywhere" and a profile asking for an MFA code are
// setup errors (exit 78) that no retry fixes, while a source that is only slow or down (IMDS, STS), or an SSO
// token waiting for `aws sso login`, is left to the cycles to retry.
asio::awaitable<std::optional<Error>> missing_credentials(aws::CredentialsProvider& credentials) {
  auto resolved = co_await credentials.resolve();
  if (!resolved && (resolved.error().code == "NoCredentials" || resolved.error().code == "MfaNotSupported"))
    co_return resolved.error();
  if (!resolved) spdlog::warn("credentials are not available yet, the cycles will retry: {}", resolved.error().describe());
  co_return std::nullopt;
}

// Everything one pcsyncd process runs, built by run_daemon() step by step.
class Daemon {
 public:
  Daemon(const DaemonArgs& args, config::DaemonConfig config) : args_(args), config_(std::make_shared<const config::DaemonConfig>(std::move(config))) {}

  int run();

 private:
  int build();
  int build_client();
  int build_governor();
  int open_store();
  void restore_daily_budgets();
  void build_sync();
  void watch_database();
  void start_notifier();
  void on_cycle(const sync::CycleReport& report);
  void restore_metrics();
  std::string scrape();
  int start_metrics();
  void listen_for_stop();
  void listen_for_other();
  void on_stop_signal(int signo);
  void reload();
  void update_status();
  asio::awaitable<void> main_loop(sync::RunMode mode);

  const DaemonArgs& args_;
  Snapshot config_;  // the running configuration; a reload swaps in a new snapshot
  asio::io_context io_;
  SystemClock clock_;
  aws::SystemEnvironment env_;
  std::unique_ptr<ClientStack> stack_;
  std::unique_ptr<gov::Governor> governor_;
  std::optional<store::DaemonPresence> presence_;  // before store_: released after the Store is closed
  std::optional<store::Store> store_;
  std::int64_t data_version_ = 0;
  std::unique_ptr<DatabaseWatch> watch_;
  std::unique_ptr<notify::Notifier> notifier_;
  notify::DegradedWatch health_;
  std::unique_ptr<sync::GovernedClient> governed_;
  std::unique_ptr<sync::SyncCycle> cycle_;
  std::unique_ptr<sync::SyncService> service_;
  std::unique_ptr<MetricsEndpoint> metrics_;
  SyncTotals totals_;
  CallMetrics calls_;
  ProcessMetrics process_;
  const IdleMemory idle_memory_ = IdleMemory::capture();  // before any thread, see idle_memory.hpp
  std::string last_status_;
  std::string reload_note_;  // "reload refused: ..." until a reload is applied
  asio::signal_set stop_signals_{io_, SIGTERM, SIGINT};
  asio::signal_set other_signals_{io_, SIGHUP, SIGUSR1, SIGUSR2};
  asio::steady_timer watchdog_{io_};
  asio::steady_timer backstop_{io_};
  asio::steady_timer idle_timer_{io_};
  int exit_status_ = kExitOk;
  bool stopping_ = false;
};

// Each step returns an exit status: kExitOk to go on, or why pcsyncd cannot start.
int Daemon::build() {
  if (int s = build_client(); s != kExitOk) return s;
  if (int s = build_governor(); s != kExitOk) return s;
  if (int s = open_store(); s != kExitOk) return s;
  restore_daily_budgets();
  build_sync();
  watch_database();
  start_notifier();
  return start_metrics();
}

// The Partner Central client as the AWS CLI would resolve it (config file > environment > profile).
int Daemon::build_client() {
  const config::DaemonConfig& config = *config_;
  ClientStackOptions stack_options;
  stack_options.explicit_settings = explicit_aws_settings(config);
  stack_options.request_timeout = kHttpCeiling;
  auto stack = build_client_stack(io_.get_executor(), env_, clock_, stack_options);
  if (!stack) {
    spdlog::critical("cannot set up the Partner Central client: {}", stack.error().message);
    return kExitConfig;
  }
  stack_ = std::move(*stack);
  const auto& aws = stack_->settings;
  spdlog::info("pcsyncd starting: catalog {}, endpoint {} ({}), region {} ({}){}", config.catalog, aws.endpoint_url,
               aws.endpoint_source, aws.region, aws.region_source,
               config.dry_run ? ", DRY RUN: no accept or reject is sent" : "");
  for (const auto& w : aws::shared_file_warnings(env_)) spdlog::warn("{}", w);
  return kExitOk;
}

int Daemon::build_governor() {
  auto governor_config = governor_config_from(*config_, stack_->settings);
  if (!governor_config) {
    spdlog::critical("{}", governor_config.error().message);
    return kExitConfig;
  }
  governor_ = std::make_unique<gov::Governor>(io_.get_executor(), *governor_config, clock_, std::random_device{}());
  governor_->set_event_hook([](const gov::GovernorEvent& e) { spdlog::warn("{}", e.message); });
  governor_->set_trace_hook([this](const gov::AttemptTrace& t) { calls_.observe(t); });
  return kExitOk;
}

int Daemon::open_store() {
  // Announced before the open when the file exists, so that a second pcsyncd is refused before its open checks
  // or migrates a file another one runs on; after it when the open creates the file. Released after the Store
  // (see daemon_presence.hpp).
  std::error_code ec;
  const bool existed = std::filesystem::exists(config_->database, ec);
  auto announce = [&]() -> bool {
    auto presence = store::DaemonPresence::announce(config_->database, kPresenceWait);
    if (!presence) {
      spdlog::critical("{}", presence.error().message);
      return false;
    }
    presence_.emplace(std::move(*presence));
    return true;
  };
  if (existed && !announce()) return kExitDatabase;
  auto store = store::Store::open(config_->database);
  if (!store) {
    spdlog::critical("{}", store.error().message);
    return kExitDatabase;
  }
  if (!existed && !announce()) return kExitDatabase;
  store_.emplace(std::move(*store));
  for (const auto& notice : store_->open_notices()) spdlog::warn("{}", notice);
  if (auto v = store_->data_version()) data_version_ = *v;
  // An outage the last run announced is not announced again by this one; its end is.
  if (auto degraded = store_->degraded()) health_.restore(*degraded);
  return kExitOk;
}

// A person's decision (pcsyncctl accept|reject) is a commit by another connection: the database's -wal is
// written (inotify) and PRAGMA data_version changes. Then recorded decisions are carried out at once.
void Daemon::watch_database() {
  if (args_.once || args_.until_idle) return;  // these run their cycles and exit
  auto watch = DatabaseWatch::start(io_.get_executor(), config_->database, [this] {
    auto version = store_->data_version();
    if (!version || *version == data_version_) return;  // our own writes, or cannot tell: the next cycle
    data_version_ = *version;
    service_->decisions_waiting();
  });
  if (!watch) {
    spdlog::warn("{}", watch.error().message);
    return;
  }
  watch_ = std::move(*watch);
}

void Daemon::build_sync() {
  governed_ = std::make_unique<sync::GovernedClient>(*stack_->client, *governor_, clock_);
  cycle_ = std::make_unique<sync::SyncCycle>(*governed_, *store_, clock_);
  service_ = std::make_unique<sync::SyncService>(io_.get_executor(), *cycle_, *governor_, config_, clock_);
  service_->on_cycle([this](const sync::CycleReport& r) { on_cycle(r); });
  service_->on_sleep([this](std::chrono::nanoseconds until_next_cycle) {
    if (until_next_cycle < kReleaseMemoryWhenIdleFor) return;
    // Once what a cycle leaves behind has run too (the notifier's pass, the watch seeing our own commits).
    idle_timer_.expires_after(kSettleBeforeRelease);
    idle_timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      const ReleasedMemory released = idle_memory_.release();
      spdlog::debug("idle until the next cycle: released {} KiB of mapped code{}", released.mapped_bytes / 1024,
                    released.heap_trimmed ? " and free heap" : "");
    });
  });
}

// The notification outbox is delivered beside the sync (lib/notify). Rows are written by the store, in the
// transactions of the changes they announce, for the webhooks set here.
void Daemon::start_notifier() {
  notifier_ = std::make_unique<notify::Notifier>(io_.get_executor(), *store_, clock_, stack_->outbound);
  notifier_->configure(config_->notify);
  if (args_.once || args_.until_idle) return;  // rows wait for the next daemon that stays up
  asio::co_spawn(io_, notifier_->run(), asio::detached);
}

// After each cycle: the metrics' totals and the systemd status line.
void Daemon::on_cycle(const sync::CycleReport& r) {
  totals_.add(r, clock_.wall_now());
  if (auto health = health_.observe(r)) {
    spdlog::log(health->event == "degraded" ? spdlog::level::warn : spdlog::level::info, "{}: {}", health->event,
                health->reason);
    if (auto s = store_->record_health(health->event, health->reason, clock_.wall_now()); !s)
      spdlog::warn("could not record the {} notification: {}", health->event, s.error().describe());
  }
  notifier_->kick();
  if (r.decisions_only) return;  // a person's decision carried out between cycles: not a sync
  last_status_ = "last sync " + std::string(store::to_string(r.outcome)) + ": " +
                 std::to_string(r.counters.invitations_seen) + " invitations seen, " + std::to_string(r.accepted) +
                 " accepted, " + std::to_string(r.rejected) + " rejected, " + std::to_string(r.unfinished_tasks) +
                 " tasks in progress" + (r.error.empty() ? "" : "; " + r.error.substr(0, 200));
  update_status();
}

// The rolling daily budgets continue across restarts: replay the last 24 hours of recorded calls (sync runs', and
// those of decisions-only passes).
void Daemon::restore_daily_budgets() {
  auto calls = store_->calls_since(clock_.wall_now() - std::chrono::hours{24});
  if (!calls) {
    spdlog::warn("could not read the last day's calls, the daily budgets start empty: {}", calls.error().message);
    return;
  }
  for (const auto& made : *calls) {
    governor_->restore_usage(gov::QuotaClass::read, made.at, double(made.read_calls));
    governor_->restore_usage(gov::QuotaClass::write, made.at, double(made.write_calls));
  }
}

// The metrics start from the database: when the last sync was (a restart, even a crash loop, keeps the age
// alert honest) and what was unfinished.
void Daemon::restore_metrics() {
  if (auto runs = store_->last_sync_runs()) {
    if (runs->finished) totals_.last_cycle_end = runs->finished->finished_at;
    if (runs->ok) totals_.last_ok_cycle_end = runs->ok->finished_at;
  } else {
    spdlog::warn("could not read the last sync times; the metrics show them after the first cycle: {}",
                 runs.error().message);
  }
  if (auto tasks = store_->unfinished_tasks()) totals_.tasks_in_progress = std::int64_t(tasks->size());
  if (auto open = store_->unfinished_decisions()) totals_.decisions_unconfirmed = std::int64_t(open->size());
  if (auto waiting = store_->reviews_waiting(clock_.wall_now())) totals_.reviews_pending = *waiting;
}

// Everything is read on the io_context thread at the scrape, from what the parts already hold: no lock, no copy
// kept up to date on the hot path.
std::string Daemon::scrape() {
  MetricsInput in(totals_);
  in.running = cycle_->running();
  in.governor = governor_->snapshot();
  in.calls = &calls_;
  in.process = process_.read();
  if (auto cached = stack_->credentials->cached()) in.credentials_expiry = cached->expiration;
  in.credentials_refresh_failures = stack_->credentials->consecutive_failures();
  in.poll_interval_seconds = std::chrono::duration<double>(config_->poll_interval).count();
  in.dry_run = config_->dry_run;
  in.notifications = notifier_->counts();
  in.version = core::version();
  in.revision = core::git_revision();
  return render_metrics(in);
}

int Daemon::start_metrics() {
  const auto& listen = config_->metrics_listen;
  if (!listen) return kExitOk;
  restore_metrics();
  metrics_ = std::make_unique<MetricsEndpoint>(io_.get_executor(), *listen, [this] { return scrape(); });
  if (auto started = metrics_->start(); !started) {
    spdlog::critical("cannot serve metrics on {}: {}", *listen, started.error().message);
    return kExitConfig;
  }
  // The bound port: with port 0 in metrics_listen the system chose it.
  const auto colon = listen->rfind(':');
  spdlog::info("metrics on http://{}:{}/metrics", listen->substr(0, colon), metrics_->port());
  return kExitOk;
}

void Daemon::update_status() {
  notify_status(reload_note_.empty() ? last_status_ : last_status_ + (last_status_.empty() ? "" : "; ") + reload_note_);
}

void Daemon::on_stop_signal(int signo) {
  if (stopping_) return;  // a second signal while stopping is harmless
  stopping_ = true;
  spdlog::info("signal {}: stopping (the call in flight is cancelled; unconfirmed decisions resume at the next start)",
               signo);
  notify_stopping();
  service_->stop();
  stack_->http->close();
  backstop_.expires_after(kStopBackstop);
  backstop_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    spdlog::warn("still busy {} s after the stop signal; exiting now", kStopBackstop.count());
    io_.stop();
  });
}

// SIGHUP: a new snapshot for the next cycle, or the running one kept, with the reason recorded.
void Daemon::reload() {
  notify_reloading();
  store::ConfigReload record;
  record.at = clock_.wall_now();
  ReloadDecision decision = decide_reload(*config_, load(args_), stack_->settings);
  record.applied = decision.applied;
  record.message = decision.message;
  if (decision.applied) {
    config_ = std::make_shared<const config::DaemonConfig>(std::move(*decision.config));
    service_->reconfigure(config_);
    governor_->reconfigure(*decision.governor);
    notifier_->configure(config_->notify);
    spdlog::default_logger()->set_level(spdlog::level::from_str(config_->log_level));
    reload_note_.clear();
    spdlog::info("configuration reloaded ({}); {} rules, applied from the next cycle", record.message,
                 config_->rules.rules().size());
  } else {
    reload_note_ = "reload refused: " + record.message;
    spdlog::error("reload refused, keeping the running configuration: {}", record.message);
  }
  totals_.note_reload(record.applied);
  if (auto stored = store_->record_config_reload(record); !stored)
    spdlog::warn("could not record the reload in the database: {}", stored.error().message);
  notify_ready();
  update_status();
}

void Daemon::listen_for_stop() {
  stop_signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    on_stop_signal(signo);
    listen_for_stop();
  });
}

void Daemon::listen_for_other() {
  other_signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    if (signo == SIGUSR1) {
      spdlog::info("SIGUSR1: syncing now");
      service_->wake();
    } else if (signo == SIGUSR2) {
      spdlog::info("SIGUSR2: reconciling now (every status)");
      service_->wake(true);
    } else {
      reload();
    }
    listen_for_other();
  });
}

asio::awaitable<void> Daemon::main_loop(sync::RunMode mode) {
  if (auto missing = co_await missing_credentials(*stack_->credentials)) {
    spdlog::critical("{}", missing->describe());
    exit_status_ = kExitConfig;
  } else if (!stopping_) {
    exit_status_ = co_await service_->run(mode);
  }
  stop_signals_.cancel();
  other_signals_.cancel();
  if (watch_) watch_->stop();
  notifier_->stop();
  watchdog_.cancel();
  backstop_.cancel();
  idle_timer_.cancel();
  if (metrics_) metrics_->stop();
  stack_->http->close();
}

int Daemon::run() {
  if (int built = build(); built != kExitOk) return built;
  listen_for_stop();
  listen_for_other();
  const auto mode = args_.once ? sync::RunMode::once : args_.until_idle ? sync::RunMode::until_idle : sync::RunMode::forever;
  asio::co_spawn(io_, main_loop(mode), [this](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::critical("sync loop ended by an unexpected error: {}", ex.what());
    }
    exit_status_ = kExitCycleFailed;
    io_.stop();
  });
  if (auto every = watchdog_interval()) asio::co_spawn(io_, feed_watchdog(watchdog_, *every), asio::detached);
  notify_ready();
  // What only start-up ran (reading the config, YAML, migrations, finding credentials) is given back too: a
  // daemon stays up for months, and its cycles map again only what they use (idle_memory.hpp). The first
  // cycle's peak RSS is then that of the cycle, not of start-up plus the cycle.
  const ReleasedMemory released = idle_memory_.release();
  spdlog::debug("before the first cycle: released {} KiB of mapped start-up code", released.mapped_bytes / 1024);
  io_.run();
  spdlog::info("pcsyncd stopped");
  return exit_status_;
}

}  // namespace

int run_daemon(const DaemonArgs& args) {
  auto loaded = load(args);
  if (!loaded) {
    std::cerr << "pcsyncd: " << loaded.error().message << "\n";
    return kExitConfig;
  }
  setup_logging(LogOptions{loaded->log_level});
  Daemon daemon(args, std::move(*loaded));
  return daemon.run();
}

}  // namespace pcs::service
