// pcsyncd: arguments -> lib/service run_daemon() -> exit status.
#include <cstring>
#include <iostream>
#include <string_view>

#include "core/version.hpp"
#include "service/daemon_app.hpp"
#include "service/logging.hpp"

namespace {

constexpr const char* kUsage =
    "usage: pcsyncd [--config FILE] [--once | --until-idle] [--dry-run] [--log-level LEVEL]\n"
    "  --config FILE     configuration (default /etc/pcsyncd/pcsyncd.yaml)\n"
    "  --once            run one full sync cycle and exit\n"
    "  --until-idle      run cycles until no decision or task is unfinished, then exit\n"
    "  --dry-run         decide and record, but send no accept or reject\n"
    "  --log-level L     trace, debug, info, warn or error (overrides log_level)\n"
    "  --version         print the version and git revision\n"
    "signals: TERM/INT stop, HUP reloads the configuration, USR1 syncs now\n";

}  // namespace

int main(int argc, char** argv) {
  pcs::service::DaemonArgs args;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--config") {
      const char* v = value();
      if (!v) return std::cerr << "pcsyncd: --config needs a file\n" << kUsage, 64;
      args.config_path = v;
    } else if (a == "--once") {
      args.once = true;
    } else if (a == "--until-idle") {
      args.until_idle = true;
    } else if (a == "--dry-run") {
      args.dry_run = true;
    } else if (a == "--log-level") {
      const char* v = value();
      if (!v) return std::cerr << "pcsyncd: --log-level needs a level\n" << kUsage, 64;
      if (!pcs::service::valid_log_level(v))
        return std::cerr << "pcsyncd: --log-level '" << v << "' is not one of trace, debug, info, warn, error\n", 64;
      args.log_level = v;
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--version") {
      std::cout << pcs::core::version_line("pcsyncd") << "\n";
      return 0;
    } else {
      std::cerr << "pcsyncd: unknown argument '" << a << "'\n" << kUsage;
      return 64;
    }
  }
  if (args.once && args.until_idle) {
    std::cerr << "pcsyncd: --once and --until-idle exclude each other\n";
    return 64;
  }
  return pcs::service::run_daemon(args);
}
