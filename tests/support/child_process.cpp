#include "child_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <thread>

namespace pcs::test {

using namespace std::chrono_literals;

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

SimProcess start_sim_process(const std::string& binary, const std::filesystem::path& scenario,
                             const std::filesystem::path& stats_file, const std::filesystem::path& home,
                             const std::filesystem::path& stderr_file) {
  SimProcess sim;
  sim.process = std::make_unique<ChildProcess>(
      binary,
      std::vector<std::string>{"--scenario", scenario.string(), "--listen", "127.0.0.1:0", "--stats-file",
                               stats_file.string()},
      std::map<std::string, std::string>{{"HOME", home.string()}}, stderr_file, true);
  if (!sim.process->started()) {
    ADD_FAILURE() << binary << " did not start";
    return sim;
  }
  const std::string line = sim.process->first_line();
  sim.port = listening_port(line);
  if (sim.port == 0) ADD_FAILURE() << "pcsync-sim said: " << line << "\n" << read_text_file(stderr_file);
  return sim;
}

std::map<std::string, std::string> daemon_environment(const std::filesystem::path& home,
                                                      std::string_view access_key_id,
                                                      std::string_view secret_access_key) {
  return {{"HOME", home.string()},
          {"PATH", "/usr/bin:/bin"},
          {"AWS_ACCESS_KEY_ID", std::string(access_key_id)},
          {"AWS_SECRET_ACCESS_KEY", std::string(secret_access_key)},
          {"AWS_EC2_METADATA_DISABLED", "true"},
          {"AWS_CONFIG_FILE", (home / "no-config").string()},
          {"AWS_SHARED_CREDENTIALS_FILE", (home / "no-credentials").string()}};
}

struct ChildProcess::Streams {
  bool pipe_stdout = false;
  std::filesystem::path stdout_file;  // empty and no pipe: /dev/null
  std::filesystem::path stdin_file;   // empty: the test's own stdin
};

ChildProcess::ChildProcess(const std::string& binary, std::vector<std::string> args,
                           const std::map<std::string, std::string>& env, const std::filesystem::path& stderr_file,
                           bool pipe_stdout)
    : ChildProcess(binary, std::move(args), env, stderr_file, Streams{pipe_stdout, {}, {}}) {}

ChildProcess::ChildProcess(const std::string& binary, std::vector<std::string> args,
                           const std::map<std::string, std::string>& env, const std::filesystem::path& stderr_file,
                           const std::filesystem::path& stdout_file)
    : ChildProcess(binary, std::move(args), env, stderr_file, Streams{false, stdout_file, {}}) {}

ChildProcess::ChildProcess(const std::string& binary, std::vector<std::string> args,
                           const std::map<std::string, std::string>& env, const std::filesystem::path& stderr_file,
                           const Streams& streams) {
  spawn(binary, std::move(args), env, stderr_file, streams);
}

void ChildProcess::spawn(const std::string& binary, std::vector<std::string> args,
                         const std::map<std::string, std::string>& env, const std::filesystem::path& stderr_file,
                         const Streams& streams) {
  int fds[2] = {-1, -1};
  if (streams.pipe_stdout && pipe(fds) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!streams.stdin_file.empty())
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, streams.stdin_file.c_str(), O_RDONLY, 0);
  if (streams.pipe_stdout) {
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
  } else if (!streams.stdout_file.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, streams.stdout_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  }
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  args.insert(args.begin(), binary);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> vars;
  for (const auto& [k, v] : env) vars.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& v : vars) envp.push_back(v.data());
  envp.push_back(nullptr);
  if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  if (streams.pipe_stdout) {
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
  }
}

ChildProcess::~ChildProcess() {
  kill_now();
  if (out_) fclose(out_);
}

std::string ChildProcess::first_line(std::chrono::milliseconds limit) {
  char buf[512] = {0};
  if (!out_) return {};
  pollfd p{fileno(out_), POLLIN, 0};
  if (poll(&p, 1, int(limit.count())) <= 0) return {};
  if (!fgets(buf, sizeof buf, out_)) return {};
  std::string s(buf);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string ChildProcess::read_stdout(std::chrono::milliseconds limit) {
  std::string out;
  if (!out_) return out;
  const auto until = std::chrono::steady_clock::now() + limit;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    pollfd p{fileno(out_), POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, int(left.count())) <= 0) return out;
    // read(2), not stdio: a partial line must not block until the rest arrives.
    const auto n = ::read(fileno(out_), buf, sizeof buf);
    if (n <= 0) return out;
    out.append(buf, std::size_t(n));
  }
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds limit) {
  if (pid_ <= 0) return status_;
  for (auto waited = 0ms;; waited += 10ms) {
    int status = 0;
    rusage usage{};
    if (wait4(pid_, &status, WNOHANG, &usage) == pid_) {
      pid_ = -1;
      exited_max_rss_kb_ = usage.ru_maxrss;
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return status_;
    }
    if (waited >= limit) return std::nullopt;
    std::this_thread::sleep_for(10ms);
  }
}

std::optional<int> ChildProcess::terminate(std::chrono::milliseconds limit) {
  signal(SIGTERM);
  return wait(limit);
}

void ChildProcess::signal(int signo) {
  if (pid_ > 0) ::kill(pid_, signo);
}

void ChildProcess::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

long ChildProcess::peak_rss_kb() const {
  if (pid_ <= 0) return exited_max_rss_kb_;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

int ChildProcess::open_fds() const {
  if (pid_ <= 0) return -1;
  std::error_code ec;
  int n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid_) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return ec ? -1 : n;
}

ProcessRun run_process(const std::string& binary, std::vector<std::string> args,
                       const std::map<std::string, std::string>& env, const std::filesystem::path& output_prefix,
                       std::chrono::milliseconds limit, std::string_view stdin_text) {
  const std::filesystem::path in = output_prefix.string() + ".in";
  const std::filesystem::path out = output_prefix.string() + ".out";
  const std::filesystem::path err = output_prefix.string() + ".err";
  std::error_code ignored;
  std::filesystem::remove(err, ignored);  // stderr is appended to: each run starts it afresh
  std::ofstream(in, std::ios::binary | std::ios::trunc) << stdin_text;
  ProcessRun run;
  {
    ChildProcess child(binary, std::move(args), env, err, ChildProcess::Streams{false, out, in});
    if (!child.started()) {
      ADD_FAILURE() << "cannot start " << binary;
      return run;
    }
    run.exit_code = child.wait(limit);  // the destructor SIGKILLs a child still running
  }
  run.out = read_text_file(out);
  run.err = read_text_file(err);
  return run;
}

std::uint16_t listening_port(std::string_view first_line) {
  constexpr std::string_view kPrefix = "listening on 127.0.0.1:";
  if (first_line.substr(0, kPrefix.size()) != kPrefix) return 0;
  const std::string_view digits = first_line.substr(kPrefix.size());
  unsigned port = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || end != digits.data() + digits.size() || port == 0 || port > 65535) return 0;
  return static_cast<std::uint16_t>(port);
}

}  // namespace pcs::test
