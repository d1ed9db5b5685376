#include "service/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

namespace pcs::service {

bool valid_log_level(std::string_view level) {
  return level == "trace" || level == "debug" || level == "info" || level == "warn" || level == "error";
}

std::shared_ptr<spdlog::logger> setup_logging(const LogOptions& options) {
  bool journal = options.target == LogTarget::journal ||
                 (options.target == LogTarget::automatic && std::getenv("JOURNAL_STREAM") != nullptr);
  std::shared_ptr<spdlog::logger> logger;
  if (journal) {
    logger = std::make_shared<spdlog::logger>(options.name, std::make_shared<spdlog::sinks::systemd_sink_mt>(options.name));
    logger->set_pattern("%v");  // the journal stamps time, unit and priority itself
  } else {
    logger = std::make_shared<spdlog::logger>(options.name, std::make_shared<spdlog::sinks::stderr_sink_mt>());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(spdlog::level::from_str(valid_log_level(options.level) ? options.level : "info"));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  return logger;
}

}  // namespace pcs::service
