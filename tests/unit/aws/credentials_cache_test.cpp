#include <gtest/gtest.h>

#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "aws/credentials/caching_provider.hpp"
#include "aws/credentials/refresh_policy.hpp"
#include "credentials_async_util.hpp"

namespace pcs::aws {
namespace {

using namespace std::chrono_literals;
using test::run_awaitable;

Credentials creds(const std::string& id, std::optional<WallTime> exp) {
  Credentials c;
  c.access_key_id = id;
  c.secret_access_key = "secret-" + id;
  c.session_token = "token-" + id;
  c.expiration = exp;
  return c;
}

// ---- the pure policy ---------------------------------------------------------------------------------------

TEST(CredentialsRefreshPolicy, Decisions) {
  FakeClock clock;
  const WallTime now = clock.wall_now();
  const SteadyTime snow = clock.steady_now();
  RefreshOptions o;
  CacheView v;
  EXPECT_EQ(decide(v, now, snow, o), CacheDecision::refresh_and_wait);  // nothing cached
  v.cached = creds("A", std::nullopt);
  EXPECT_EQ(decide(v, now, snow, o), CacheDecision::use_cached);  // long-term keys never refresh
  v.cached = creds("A", now + 1h);
  EXPECT_EQ(decide(v, now, snow, o), CacheDecision::use_cached);
  EXPECT_EQ(decide(v, now + 55min, snow, o), CacheDecision::use_cached_and_refresh);  // inside the 5 min window
  v.refreshing = true;
  EXPECT_EQ(decide(v, now + 55min, snow, o), CacheDecision::use_cached);  // one refresh at a time
  v.refreshing = false;
  v.next_attempt_at = snow + 10s;
  EXPECT_EQ(decide(v, now + 55min, snow, o), CacheDecision::use_cached);  // backing off
  EXPECT_EQ(decide(v, now + 55min, snow + 10s, o), CacheDecision::use_cached_and_refresh);
  EXPECT_EQ(decide(v, now + 1h, snow + 10s, o), CacheDecision::refresh_and_wait);  // expired exactly now
  v.has_last_error = true;
  EXPECT_EQ(decide(v, now + 1h, snow, o), CacheDecision::fail_fast);
  v.refreshing = true;
  EXPECT_EQ(decide(v, now + 1h, snow, o), CacheDecision::refresh_and_wait);
}

TEST(CredentialsRefreshPolicy, BackoffDoublesUpToTheCap) {
  RefreshOptions o{300s, 5s, 60s};
  const SteadyTime t{};
  EXPECT_EQ(next_attempt_after_failure(t, 1, o) - t, 5s);
  EXPECT_EQ(next_attempt_after_failure(t, 2, o) - t, 10s);
  EXPECT_EQ(next_attempt_after_failure(t, 4, o) - t, 40s);
  EXPECT_EQ(next_attempt_after_failure(t, 5, o) - t, 60s);
  EXPECT_EQ(next_attempt_after_failure(t, 50, o) - t, 60s);
}

// ---- the provider ------------------------------------------------------------------------------------------

// Answers from a script; each answer may be held until release() so tests can look at the cache mid-refresh.
class ScriptedProvider final : public CredentialsProvider {
 public:
  std::deque<Result<Credentials>> answers;
  bool hold = false;
  int calls = 0;
  std::shared_ptr<boost::asio::steady_timer> gate;

  boost::asio::awaitable<Result<Credentials>> resolve() override {
    ++calls;
    if (hold) {
      gate = std::make_shared<boost::asio::steady_timer>(co_await boost::asio::this_coro::executor,
                                                         boost::asio::steady_timer::time_point::max());
      auto g = gate;
      co_await g->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    if (answers.empty()) co_return make_error(ErrorKind::config, "NoCredentials", "script exhausted");
    auto a = std::move(answers.front());
    answers.pop_front();
    co_return a;
  }
  std::string_view name() const override { return "scripted"; }
  void release() {
    hold = false;
    if (gate) gate->cancel();
  }
};

struct CacheFixture : ::testing::Test {
  FakeClock clock;
  boost::asio::io_context io;
  ScriptedProvider* inner = nullptr;
  std::unique_ptr<CachingCredentialsProvider> cache;

  void SetUp() override {
    auto p = std::make_unique<ScriptedProvider>();
    inner = p.get();
    cache = std::make_unique<CachingCredentialsProvider>(std::move(p), clock, RefreshOptions{300s, 5s, 60s});
  }
  Result<Credentials> get() {
    auto r = run_awaitable(io, cache->resolve(), 2s);
    if (!r) return make_error(ErrorKind::timeout, "Hang", "resolve did not complete");
    return std::move(*r);
  }
  void drain() {
    io.run_for(50ms);
    io.restart();
  }
};

TEST_F(CacheFixture, CachesUntilTheRefreshWindow) {
  inner->answers.push_back(creds("A", clock.wall_now() + 1h));
  inner->answers.push_back(creds("B", clock.wall_now() + 2h));
  EXPECT_EQ(get()->access_key_id, "A");
  clock.advance(50min);
  EXPECT_EQ(get()->access_key_id, "A");
  EXPECT_EQ(inner->calls, 1);
  clock.advance(6min);  // 4 min left: due
  EXPECT_EQ(get()->access_key_id, "A");  // answered at once with the old credentials...
  drain();
  EXPECT_EQ(inner->calls, 2);  // ...while the background refresh ran
  EXPECT_EQ(get()->access_key_id, "B");
}

TEST_F(CacheFixture, CallersDuringARefreshGetTheOldCredentials) {
  inner->answers.push_back(creds("A", clock.wall_now() + 1h));
  inner->answers.push_back(creds("B", clock.wall_now() + 2h));
  ASSERT_OK(get());
  clock.advance(57min);
  inner->hold = true;
  EXPECT_EQ(get()->access_key_id, "A");  // starts the refresh, which now hangs
  drain();
  EXPECT_TRUE(cache->refreshing());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(get()->access_key_id, "A");
  EXPECT_EQ(inner->calls, 2);  // no second refresh while one runs
  inner->release();
  drain();
  EXPECT_FALSE(cache->refreshing());
  EXPECT_EQ(get()->access_key_id, "B");
}

TEST_F(CacheFixture, FailedRefreshKeepsOldCredentialsAndBacksOff) {
  inner->answers.push_back(creds("A", clock.wall_now() + 1h));
  ASSERT_OK(get());
  clock.advance(56min);
  inner->answers.push_back(make_error(ErrorKind::server, "ImdsError", "metadata down"));
  EXPECT_EQ(get()->access_key_id, "A");
  drain();
  EXPECT_EQ(cache->consecutive_failures(), 1);
  EXPECT_EQ(get()->access_key_id, "A");  // within the 5 s backoff: no new attempt
  drain();
  EXPECT_EQ(inner->calls, 2);
  clock.advance(6s);
  inner->answers.push_back(make_error(ErrorKind::server, "ImdsError", "still down"));
  EXPECT_EQ(get()->access_key_id, "A");
  drain();
  EXPECT_EQ(inner->calls, 3);
  EXPECT_EQ(cache->consecutive_failures(), 2);

  // Real expiry with the source still down: an error naming the expiry, without the secret.
  clock.advance(5min);
  auto expired = get();
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.error().message.find("expired at"), std::string::npos) << expired.error().message;
  EXPECT_EQ(expired.error().message.find("secret-A"), std::string::npos);
  EXPECT_EQ(expired.error().message.find("token-A"), std::string::npos);

  // Once the backoff passes, a caller waits for a fresh fetch and gets it.
  clock.advance(1min);
  inner->answers.push_back(creds("C", clock.wall_now() + 1h));
  EXPECT_EQ(get()->access_key_id, "C");
  EXPECT_EQ(cache->consecutive_failures(), 0);
}

TEST_F(CacheFixture, ConcurrentFirstCallersShareOneFetch) {
  inner->hold = true;
  inner->answers.push_back(creds("A", clock.wall_now() + 1h));
  std::vector<std::string> got;
  for (int i = 0; i < 3; ++i) {
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
          auto r = co_await cache->resolve();
          got.push_back(r ? r->access_key_id : r.error().code);
        },
        boost::asio::detached);
  }
  drain();
  EXPECT_TRUE(got.empty());  // all waiting on the one fetch
  EXPECT_EQ(inner->calls, 1);
  inner->release();
  drain();
  EXPECT_EQ(got, (std::vector<std::string>{"A", "A", "A"}));
}

TEST_F(CacheFixture, FirstFetchFailureFailsFastWithinBackoff) {
  inner->answers.push_back(make_error(ErrorKind::config, "NoCredentials", "nothing configured"));
  auto first = get();
  EXPECT_EQ(first.error().code, "NoCredentials");
  auto second = get();
  EXPECT_EQ(second.error().code, "NoCredentials");
  EXPECT_EQ(inner->calls, 1);  // the provider is not hammered
  clock.advance(6s);
  inner->answers.push_back(creds("A", std::nullopt));
  EXPECT_EQ(get()->access_key_id, "A");
}

}  // namespace
}  // namespace pcs::aws
