#pragma once
// A child process for tests that run the shipped binaries: a clean environment (only what the test passes),
// stdout to a pipe (first_line) or /dev/null, stderr appended to a file. Every wait has a limit, and the
// child is SIGKILLed when the object goes, so a failing test never leaves a process behind.

#include <sys/types.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pcs::test {

class ChildProcess {
 public:
  ChildProcess(const std::string& binary, std::vector<std::string> args, const std::map<std::string, std::string>& env,
               const std::filesystem::path& stderr_file, bool pipe_stdout);
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
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::optional<int> status_;
  long exited_max_rss_kb_ = 0;
};

std::string read_text_file(const std::filesystem::path& path);

}  // namespace pcs::test
