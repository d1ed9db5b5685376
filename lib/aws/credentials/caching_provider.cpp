#include "aws/credentials/caching_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <exception>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/time_format.hpp"

namespace pcs::aws {

namespace asio = boost::asio;

struct CachingCredentialsProvider::State {
  std::unique_ptr<CredentialsProvider> inner;
  const Clock& clock;
  RefreshOptions options;
  std::optional<Credentials> cached;
  std::optional<Error> last_error;
  bool refreshing = false;
  int failures = 0;
  SteadyTime next_attempt_at{};
  std::size_t inner_calls = 0;
  // Callers waiting for the refresh in flight; cancelling a timer wakes its caller.
  std::vector<std::shared_ptr<asio::steady_timer>> waiters;

  State(std::unique_ptr<CredentialsProvider> i, const Clock& c, RefreshOptions o)
      : inner(std::move(i)), clock(c), options(o) {}
};

namespace {

using State = CachingCredentialsProvider::State;

asio::awaitable<void> refresh(std::shared_ptr<State> st) {
  st->refreshing = true;
  ++st->inner_calls;
  Result<Credentials> r = make_error(ErrorKind::config, "CredentialsRefreshFailed", "no result");
  try {
    r = co_await st->inner->resolve();
  } catch (const std::exception& e) {
    // Providers do not throw; if one ever does, it must not escape a detached coroutine.
    r = make_error(ErrorKind::config, "CredentialsRefreshFailed", std::string("credentials refresh failed: ") + e.what());
  }
  st->refreshing = false;
  const SteadyTime now = st->clock.steady_now();
  if (r && !r->empty()) {
    st->cached = std::move(r).value();
    st->last_error.reset();
    st->failures = 0;
    // Even credentials that are due at once are not refetched in a tight loop.
    st->next_attempt_at = now + st->options.min_retry;
  } else {
    st->last_error = r ? make_error(ErrorKind::config, "NoCredentials", "the credentials provider returned empty keys")
                       : r.error();
    ++st->failures;
    st->next_attempt_at = next_attempt_after_failure(now, st->failures, st->options);
  }
  auto waiters = std::move(st->waiters);
  st->waiters.clear();
  for (auto& t : waiters) t->cancel();
}

Error expired_error(const State& st) {
  Error e = st.last_error ? *st.last_error : make_error(ErrorKind::config, "NoCredentials", "no credentials");
  if (st.cached && st.cached->expiration) {
    e.message = "credentials " + st.cached->redacted() + " expired at " + format_iso8601(*st.cached->expiration) +
                " and could not be refreshed: " + e.message;
  }
  return e;
}

}  // namespace

CachingCredentialsProvider::CachingCredentialsProvider(std::unique_ptr<CredentialsProvider> inner, const Clock& clock,
                                                       RefreshOptions options)
    : state_(std::make_shared<State>(std::move(inner), clock, options)) {}

CachingCredentialsProvider::~CachingCredentialsProvider() = default;

asio::awaitable<Result<Credentials>> CachingCredentialsProvider::resolve() {
  auto st = state_;  // a background refresh may outlive this call
  auto executor = co_await asio::this_coro::executor;
  while (true) {
    CacheView view{st->cached, st->refreshing, st->last_error.has_value(), st->next_attempt_at};
    switch (decide(view, st->clock.wall_now(), st->clock.steady_now(), st->options)) {
      case CacheDecision::use_cached:
        co_return *st->cached;
      case CacheDecision::use_cached_and_refresh: {
        // Copied first: co_spawn may start (and even finish) the refresh before returning.
        Credentials current = *st->cached;
        asio::co_spawn(executor, refresh(st), asio::detached);
        co_return current;
      }
      case CacheDecision::fail_fast:
        co_return expired_error(*st);
      case CacheDecision::refresh_and_wait:
        if (!st->refreshing) {
          co_await refresh(st);
          if (st->cached && still_valid(*st->cached, st->clock.wall_now())) co_return *st->cached;
          co_return expired_error(*st);
        } else {
          auto timer = std::make_shared<asio::steady_timer>(executor, asio::steady_timer::time_point::max());
          st->waiters.push_back(timer);
          co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
          // Re-decide: the refresh either left valid credentials or an error within its backoff.
          if (!st->refreshing && !(st->cached && still_valid(*st->cached, st->clock.wall_now()))) {
            co_return expired_error(*st);
          }
        }
        break;
    }
  }
}

void CachingCredentialsProvider::invalidate() {
  if (state_->refreshing) return;
  state_->cached.reset();
  state_->next_attempt_at = state_->clock.steady_now();
}

std::optional<Credentials> CachingCredentialsProvider::cached() const { return state_->cached; }
bool CachingCredentialsProvider::refreshing() const { return state_->refreshing; }
int CachingCredentialsProvider::consecutive_failures() const { return state_->failures; }
std::size_t CachingCredentialsProvider::inner_calls() const { return state_->inner_calls; }

}  // namespace pcs::aws
