#include "io_helpers.hpp"

#include <exception>
#include <memory>

#include <boost/asio/co_spawn.hpp>
#include <gtest/gtest.h>

namespace pcs::test {

bool run_for(boost::asio::io_context& io, std::chrono::milliseconds timeout) {
  io.restart();
  io.run_for(timeout);
  if (!io.stopped()) {
    ADD_FAILURE() << "io_context still had work after the " << timeout.count()
                  << " ms guard: something hung (a missing deadline?)";
    io.stop();
    return false;
  }
  return true;
}

bool run_coroutine(boost::asio::io_context& io, boost::asio::awaitable<void> body, std::chrono::milliseconds timeout) {
  // Shared, not on this stack: if the guard fires, the coroutine may complete on a later run of io.
  struct Outcome {
    bool done = false;
    std::exception_ptr error;
  };
  auto outcome = std::make_shared<Outcome>();
  boost::asio::co_spawn(io, std::move(body), [outcome, &io](std::exception_ptr e) {
    outcome->done = true;
    outcome->error = e;
    io.stop();
  });
  io.restart();
  io.run_for(timeout);
  // Left ready to run again: the caller may go on with io.run_for() (background work) or another coroutine.
  io.restart();
  if (!outcome->done) {
    ADD_FAILURE() << "test coroutine did not finish within the " << timeout.count()
                  << " ms guard: something hung (a missing deadline?)";
    return false;
  }
  if (outcome->error) {
    try {
      std::rethrow_exception(outcome->error);
    } catch (const std::exception& ex) {
      ADD_FAILURE() << "test coroutine threw: " << ex.what();
    } catch (...) {
      ADD_FAILURE() << "test coroutine threw a non-std exception";
    }
    return false;
  }
  return true;
}

}  // namespace pcs::test
