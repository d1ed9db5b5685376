#include <gtest/gtest.h>

#include <vector>

#include "governor/retry_budget.hpp"
#include "governor/retry_policy.hpp"

namespace pcs::gov {
namespace {

using namespace std::chrono_literals;

TEST(RetryClassify, EveryErrorKind) {
  struct Row {
    ErrorKind kind;
    RetryClass expected;
  };
  const std::vector<Row> table = {
      {ErrorKind::throttling, RetryClass::throttling},  {ErrorKind::validation, RetryClass::never},
      {ErrorKind::access_denied, RetryClass::never},    {ErrorKind::not_found, RetryClass::never},
      {ErrorKind::conflict, RetryClass::never},         {ErrorKind::quota_exceeded, RetryClass::never},
      {ErrorKind::server, RetryClass::transient},       {ErrorKind::transport, RetryClass::transient},
      {ErrorKind::timeout, RetryClass::timeout},        {ErrorKind::cancelled, RetryClass::never},
      {ErrorKind::config, RetryClass::never},           {ErrorKind::protocol, RetryClass::never},
  };
  ASSERT_EQ(table.size(), 12u) << "a new ErrorKind needs a row here";
  for (const auto& row : table) {
    EXPECT_EQ(classify(row.kind), row.expected) << to_string(row.kind);
    EXPECT_EQ(classify(make_error(row.kind, "X", "y")), row.expected) << to_string(row.kind);
  }
}

// One table decides: the kind's outcome, whatever the Error's own copy of the flag says.
TEST(RetryClassify, TheKindAloneDecidesNotTheRetryableCopy) {
  Error e = make_error(ErrorKind::server, "NotImplemented", "");
  e.retryable = false;
  EXPECT_EQ(classify(e), RetryClass::transient);
  Error v = make_error(ErrorKind::validation, "ValidationException", "");
  v.retryable = true;
  EXPECT_EQ(classify(v), RetryClass::never);
}

TEST(FullJitter, BoundsDoubleThenCap) {
  EXPECT_EQ(full_jitter_backoff(1, 1s, 20s, 0.0), 0ns);
  EXPECT_EQ(full_jitter_backoff(1, 1s, 20s, 0.5), 500ms);
  EXPECT_EQ(full_jitter_backoff(2, 1s, 20s, 0.5), 1s);
  EXPECT_EQ(full_jitter_backoff(3, 1s, 20s, 0.5), 2s);
  EXPECT_EQ(full_jitter_backoff(5, 1s, 20s, 0.75), 12s);
  EXPECT_EQ(full_jitter_backoff(6, 1s, 20s, 0.5), 10s);  // 32 s capped at 20
  EXPECT_LE(full_jitter_backoff(200, 1s, 20s, 0.999999), 20s);
  EXPECT_EQ(full_jitter_backoff(3, 1s, 20s, 1.5), 4s);  // out-of-range randomness is clamped
}

TEST(FullJitter, NeverAboveCapAndUniformlySpread) {
  Rng rng(42);
  const std::chrono::nanoseconds cap = 20s;
  constexpr int kSamples = 20'000;
  constexpr int kBins = 10;
  int bins[kBins] = {};
  for (int i = 0; i < kSamples; ++i) {
    const auto d = full_jitter_backoff(10, 1s, cap, rng.unit());  // 512 s capped: uniform over [0, 20 s)
    ASSERT_GE(d, 0ns);
    ASSERT_LT(d, cap);
    ++bins[static_cast<int>(d.count() * kBins / cap.count())];
  }
  for (int b = 0; b < kBins; ++b) {
    // Expected 2000 per bin; 5 sigma is ~212.
    EXPECT_NEAR(bins[b], kSamples / kBins, 250) << "bin " << b;
  }
}

TEST(Rng, SameSeedSameSequenceAndUnitInRange) {
  Rng a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const double x = a.unit();
    EXPECT_EQ(x, b.unit());
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
    differs |= x != c.unit();
  }
  EXPECT_TRUE(differs);
}

TEST(RetryPolicy, RetriesUntilMaxAttempts) {
  RetryPolicy p(RetrySettings{3, 100ms, 1s}, 1);
  const Error e = make_error(ErrorKind::throttling, "ThrottlingException", "Rate exceeded");
  auto d1 = p.on_failure(e, 1);
  EXPECT_TRUE(d1.retry);
  EXPECT_EQ(d1.cls, RetryClass::throttling);
  EXPECT_LE(d1.delay, 100ms);
  auto d2 = p.on_failure(e, 2);
  EXPECT_TRUE(d2.retry);
  EXPECT_LE(d2.delay, 200ms);
  auto d3 = p.on_failure(e, 3);
  EXPECT_FALSE(d3.retry);
  EXPECT_EQ(d3.reason, "attempts exhausted");
}

TEST(RetryPolicy, NeverRetriesPermanentErrors) {
  RetryPolicy p(RetrySettings{5, 100ms, 1s}, 1);
  auto d = p.on_failure(make_error(ErrorKind::conflict, "ConflictException", ""), 1);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, "not retryable");
}

TEST(RetryPolicy, SeededDelaysAreDeterministic) {
  RetryPolicy a(RetrySettings{10, 1s, 20s}, 99), b(RetrySettings{10, 1s, 20s}, 99);
  const Error e = make_error(ErrorKind::server, "InternalServerException", "");
  for (int i = 1; i < 10; ++i) EXPECT_EQ(a.on_failure(e, i).delay, b.on_failure(e, i).delay);
}

TEST(RetryBudget, DrainsByCostAndOpensTheCircuit) {
  RetryBudget b(RetryBudget::Params{20, 5, 10, 1});
  EXPECT_FALSE(b.circuit_open());
  EXPECT_TRUE(b.try_acquire(RetryClass::timeout));  // 10
  EXPECT_TRUE(b.try_acquire(RetryClass::transient));  // 5
  EXPECT_DOUBLE_EQ(b.level(), 5);
  EXPECT_FALSE(b.try_acquire(RetryClass::timeout));  // cannot pay 10: nothing taken
  EXPECT_DOUBLE_EQ(b.level(), 5);
  EXPECT_TRUE(b.try_acquire(RetryClass::throttling));
  EXPECT_DOUBLE_EQ(b.level(), 0);
  EXPECT_TRUE(b.circuit_open());
  EXPECT_FALSE(b.try_acquire(RetryClass::throttling));
}

TEST(RetryBudget, SuccessesRefillAndCloseTheCircuit) {
  RetryBudget b(RetryBudget::Params{20, 5, 10, 1});
  while (b.try_acquire(RetryClass::transient)) {
  }
  ASSERT_TRUE(b.circuit_open());
  for (int i = 0; i < 4; ++i) b.on_success(0);
  EXPECT_TRUE(b.circuit_open());  // 4 < 5
  b.on_success(0);
  EXPECT_FALSE(b.circuit_open());
  b.on_success(10);  // a retried success refunds its retries
  EXPECT_DOUBLE_EQ(b.level(), 15);
  for (int i = 0; i < 100; ++i) b.on_success(0);
  EXPECT_DOUBLE_EQ(b.level(), 20);  // never above capacity
}

TEST(RetryBudget, SdkDefaults) {
  RetryBudget b;
  EXPECT_DOUBLE_EQ(b.level(), 500);
  EXPECT_DOUBLE_EQ(b.cost_of(RetryClass::transient), 5);
  EXPECT_DOUBLE_EQ(b.cost_of(RetryClass::throttling), 5);
  EXPECT_DOUBLE_EQ(b.cost_of(RetryClass::timeout), 10);
  int retries = 0;
  while (b.try_acquire(RetryClass::transient)) ++retries;
  EXPECT_EQ(retries, 100);
}

}  // namespace
}  // namespace pcs::gov
