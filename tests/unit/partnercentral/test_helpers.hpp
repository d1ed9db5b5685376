#pragma once
// Small helpers shared by the partnercentral tests: one call run under the tests' guard, the tests' in-memory
// transport (tests/support), and canned service answers.

#include <boost/asio/io_context.hpp>

#include "core/result.hpp"
#include "fake_transport.hpp"
#include "io_helpers.hpp"
#include "partnercentral_answers.hpp"

namespace pcs::pc::test {

using pcs::test::FakeTransport;

// Runs one call on a private io_context under the guard of tests/support: its Result, or (the test has failed
// then) an error when it hung.
template <class T>
Result<T> run(boost::asio::awaitable<Result<T>> call) {
  boost::asio::io_context io;
  auto done = pcs::test::run_awaitable(io, std::move(call));
  if (!done) return make_error(ErrorKind::timeout, "TestGuard", "the call did not complete under the test's guard");
  return std::move(*done);
}

using pcs::test::kGetInvitationJson;

}  // namespace pcs::pc::test
