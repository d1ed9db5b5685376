#include "aws/credentials/process_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "aws/credentials/json_credentials.hpp"
#include "core/unique_fd.hpp"

extern char** environ;

namespace pcs::aws {
namespace {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;


// Reads until EOF, keeping at most `max` bytes (the rest is drained so the child never blocks on a full pipe).
asio::awaitable<std::size_t> read_all(asio::posix::stream_descriptor& sd, std::string* out, std::size_t max) {
  char buf[4096];
  std::size_t total = 0;
  while (true) {
    auto [ec, n] = co_await sd.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    total += n;
    if (out != nullptr && out->size() < max) out->append(buf, std::min(n, max - out->size()));
    if (ec) co_return total;
  }
}

Error spawn_error(const std::string& label, const std::string& what) {
  return make_error(ErrorKind::config, "CredentialProcessFailed",
                    label + " could not be started (" + what + "); check the command in the shared config file");
}

std::optional<std::pair<int, int>> reap(pid_t pid, bool block) {
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r != pid) return std::nullopt;
  if (WIFEXITED(status)) return std::pair{WEXITSTATUS(status), 0};
  if (WIFSIGNALED(status)) return std::pair{-1, WTERMSIG(status)};
  return std::pair{-1, 0};
}

}  // namespace

asio::awaitable<Result<ProcessRun>> run_process(std::string command, ProcessOptions options, std::string label) {
  auto executor = co_await asio::this_coro::executor;
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) co_return spawn_error(label, std::strerror(errno));
  core::UniqueFd out_read{out_pipe[0]}, out_write{out_pipe[1]};
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) co_return spawn_error(label, std::strerror(errno));
  core::UniqueFd err_read{err_pipe[0]}, err_write{err_pipe[1]};

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), 2);
  // Its own process group, so that a timeout can end the command and whatever it started.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGHUP);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);

  std::string sh = "/bin/sh", dash_c = "-c";
  char* argv[] = {sh.data(), dash_c.data(), command.data(), nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) co_return spawn_error(label, std::strerror(rc));
  out_write.reset();
  err_write.reset();

  ProcessRun run;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  try {
    asio::posix::stream_descriptor out_sd(executor, out_read.release());
    asio::posix::stream_descriptor err_sd(executor, err_read.release());
    asio::steady_timer timer(executor, deadline);
    auto outcome = co_await ((read_all(out_sd, &run.stdout_text, options.max_output_bytes + 1) &&
                              read_all(err_sd, nullptr, 0)) ||
                             timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (outcome.index() == 1) {
      timed_out = true;
    } else {
      run.stderr_bytes = std::get<1>(std::get<0>(outcome));
      // Both pipes are closed; the shell normally exits right after. Poll briefly within the deadline.
      while (true) {
        if (auto st = reap(pid, false)) {
          run.exit_status = st->first;
          run.signal = st->second;
          pid = 0;
          break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
          timed_out = true;
          break;
        }
        timer.expires_after(std::chrono::milliseconds(5));
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      }
    }
  } catch (const std::exception& e) {
    timed_out = false;
    if (pid > 0) {
      ::kill(-pid, SIGKILL);
      (void)reap(pid, true);
    }
    co_return spawn_error(label, e.what());
  }
  if (timed_out) {
    if (pid > 0) {
      ::kill(-pid, SIGKILL);
      (void)reap(pid, true);
    }
    co_return make_error(ErrorKind::timeout, "CredentialProcessTimeout",
                         label + " did not finish within " + std::to_string(options.timeout.count()) +
                             " ms and was killed; run the command by hand to see why it hangs");
  }
  if (run.stdout_text.size() > options.max_output_bytes) {
    co_return make_error(ErrorKind::protocol, "CredentialProcessOutputTooLarge",
                         label + " printed more than " + std::to_string(options.max_output_bytes) +
                             " bytes; it must print only the JSON credentials document");
  }
  co_return run;
}

ProcessCredentialsProvider::ProcessCredentialsProvider(std::string command, std::string profile_name,
                                                       ProcessOptions options)
    : command_(std::move(command)), profile_name_(std::move(profile_name)), options_(options) {}

asio::awaitable<Result<Credentials>> ProcessCredentialsProvider::resolve() {
  const std::string label = "credential_process of profile " + profile_name_;
  auto run = co_await run_process(command_, options_, label);
  if (!run) co_return run.error();
  if (run->exit_status != 0) {
    const std::string how = run->signal != 0 ? "was killed by signal " + std::to_string(run->signal)
                                             : "exited with status " + std::to_string(run->exit_status);
    // stderr is not quoted: helpers sometimes print tokens there.
    co_return make_error(ErrorKind::config, "CredentialProcessFailed",
                         label + " " + how + " (" + std::to_string(run->stderr_bytes) +
                             " bytes on stderr, not shown because they may hold secrets); run the command by "
                             "hand to see why");
  }
  auto creds = parse_process_credentials(run->stdout_text, label);
  if (!creds) co_return creds.error();
  creds->source = "process (profile " + profile_name_ + ")";
  co_return creds;
}

}  // namespace pcs::aws
