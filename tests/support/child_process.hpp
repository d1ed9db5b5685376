#pragma once
// A child process for tests that run the shipped binaries: a clean environment (only what the test passes),
// stdout to a pipe (first_line), a file or /dev/null, stderr appended to a file. Every wait has a limit, and the
// child is SIGKILLed when the object goes, so a failing test never leaves a process behind.
// The one way the tests start a process: run_process() for a command run to its end, ChildProcess for one that
// runs beside the test (pcsync-sim, pcsyncd in service mode).

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pcs::test {

struct ProcessRun;

class ChildProcess {
 public:
  // stdout to a pipe read by first_line() when `pipe_stdout`, else to /dev/null.
  ChildProcess(const std::string& binary, std::vector<std::string> args, const std::map<std::string, std::string>& env,
               const std::filesystem::path& stderr_file, bool pipe_stdout);
  // stdout to `stdout_file` (created or truncated).
  ChildProcess(const std::string& binary, std::vector<std::string> args, const std::map<std::string, std::string>& env,
               const std::filesystem::path& stderr_file, const std::filesystem::path& stdout_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0 || status_.has_value(); }
  pid_t pid() const { return pid_; }
  // The next stdout line, or "" when none came within `limit` (or the child exited without one).
  std::string first_line(std::chrono::milliseconds limit = std::chrono::seconds{10});
  // Everything the child writes to stdout until it closes it (it exits), or until `limit` passes. Not after
  // first_line(): stdio may hold bytes it read ahead.
  std::string read_stdout(std::chrono::milliseconds limit = std::chrono::seconds{10});
  // Waits up to `limit` for the exit: the exit status, 128 + the signal, or nothing on timeout.
  std::optional<int> wait(std::chrono::milliseconds limit);
  // SIGTERM, then wait(limit).
  std::optional<int> terminate(std::chrono::milliseconds limit);
  void signal(int signo);
  void kill_now();
  // Peak resident memory of the child in kB: VmHWM while it runs, the kernel's ru_maxrss once wait() saw it
  // exit; 0 when unknown. ru_maxrss is only an upper bound: exec records the high-water mark of the memory it
  // replaces, which for a posix_spawn child is this process's, so it is at least the test's own peak. For the
  // child's own figure, sample it while it runs.
  long peak_rss_kb() const;
  // Open file descriptors of the child, while it runs; -1 when unreadable.
  int open_fds() const;

 private:
  friend ProcessRun run_process(const std::string&, std::vector<std::string>, const std::map<std::string, std::string>&,
                                const std::filesystem::path&, std::chrono::milliseconds, std::string_view);
  struct Streams;
  explicit ChildProcess(const std::string& binary, std::vector<std::string> args,
                        const std::map<std::string, std::string>& env, const std::filesystem::path& stderr_file,
                        const Streams& streams);
  void spawn(const std::string& binary, std::vector<std::string> args, const std::map<std::string, std::string>& env,
             const std::filesystem::path& stderr_file, const Streams& streams);

  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::optional<int> status_;
  long exited_max_rss_kb_ = 0;
};

// A command run to its end: its exit status and what it printed.
struct ProcessRun {
  std::optional<int> exit_code;  // nullopt: it did not start, or still ran at the limit and was SIGKILLed
  std::string out;
  std::string err;
  std::string all() const { return out + err; }
};

// Runs `binary` with exactly `env` until it exits or `limit` passes (then SIGKILL); stdin reads `stdin_text`,
// stdout and stderr go to `output_prefix` + ".out" / ".err" (the text to ".in"), replaced on each run. A binary
// that cannot start fails the test.
ProcessRun run_process(const std::string& binary, std::vector<std::string> args,
                       const std::map<std::string, std::string>& env, const std::filesystem::path& output_prefix,
                       std::chrono::milliseconds limit, std::string_view stdin_text = {});

// The port in "listening on 127.0.0.1:PORT", the first line pcsync-sim prints once it listens; 0 for any other
// line (it exited, or printed an error first).
std::uint16_t listening_port(std::string_view first_line);

std::string read_text_file(const std::filesystem::path& path);

// pcsync-sim (`binary`) on 127.0.0.1:0 with `scenario`, HOME=home, writing its stats to `stats_file` at SIGTERM
// and its stderr to `stderr_file`; `port` is where it listens (0, and a failed test, when it did not say).
struct SimProcess {
  std::unique_ptr<ChildProcess> process;
  std::uint16_t port = 0;
};
SimProcess start_sim_process(const std::string& binary, const std::filesystem::path& scenario,
                             const std::filesystem::path& stats_file, const std::filesystem::path& home,
                             const std::filesystem::path& stderr_file);

// The whole environment for pcsyncd against a local endpoint with static keys: HOME, a plain PATH, the keys,
// IMDS off and the shared files pointed at absent files under `home`, so nothing of the user's leaks in.
std::map<std::string, std::string> daemon_environment(const std::filesystem::path& home,
                                                      std::string_view access_key_id,
                                                      std::string_view secret_access_key);

}  // namespace pcs::test
