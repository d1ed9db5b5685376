#pragma once
// Running an io_context in a test without ever hanging it: every helper has a guard timeout that fails
// the test (ADD_FAILURE) and stops the loop instead of blocking ctest.

#include <chrono>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

namespace pcs::test {

// Runs io until it runs out of work. Returns false (and fails the test) if timeout passes first.
bool run_for(boost::asio::io_context& io, std::chrono::milliseconds timeout);

// Spawns body on io and runs the loop until body completes (then stops the loop, so servers still
// listening do not keep it running). Fails the test and returns false on timeout or on an exception
// escaping body; gtest assertion failures inside body are recorded as usual.
bool run_coroutine(boost::asio::io_context& io, boost::asio::awaitable<void> body,
                   std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace pcs::test
