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
#include <iostream>
#include <random>

#include "aws/config/file_permissions.hpp"
#include "config/config_loader.hpp"
#include "governor/governor.hpp"
#include "service/client_stack.hpp"
#include "service/governor_settings.hpp"
#include "service/logging.hpp"
#include "service/metrics.hpp"
#include "service/systemd_notify.hpp"
#include "store/store.hpp"
#include "sync/sync_service.hpp"

namespace pcs::service {
namespace {

Result<config::DaemonConfig> load(const DaemonArgs& args) {
  auto loaded = config::load_daemon_config(args.config_path);
  if (!loaded) return loaded;
  if (args.dry_run) loaded->dry_run = *args.dry_run;
  if (args.log_level) loaded->log_level = *args.log_level;
  return loaded;
}

// Keeps systemd's watchdog fed while the loop is alive: a hung loop stops feeding it and systemd restarts us.
boost::asio::awaitable<void> feed_watchdog(boost::asio::steady_timer& timer, std::chrono::microseconds every) {
  for (;;) {
    notify_watchdog();
    timer.expires_after(every);
    auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) co_return;
  }
}

}  // namespace

int run_daemon(const DaemonArgs& args) {
  auto loaded = load(args);
  if (!loaded) {
    std::cerr << "pcsyncd: " << loaded.error().message << "\n";
    return kExitConfig;
  }
  // The running configuration; SIGHUP swaps in a new one between cycles.
  config::DaemonConfig config = std::move(*loaded);
  setup_logging(LogOptions{config.log_level});

  boost::asio::io_context io;
  SystemClock clock;
  aws::SystemEnvironment env;

  ClientStackOptions stack_options;
  stack_options.explicit_settings = explicit_aws_settings(config);
  stack_options.request_timeout = config.request_timeout;
  auto stack = build_client_stack(io.get_executor(), env, clock, stack_options);
  if (!stack) {
    spdlog::critical("cannot set up the Partner Central client: {}", stack.error().message);
    return kExitConfig;
  }
  const auto& aws_settings = (*stack)->settings;
  spdlog::info("pcsyncd starting: catalog {}, endpoint {} ({}), region {} ({}){}", config.catalog,
               aws_settings.endpoint_url, aws_settings.endpoint_source, aws_settings.region,
               aws_settings.region_source, config.dry_run ? ", DRY RUN: no accept or reject is sent" : "");
  for (const auto& w : aws::shared_file_warnings(env)) spdlog::warn("{}", w);

  auto governor_config = governor_config_from(config, aws_settings);
  if (!governor_config) {
    spdlog::critical("{}", governor_config.error().message);
    return kExitConfig;
  }
  gov::Governor governor(io.get_executor(), *governor_config, clock, std::random_device{}());
  governor.set_event_hook([](const gov::GovernorEvent& e) { spdlog::warn("{}", e.message); });

  auto store = store::Store::open(config.database);
  if (!store) {
    spdlog::critical("{}", store.error().message);
    return kExitDatabase;
  }
  for (const auto& notice : store->open_notices()) spdlog::warn("{}", notice);

  // The rolling daily budgets continue across restarts: replay the last 24 hours of recorded calls.
  if (auto runs = store->sync_runs_since(clock.wall_now() - std::chrono::hours{24}); runs) {
    for (const auto& run : *runs) {
      governor.restore_usage(gov::QuotaClass::read, run.started_at, double(run.counters.read_calls));
      governor.restore_usage(gov::QuotaClass::write, run.started_at, double(run.counters.write_calls));
    }
  } else {
    spdlog::warn("could not read the last day's calls, the daily budgets start empty: {}", runs.error().message);
  }

  sync::GovernedClient governed(*(*stack)->client, governor);
  sync::SyncCycle cycle(governed, *store, config, clock);
  sync::SyncService service(io.get_executor(), cycle, governor, config, clock);
  SyncTotals totals;
  std::unique_ptr<MetricsEndpoint> metrics;
  if (config.metrics_listen) {
    metrics = std::make_unique<MetricsEndpoint>(io.get_executor(), *config.metrics_listen,
                                                [&] { return render_metrics(totals, governor.snapshot()); });
    if (auto started = metrics->start(); !started) {
      spdlog::critical("cannot serve metrics on {}: {}", *config.metrics_listen, started.error().message);
      return kExitConfig;
    }
    spdlog::info("metrics on http://{}/metrics", *config.metrics_listen);
  }
  service.on_cycle([&totals, &clock](const sync::CycleReport& r) {
    totals.add(r, clock.wall_now());
    notify_status("last sync " + std::string(store::to_string(r.outcome)) + ": " +
                  std::to_string(r.counters.invitations_seen) + " invitations seen, " + std::to_string(r.accepted) +
                  " accepted, " + std::to_string(r.rejected) + " rejected, " + std::to_string(r.unfinished_tasks) +
                  " tasks in progress");
  });

  boost::asio::signal_set stop_signals(io, SIGTERM, SIGINT);
  boost::asio::signal_set other_signals(io, SIGHUP, SIGUSR1);
  boost::asio::steady_timer watchdog(io);
  std::function<void()> listen_stop = [&] {
    stop_signals.async_wait([&](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      spdlog::info("signal {}: stopping after the current step", signo);
      notify_stopping();
      service.stop();
      listen_stop();  // a second signal while stopping is harmless
    });
  };
  std::function<void()> listen_other = [&] {
    other_signals.async_wait([&](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      if (signo == SIGUSR1) {
        spdlog::info("SIGUSR1: syncing now");
        service.wake();
      } else {
        notify_reloading();
        auto reloaded = load(args);
        if (!reloaded) {
          spdlog::error("reload refused, keeping the running configuration: {}", reloaded.error().message);
        } else if (reloaded->database != config.database || reloaded->catalog != config.catalog ||
                   reloaded->endpoint_url != config.endpoint_url || reloaded->region != config.region ||
                   reloaded->profile != config.profile) {
          spdlog::error("reload refused: catalog, database, endpoint, region and profile change only with a restart");
        } else if (auto g = governor_config_from(*reloaded, aws_settings); !g) {
          spdlog::error("reload refused: {}", g.error().message);
        } else {
          // Only between awaits of the one loop thread: the cycle reads config by reference and sees the new
          // rules from its next step on.
          config = std::move(*reloaded);
          spdlog::default_logger()->set_level(spdlog::level::from_str(config.log_level));
          governor.reconfigure(*g);
          spdlog::info("configuration reloaded: {} rules", config.rules.rules().size());
        }
        notify_ready();
      }
      listen_other();
    });
  };
  listen_stop();
  listen_other();

  const auto mode = args.once ? sync::RunMode::once : args.until_idle ? sync::RunMode::until_idle : sync::RunMode::forever;
  int exit_status = kExitOk;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        exit_status = co_await service.run(mode);
        stop_signals.cancel();
        other_signals.cancel();
        watchdog.cancel();
        if (metrics) metrics->stop();
        (*stack)->http->close();
      },
      [&](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::critical("sync loop ended by an unexpected error: {}", ex.what());
        }
        exit_status = kExitCycleFailed;
        io.stop();
      });
  if (auto every = watchdog_interval()) boost::asio::co_spawn(io, feed_watchdog(watchdog, *every), boost::asio::detached);
  notify_ready();
  io.run();
  spdlog::info("pcsyncd stopped");
  return exit_status;
}

}  // namespace pcs::service
