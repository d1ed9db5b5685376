// Governor::run on a real io_context with short real timers: tiny backoff and fast buckets keep it quick,
// a guard timer turns a hang into a failure.
#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "governor/governor.hpp"
#include "io_helpers.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

GovernorConfig fast_config() {
  GovernorConfig c;
  c.read.per_second = 2000;  // x 0.5 = 1000/s: pacing waits are at most 1 ms
  c.write.per_second = 2000;
  c.backoff_base = 1ms;
  c.backoff_cap = 5ms;
  c.max_attempts = 5;
  return c;
}

struct Request {
  std::string client_token;
};

// An attempt that throttles `throttles` times, then answers with the request's token.
struct FakeService {
  int throttles = 0;
  int calls = 0;
  std::vector<const Request*> seen;

  Governor::Attempt<std::string> attempt_for(std::shared_ptr<const Request> request) {
    return [this, request](SteadyTime) -> asio::awaitable<Result<std::string>> {
      ++calls;
      seen.push_back(request.get());
      if (calls <= throttles) co_return make_error(ErrorKind::throttling, "ThrottlingException", "Rate exceeded");
      co_return request->client_token;
    };
  }
};

// One governor on a real io_context; each call runs to its end under the tests' guard.
class GovernorTest : public ::testing::Test {
 protected:
  Governor& governor(GovernorConfig config = fast_config()) { return governor_.emplace(io.get_executor(), config, clock, 7); }

  template <class T>
  Result<T> call(QuotaClass cls, std::string_view operation, Governor::Attempt<T> attempt) {
    auto done = pcs::test::run_awaitable(io, governor_->run<T>(cls, operation, std::move(attempt)));
    if (!done) return make_error(ErrorKind::timeout, "TestGuard", "the call did not complete under the guard");
    return std::move(*done);
  }

  asio::io_context io;
  SystemClock clock;
  std::optional<Governor> governor_;
};

TEST_F(GovernorTest, RetriesThrottlingThenSucceedsReinvokingTheSameClosure) {
  Governor& gov = governor();
  std::vector<AttemptTrace> traces;
  gov.set_trace_hook([&](const AttemptTrace& t) { traces.push_back(t); });
  FakeService service;
  service.throttles = 3;
  auto request = std::make_shared<const Request>(Request{"token-123"});

  auto result = call<std::string>(QuotaClass::write, "StartEngagementByAcceptingInvitationTask", service.attempt_for(request));
  ASSERT_OK(result);
  EXPECT_EQ(result.value(), "token-123");
  EXPECT_EQ(service.calls, 4);
  for (const Request* seen : service.seen) EXPECT_EQ(seen, request.get()) << "every attempt sends the same request";
  ASSERT_EQ(traces.size(), 4u);
  EXPECT_TRUE(traces[0].will_retry);
  EXPECT_EQ(traces[0].operation, "StartEngagementByAcceptingInvitationTask");
  EXPECT_EQ(traces[3].attempt, 4);
  EXPECT_EQ(traces[3].error, nullptr);
  const auto s = gov.snapshot();
  EXPECT_EQ(s.write.calls.throttles, 3u);
  EXPECT_EQ(s.write.calls.retries, 3u);
  EXPECT_EQ(s.write.calls.attempts, 4u);
  EXPECT_LT(s.write.rate, s.write.ceiling);  // lowered by the throttles, recovering
}

// The trace's `took` times each attempt, from its admission to its answer (the metrics' latency histogram).
TEST_F(GovernorTest, TheTraceTimesEachAttempt) {
  std::vector<AttemptTrace> traces;
  governor().set_trace_hook([&](const AttemptTrace& t) { traces.push_back(t); });
  int calls = 0;
  Governor::Attempt<std::string> slow = [&](SteadyTime) -> asio::awaitable<Result<std::string>> {
    asio::steady_timer timer(co_await asio::this_coro::executor, 30ms);
    co_await timer.async_wait(asio::use_awaitable);
    if (++calls == 1) co_return make_error(ErrorKind::server, "InternalServerException", "try again");
    co_return std::string("done");
  };
  ASSERT_OK(call<std::string>(QuotaClass::read, "ListEngagementInvitations", slow));
  ASSERT_EQ(traces.size(), 2u);
  for (const auto& t : traces) EXPECT_GE(t.took, 30ms);
}

TEST_F(GovernorTest, GivesUpAfterMaxAttempts) {
  auto config = fast_config();
  config.max_attempts = 3;
  governor(config);
  FakeService service;
  service.throttles = 100;
  auto result = call<std::string>(QuotaClass::read, "ListEngagementInvitations",
                                  service.attempt_for(std::make_shared<const Request>()));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::throttling);
  EXPECT_EQ(service.calls, 3);
}

// The governor retries exactly as the outcome table (lib/core) says, kind by kind: up to max_attempts for a
// retryable kind, once more at once for a corrected one (clock offset, credentials), never otherwise.
TEST_F(GovernorTest, RetriesEachKindAsTheOutcomeTableSays) {
  for (int k = 0; k <= int(ErrorKind::expired_token); ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    Governor& gov = governor();
    int calls = 0;
    auto result = call<Ok>(QuotaClass::write, "RejectEngagementInvitation", [&](SteadyTime) -> asio::awaitable<Status> {
      ++calls;
      co_return make_error(kind, "X", "always");
    });
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, kind);
    const RetryClass retry = outcome_of(kind).retry;
    const int expected = retry == RetryClass::never ? 1 : retry == RetryClass::at_once ? 2 : gov.config().max_attempts;
    EXPECT_EQ(calls, expected) << to_string(kind);
  }
}

TEST_F(GovernorTest, TransientErrorsAreRetried) {
  Governor& gov = governor();
  int calls = 0;
  auto result = call<int>(QuotaClass::read, "GetEngagementInvitation", [&](SteadyTime) -> asio::awaitable<Result<int>> {
    ++calls;
    if (calls == 1) co_return make_error(ErrorKind::transport, "ConnectionReset", "reset");
    if (calls == 2) co_return make_error(ErrorKind::timeout, "Timeout", "slow");
    co_return 42;
  });
  ASSERT_OK(result);
  EXPECT_EQ(result.value(), 42);
  EXPECT_EQ(calls, 3);
  EXPECT_DOUBLE_EQ(gov.snapshot().retry_budget, 500);  // refunded by the success
}

TEST_F(GovernorTest, ExceptionsBecomeErrors) {
  governor();
  int calls = 0;
  auto result = call<int>(QuotaClass::read, "ListEngagementInvitations", [&](SteadyTime) -> asio::awaitable<Result<int>> {
    ++calls;
    throw std::runtime_error("bad mapping");
    co_return 1;
  });
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("bad mapping"), std::string::npos);
  EXPECT_EQ(calls, 1);
}

TEST(Governor, PacesConcurrentCallers) {
  asio::io_context io;
  SystemClock clock;
  auto config = fast_config();
  config.write.per_second = 100;  // x 0.5 = 50/s: 20 ms apart
  Governor gov(io.get_executor(), config, clock, 7);
  std::vector<SteadyTime> sent;
  int done = 0;
  for (int i = 0; i < 5; ++i) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          auto r = co_await gov.run<int>(QuotaClass::write, "RejectEngagementInvitation",
                                         [&](SteadyTime) -> asio::awaitable<Result<int>> {
                                           sent.push_back(std::chrono::steady_clock::now());
                                           co_return 0;
                                         });
          EXPECT_OK(r);
          ++done;
        },
        asio::detached);
  }
  ASSERT_TRUE(pcs::test::run_for(io, 5s));
  ASSERT_EQ(done, 5);
  ASSERT_EQ(sent.size(), 5u);
  // Never faster than the rate (timers only fire late): 4 gaps of at least 20 ms.
  EXPECT_GE(sent.back() - sent.front(), 80ms - 1ms);
}

TEST(Governor, StopCancelsWaitersAndLaterRuns) {
  asio::io_context io;
  SystemClock clock;
  auto config = fast_config();
  config.write.per_second = 0.02;  // one write per 100 s: the second caller would wait
  Governor gov(io.get_executor(), config, clock, 7);
  std::vector<Result<int>> results;
  auto attempt = [](SteadyTime) -> asio::awaitable<Result<int>> { co_return 1; };
  for (int i = 0; i < 2; ++i)
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          results.push_back(co_await gov.run<int>(QuotaClass::write, "RejectEngagementInvitation", attempt));
        },
        asio::detached);
  asio::steady_timer stopper(io, 20ms);
  stopper.async_wait([&](boost::system::error_code) { gov.stop(); });
  ASSERT_TRUE(pcs::test::run_for(io, 5s));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok());
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().kind, ErrorKind::cancelled);

  auto later = pcs::test::run_awaitable(io, gov.run<int>(QuotaClass::read, "ListEngagementInvitations", attempt));
  ASSERT_TRUE(later.has_value());
  ASSERT_FALSE(later->ok());
  EXPECT_EQ(later->error().kind, ErrorKind::cancelled);
}

TEST(Governor, CancellingTheAwaitingCoroutineEndsTheWait) {
  asio::io_context io;
  SystemClock clock;
  auto config = fast_config();
  config.write.per_second = 0.02;  // the second write would wait 100 s
  Governor gov(io.get_executor(), config, clock, 7);
  auto attempt = [](SteadyTime) -> asio::awaitable<Result<int>> { co_return 1; };
  std::optional<Result<int>> first, second;
  asio::cancellation_signal signal;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    first.emplace(co_await gov.run<int>(QuotaClass::write, "RejectEngagementInvitation", attempt));
  }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    second.emplace(co_await gov.run<int>(QuotaClass::write, "RejectEngagementInvitation", attempt));
  }, asio::bind_cancellation_slot(signal.slot(), asio::detached));
  asio::steady_timer canceller(io, 20ms);
  canceller.async_wait([&](boost::system::error_code) { signal.emit(asio::cancellation_type::terminal); });
  ASSERT_TRUE(pcs::test::run_for(io, 5s));
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->ok());
  ASSERT_TRUE(second.has_value()) << "the cancelled wait must complete, not hang";
  ASSERT_FALSE(second->ok());
  EXPECT_EQ(second->error().kind, ErrorKind::cancelled);
  EXPECT_FALSE(gov.stopped()) << "one caller's cancellation does not stop the governor";
}

}  // namespace
}  // namespace pcs::gov
