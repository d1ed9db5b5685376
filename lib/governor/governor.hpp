#pragma once
// The throttling-aware request governor: every Partner Central call goes through Governor::run, which
//  1. waits (a cancellable steady_timer) for a token of the call's quota class and for its daily budget,
//  2. invokes the attempt closure,
//  3. on throttling lowers the class rate (adaptive modes), and retries retryable failures with full-jitter
//     backoff while the retry policy and the shared retry budget allow.
// The decisions live in GovernorCore (pure, fake-clock tested); this class only sleeps where it says.
//
// Retries RE-INVOKE THE SAME CLOSURE. A caller that must be idempotent across attempts builds its request
// once, outside the closure, and captures it: StartEngagementByAcceptingInvitationTask is retried with the
// same ClientToken, so the service answers every attempt with the one task it created.
//
// Everything runs on the one io_context thread; the Governor must outlive every run() it started.
// The clock must tick with std::chrono::steady_clock (SystemClock): timers are real. With a FakeClock only
// calls that never wait make progress; the decision logic is tested on GovernorCore instead.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <algorithm>
#include <cstdint>
#include <exception>
#include <functional>
#include <list>
#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "governor/governor_core.hpp"

namespace pcs::gov {

// One line per attempt, for the debug log, the benchmark and the daemon's latency and error metrics; never
// carries request content.
struct AttemptTrace {
  std::string_view operation;
  QuotaClass cls;
  int attempt = 0;                 // 1-based
  const Error* error = nullptr;    // null on success
  bool will_retry = false;
  std::chrono::nanoseconds delay{0};  // backoff before the next attempt
  std::chrono::nanoseconds took{0};   // the attempt itself, from its admission to its answer
};
using AttemptTraceHook = std::function<void(const AttemptTrace&)>;

class Governor {
 public:
  Governor(boost::asio::any_io_executor executor, GovernorConfig config, const Clock& clock, std::uint64_t seed);
  Governor(const Governor&) = delete;
  Governor& operator=(const Governor&) = delete;
  ~Governor();

  // `operation` is the API operation name ("ListEngagementInvitations"); it must outlive the call (a string
  // literal). `attempt` is given the call's deadline (call_timeout from the first admitted attempt;
  // SteadyTime::max() without one) and must not run past it. Completes with the attempt's value, its final
  // error, a timeout error (the deadline passed), a quota_exceeded error (reads, daily budget used up), or a
  // cancelled error (stop() or the awaiting coroutine's cancellation). Never throws: an exception escaping
  // `attempt` becomes an Error.
  template <class T>
  using Attempt = std::function<boost::asio::awaitable<Result<T>>(SteadyTime deadline)>;
  template <class T>
  boost::asio::awaitable<Result<T>> run(QuotaClass cls, std::string_view operation, Attempt<T> attempt);

  GovernorSnapshot snapshot() const { return core_.snapshot(clock_.steady_now()); }
  const CallCounts& counts(QuotaClass cls) const { return core_.counts(cls); }
  // Daily-budget and circuit conditions, once per change (not per call).
  void set_event_hook(GovernorEventHook hook) { core_.set_event_hook(std::move(hook)); }
  void set_trace_hook(AttemptTraceHook hook) { trace_ = std::move(hook); }
  void reconfigure(const GovernorConfig& config) { core_.reconfigure(config, clock_.steady_now()); }
  // See GovernorCore::restore_usage; `at` is wall time, mapped onto the steady clock.
  void restore_usage(QuotaClass cls, WallTime at, double n) {
    const auto age = std::max(clock_.wall_now() - at, WallTime::duration::zero());
    core_.restore_usage(cls, clock_.steady_now() - std::chrono::duration_cast<SteadyTime::duration>(age), n);
  }
  const GovernorConfig& config() const { return core_.config(); }

  // Shutdown: cancels every wait and makes later runs fail fast with ErrorKind::cancelled. Attempts already
  // in flight are the transport's to cancel.
  void stop();
  bool stopped() const { return stopped_; }

 private:
  boost::asio::awaitable<Status> admit(QuotaClass cls);
  boost::asio::awaitable<Status> sleep(std::chrono::nanoseconds delay);
  GovernorCore::Step after(QuotaClass cls, std::string_view operation, GovernorCore::Call& call, Error* error,
                           SteadyTime attempt_started);
  static Error from_exception(std::string_view operation, const char* what);
  static Error deadline_error(std::string_view operation, int attempts);

  boost::asio::any_io_executor executor_;
  const Clock& clock_;
  GovernorCore core_;
  AttemptTraceHook trace_;
  bool stopped_ = false;
  std::list<std::function<void()>> cancellers_;  // one per timer being waited on
};

template <class T>
boost::asio::awaitable<Result<T>> Governor::run(QuotaClass cls, std::string_view operation, Attempt<T> attempt) {
  GovernorCore::Call call;
  for (;;) {
    if (Status admitted = co_await admit(cls); !admitted.ok()) co_return admitted.error();
    const SteadyTime started = clock_.steady_now();
    const SteadyTime deadline = core_.attempt_deadline(call, started);
    if (call.attempts > 0 && started >= deadline) co_return deadline_error(operation, call.attempts);
    std::optional<Result<T>> outcome;
    try {
      outcome.emplace(co_await attempt(deadline));
    } catch (const std::exception& e) {
      outcome.emplace(from_exception(operation, e.what()));
    } catch (...) {
      outcome.emplace(from_exception(operation, "unknown exception"));
    }
    const GovernorCore::Step step = after(cls, operation, call, outcome->ok() ? nullptr : &outcome->error(), started);
    if (step.kind == GovernorCore::Step::Kind::done) co_return std::move(*outcome);
    if (Status slept = co_await sleep(step.delay); !slept.ok()) co_return slept.error();
  }
}

}  // namespace pcs::gov
