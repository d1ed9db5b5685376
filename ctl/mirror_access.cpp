#include "mirror_access.hpp"

#include <ostream>

#include "command.hpp"
#include "config/config_loader.hpp"

namespace pcs::ctl {

Result<std::optional<config::DaemonConfig>> load_config(const DatabaseChoice& choice) {
  if (!choice.config) return std::optional<config::DaemonConfig>{};
  auto loaded = config::load_daemon_config(*choice.config);
  if (!loaded) return loaded.error();
  return std::optional<config::DaemonConfig>(std::move(*loaded));
}

Result<store::Store> open_mirror(const DatabaseChoice& choice, const std::optional<config::DaemonConfig>& loaded) {
  const std::string path = choice.db ? *choice.db : loaded ? loaded->database : std::string(kDefaultDatabase);
  store::OpenOptions options;
  options.mode = store::OpenMode::read_only;
  return store::Store::open(path, options);
}

Result<store::Store> open_mirror(const DatabaseChoice& choice) {
  auto config = load_config(choice);
  if (!config) return config.error();
  return open_mirror(choice, *config);
}

void print_truncation_notice(std::ostream& err, std::int64_t limit, std::string_view rows) {
  err << "pcsyncctl: showing the first " << limit << " " << rows << "; more match: use --limit N or --all\n";
}

int fail(std::ostream& err, const Error& e) {
  err << "pcsyncctl: " << e.message << "\n";
  return kExitFailure;
}

}  // namespace pcs::ctl
