#pragma once
// credential_process: runs the profile's command with /bin/sh -c (as the Go, Java and Rust SDKs do), reads
// its stdout as the JSON Version 1 document, and fails on a non-zero exit, a timeout or malformed output.
// The child gets /dev/null as stdin, its own process group (so a timeout kills the command's children too)
// and the daemon's environment. Its stderr is read but never shown: a helper may print secrets there.

#include <chrono>
#include <cstddef>
#include <string>

#include "aws/credentials/provider.hpp"

namespace pcs::aws {

struct ProcessOptions {
  std::chrono::milliseconds timeout{60'000};  // the whole run, as the SDKs allow (one minute)
  std::size_t max_output_bytes = 64 * 1024;   // a credentials document is < 2 KiB; more is a broken helper
};

// What a run produced, before the JSON is read. Exposed for tests and pcsyncctl doctor.
struct ProcessRun {
  int exit_status = -1;    // the exit code, or -1 when killed by a signal
  int signal = 0;          // the signal that ended it, if any
  std::string stdout_text;
  std::size_t stderr_bytes = 0;
};

// Runs `command`; Error kind config (code CredentialProcessFailed: spawn failure), timeout
// (CredentialProcessTimeout) or protocol (CredentialProcessOutputTooLarge). `label` names the profile in
// messages ("credential_process of profile dev"); the command itself is not repeated (it may carry arguments
// an operator would rather not see in logs).
boost::asio::awaitable<Result<ProcessRun>> run_process(std::string command, ProcessOptions options,
                                                       std::string label);

class ProcessCredentialsProvider final : public CredentialsProvider {
 public:
  ProcessCredentialsProvider(std::string command, std::string profile_name, ProcessOptions options = {});
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "process"; }

 private:
  std::string command_;
  std::string profile_name_;
  ProcessOptions options_;
};

}  // namespace pcs::aws
