#pragma once
// One logger configured once at start. Under systemd (JOURNAL_STREAM set) it writes to the journal with
// priorities mapped from levels; otherwise to stderr with timestamps.

#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace pcs::service {

enum class LogTarget { automatic, journal, stderr_text };

struct LogOptions {
  std::string level = "info";  // trace, debug, info, warn, error
  LogTarget target = LogTarget::automatic;
  std::string name = "pcsyncd";
};

// Returns false (and leaves the default logger) when the level is unknown.
bool valid_log_level(std::string_view level);
std::shared_ptr<spdlog::logger> setup_logging(const LogOptions& options);

}  // namespace pcs::service
