#pragma once
// How a failing test shows pcs::Error, pcs::Result<T> and pcs::ErrorKind: the error's describe() line (code,
// HTTP status, request id, message), "ok" for a good result, the kind's name. gtest finds PrintTo by
// argument-dependent lookup; pcs_test() includes this header in every test source.
//
// A bare ASSERT_TRUE(result) prints only "false"; ASSERT_OK(result) / EXPECT_OK(result) print the error.

#include <gtest/gtest.h>

#include <ostream>

#include "core/error.hpp"
#include "core/result.hpp"

namespace pcs {

void PrintTo(const Error& error, std::ostream* os);
void PrintTo(ErrorKind kind, std::ostream* os);

template <class T>
void PrintTo(const Result<T>& result, std::ostream* os) {
  if (result.ok())
    *os << "ok";
  else
    PrintTo(result.error(), os);
}

}  // namespace pcs

namespace pcs::test {

template <class T>
::testing::AssertionResult IsOk(const char* expression, const Result<T>& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << expression << " failed: " << ::testing::PrintToString(result.error());
}

}  // namespace pcs::test

#define EXPECT_OK(result) EXPECT_PRED_FORMAT1(::pcs::test::IsOk, result)
#define ASSERT_OK(result) ASSERT_PRED_FORMAT1(::pcs::test::IsOk, result)
