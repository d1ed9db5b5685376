#include "governor/governor.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>

namespace pcs::gov {

namespace {
Error cancelled_error() {
  return make_error(ErrorKind::cancelled, "Cancelled", "pcsyncd is stopping; the call was not completed");
}
}  // namespace

Governor::Governor(boost::asio::any_io_executor executor, GovernorConfig config, const Clock& clock,
                   std::uint64_t seed)
    : executor_(std::move(executor)), clock_(clock), core_(std::move(config), clock.steady_now(), seed) {}

Governor::~Governor() = default;

void Governor::stop() {
  stopped_ = true;
  // Cancelling resumes the waiters later (posted), so the list is not modified while we walk it.
  for (auto& cancel : cancellers_) cancel();
}

Error Governor::from_exception(std::string_view operation, const char* what) {
  // A throwing attempt is a bug in the caller's code, not the service: report it, never retry it.
  return make_error(ErrorKind::protocol, "UnexpectedException",
                    std::string(operation) + " failed inside pcsyncd: " + what + "; please report this");
}

Error Governor::deadline_error(std::string_view operation, int attempts) {
  return make_error(ErrorKind::timeout, "CallTimeout",
                    std::string(operation) + " did not complete within call_timeout (" + std::to_string(attempts) +
                        (attempts == 1 ? " attempt" : " attempts") +
                        "); the service or the network is slow: check them, or raise call_timeout");
}

boost::asio::awaitable<Status> Governor::sleep(std::chrono::nanoseconds delay) {
  if (stopped_) co_return cancelled_error();
  if (delay.count() <= 0) co_return Ok{};
  boost::asio::steady_timer timer(executor_);
  timer.expires_after(delay);
  auto it = cancellers_.insert(cancellers_.end(), [&timer] { timer.cancel(); });
  auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  cancellers_.erase(it);
  if (ec || stopped_) co_return cancelled_error();
  co_return Ok{};
}

boost::asio::awaitable<Status> Governor::admit(QuotaClass cls) {
  for (;;) {
    if (stopped_) co_return cancelled_error();
    auto admission = core_.admit(cls, clock_.steady_now());
    switch (admission.kind) {
      case GovernorCore::Admission::Kind::go:
        co_return Ok{};
      case GovernorCore::Admission::Kind::refuse:
        co_return std::move(*admission.error);
      case GovernorCore::Admission::Kind::wait:
        if (Status slept = co_await sleep(admission.wait); !slept.ok()) co_return slept.error();
        break;  // ask again: another caller may have taken the token meanwhile, or the rate changed
    }
  }
}

GovernorCore::Step Governor::after(QuotaClass cls, std::string_view operation, GovernorCore::Call& call, Error* error,
                                   SteadyTime attempt_started) {
  const SteadyTime now = clock_.steady_now();
  const auto step = core_.after_attempt(cls, now, call, error);
  if (trace_) {
    trace_(AttemptTrace{operation, cls, call.attempts, error, step.kind == GovernorCore::Step::Kind::retry,
                        step.delay, now - attempt_started});
  }
  return step;
}

}  // namespace pcs::gov
