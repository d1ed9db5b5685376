#pragma once
// pcsync-sim's command line, parsed into a plain struct (pure, tested).

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace pcs::sim {

struct CliOptions {
  std::string scenario;
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;
  bool tls = false;
  std::string tls_cert_out;
  std::string stats_file;
  bool allow_remote = false;
  bool help = false;
};

// Errors are of kind config with a message that says what to type instead.
Result<CliOptions> parse_cli(const std::vector<std::string>& args);
const char* cli_usage();

}  // namespace pcs::sim
