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

TEST(Error, RetryableKinds) {
  EXPECT_TRUE(is_retryable_kind(ErrorKind::server));
  EXPECT_TRUE(is_retryable_kind(ErrorKind::transport));
  EXPECT_FALSE(is_retryable_kind(ErrorKind::validation));
  EXPECT_FALSE(is_retryable_kind(ErrorKind::access_denied));
  EXPECT_FALSE(is_retryable_kind(ErrorKind::conflict));
  EXPECT_FALSE(is_retryable_kind(ErrorKind::not_found));
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = make_error(ErrorKind::not_found, "ResourceNotFoundException", "gone");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::not_found);
}

}  // namespace pcs
