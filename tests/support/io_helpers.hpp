#pragma once
// Running an io_context in a test without ever hanging it: every helper has a guard timeout that fails
// the test (ADD_FAILURE) and stops the loop instead of blocking ctest. The one coroutine runner of the tests.

#include <chrono>
#include <memory>
#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

namespace pcs::test {

inline constexpr std::chrono::milliseconds kDefaultGuard{5000};

// Runs io until it runs out of work. Returns false (and fails the test) if timeout passes first.
bool run_for(boost::asio::io_context& io, std::chrono::milliseconds timeout);

// Spawns body on io and runs the loop until body completes (then stops the loop, so servers still
// listening, or background work such as a credentials refresh, do not keep it running; that work resumes on the
// next run of io, for which io is left ready). Fails the test and returns false on timeout or on an exception
// escaping body; gtest assertion failures inside body are recorded as usual.
bool run_coroutine(boost::asio::io_context& io, boost::asio::awaitable<void> body,
                   std::chrono::milliseconds timeout = kDefaultGuard);

namespace detail {
// Not a lambda: a coroutine lambda's captures die with the temporary lambda object. Shared, not on the caller's
// stack: if the guard fires, the awaitable may complete on a later run of io.
template <class T>
boost::asio::awaitable<void> store_value(boost::asio::awaitable<T> awaitable, std::shared_ptr<std::optional<T>> out) {
  out->emplace(co_await std::move(awaitable));
}
}  // namespace detail

// run_coroutine() for an awaitable with a value: the value, or nullopt when the guard fired or an exception
// escaped (the test has failed then).
template <class T>
std::optional<T> run_awaitable(boost::asio::io_context& io, boost::asio::awaitable<T> awaitable,
                               std::chrono::milliseconds timeout = kDefaultGuard) {
  auto out = std::make_shared<std::optional<T>>();
  if (!run_coroutine(io, detail::store_value(std::move(awaitable), out), timeout)) return std::nullopt;
  return std::move(*out);
}

}  // namespace pcs::test
