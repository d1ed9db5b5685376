// pcsync-sim: arguments -> scenario -> service -> server -> io_context.run -> stats file -> exit code.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sim/scenario.hpp"
#include "sim/self_signed_cert.hpp"
#include "sim/sim_cli.hpp"
#include "sim/sim_server.hpp"
#include "sim/sim_service.hpp"

int main(int argc, char** argv) {
  using namespace pcs;
  auto options = sim::parse_cli(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) {
    std::fprintf(stderr, "pcsync-sim: %s", options.error().message.c_str());
    return 2;
  }
  if (options->help) {
    std::fputs(sim::cli_usage(), stdout);
    return 0;
  }
  auto scenario = sim::load_scenario(options->scenario);
  if (!scenario) {
    std::fprintf(stderr, "pcsync-sim: %s\n", scenario.error().message.c_str());
    return 2;
  }

  // The key never leaves a private temporary directory, removed on exit.
  std::filesystem::path tls_dir;
  sim::SimServerOptions server_options{options->address, options->port, {}, {}};
  if (options->tls) {
    std::string pattern = (std::filesystem::temp_directory_path() / "pcsync-sim-tls-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::fprintf(stderr, "pcsync-sim: cannot create a temporary directory for the TLS key (check TMPDIR)\n");
      return 1;
    }
    tls_dir = pattern;
    const auto cert = options->tls_cert_out.empty() ? tls_dir / "cert.pem" : std::filesystem::path(options->tls_cert_out);
    if (auto s = sim::write_self_signed_cert(cert, tls_dir / "key.pem"); !s) {
      std::fprintf(stderr, "pcsync-sim: %s\n", s.error().message.c_str());
      return 1;
    }
    server_options.tls_cert_file = cert.string();
    server_options.tls_key_file = (tls_dir / "key.pem").string();
  }

  boost::asio::io_context io;
  SystemClock clock;
  sim::SimService service(std::move(scenario.value()), clock);
  sim::SimServer server(io.get_executor(), service, server_options);
  if (auto s = server.start(); !s) {
    std::fprintf(stderr, "pcsync-sim: %s\n", s.error().describe().c_str());
    return 1;
  }
  std::printf("listening on %s:%u\n", options->address.c_str(), static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  std::fprintf(stderr, "pcsync-sim: scenario %s, catalog %s, %u invitations, clock x%g%s\n",
               service.scenario().name.c_str(), service.scenario().catalog.c_str(),
               service.state().total_invitations(), service.scenario().clock_speed, options->tls ? ", TLS" : "");

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    server.stop();
    io.stop();  // handlers still in flight are dropped: a stop must not wait on a delayed reply
  });
  io.run();

  int rc = 0;
  if (!options->stats_file.empty()) {
    std::ofstream out(options->stats_file, std::ios::trunc);
    out << boost::json::serialize(service.stats_json()) << "\n";
    if (!out) {
      std::fprintf(stderr, "pcsync-sim: cannot write --stats-file %s\n", options->stats_file.c_str());
      rc = 1;
    }
  }
  if (!tls_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(tls_dir, ec);
  }
  return rc;
}
