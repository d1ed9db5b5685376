#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/result.hpp"

namespace pcs {

TEST(Error, DescribeCarriesCodeStatusRequestIdAndMessage) {
  Error e = make_error(ErrorKind::throttling, "ThrottlingException", "Rate exceeded");
  e.http_status = 400;
  e.request_id = "req-1";
  EXPECT_EQ(e.describe(), "ThrottlingException (HTTP 400, request req-1): Rate exceeded");
  EXPECT_TRUE(e.retryable);
}

TEST(Error, DescribeWithoutResponseUsesKind) {
  Error e = make_error(ErrorKind::timeout, "", "no answer within 5s");
  EXPECT_EQ(e.describe(), "timeout: no answer within 5s");
}

// The one table the governor, the sync cycle and pcsyncctl read; a new kind needs its row here.
TEST(ErrorOutcome, OneRowPerKind) {
  struct Row {
    ErrorKind kind;
    bool retryable, throttle, permanent, may_have_been_applied, setup;
  };
  const Row rows[] = {
      // kind                     retry  throttle permanent applied setup
      {ErrorKind::throttling,     true,  true,    false,    false,  false},
      {ErrorKind::validation,     false, false,   true,     false,  false},
      {ErrorKind::access_denied,  false, false,   false,    false,  true},
      {ErrorKind::not_found,      false, false,   true,     false,  false},
      {ErrorKind::conflict,       false, false,   true,     false,  false},
      {ErrorKind::quota_exceeded, false, false,   false,    false,  false},
      {ErrorKind::server,         true,  false,   false,    true,   false},
      {ErrorKind::transport,      true,  false,   false,    true,   false},
      {ErrorKind::timeout,        true,  false,   false,    true,   false},
      {ErrorKind::cancelled,      false, false,   false,    true,   false},
      {ErrorKind::config,         false, false,   false,    false,  true},
      {ErrorKind::protocol,       false, false,   false,    true,   false},
      {ErrorKind::clock_skew,     true,  false,   false,    false,  true},
      {ErrorKind::expired_token,  true,  false,   false,    false,  true},
  };
  ASSERT_EQ(std::size(rows), std::size_t(ErrorKind::expired_token) + 1) << "a new ErrorKind needs a row here";
  for (const auto& r : rows) {
    const ErrorOutcome& o = outcome_of(r.kind);
    EXPECT_EQ(o.retryable(), r.retryable) << to_string(r.kind);
    EXPECT_EQ(is_retryable_kind(r.kind), r.retryable) << to_string(r.kind);
    EXPECT_EQ(make_error(r.kind, "X", "y").retryable, r.retryable) << to_string(r.kind);
    EXPECT_EQ(o.throttle(), r.throttle) << to_string(r.kind);
    EXPECT_EQ(o.permanent, r.permanent) << to_string(r.kind);
    EXPECT_EQ(o.may_have_been_applied, r.may_have_been_applied) << to_string(r.kind);
    EXPECT_EQ(o.setup, r.setup) << to_string(r.kind);
  }
}

// tests/support's printers: a failing assertion on an Error or a Result shows the error, not bytes.
TEST(TestPrinters, ShowTheErrorLineAndTheKindsName) {
  Error e = make_error(ErrorKind::throttling, "ThrottlingException", "Rate exceeded");
  e.http_status = 400;
  EXPECT_EQ(::testing::PrintToString(e), "Error{throttling} ThrottlingException (HTTP 400): Rate exceeded");
  EXPECT_EQ(::testing::PrintToString(ErrorKind::clock_skew), "clock_skew");
  EXPECT_EQ(::testing::PrintToString(Result<int>(e)), ::testing::PrintToString(e));
  EXPECT_EQ(::testing::PrintToString(Result<int>(1)), "ok");
  EXPECT_OK(Result<int>(1));
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(Result<int>(e)), "ThrottlingException (HTTP 400): Rate exceeded");
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 42;
  ASSERT_OK(good);
  EXPECT_EQ(*good, 42);
  Result<int> bad = make_error(ErrorKind::not_found, "ResourceNotFoundException", "gone");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::not_found);
}

}  // namespace pcs
