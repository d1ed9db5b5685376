#pragma once
// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames at -O2 (GCC PR 109224); the test
// files that include this header define coroutines, so it is silenced for them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
// Test helpers for the credentials tests: run one awaitable on an io_context with a guard, and an in-memory
// HTTP transport whose handler plays IMDS, a container endpoint or STS.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "aws/credentials/transport_factory.hpp"
#include "net/transport.hpp"

namespace pcs::aws::test {

// Runs `aw` to completion; nullopt when it did not finish within `guard` (a hang fails the test instead of
// blocking it).
template <class T>
std::optional<T> run_async(boost::asio::io_context& io, boost::asio::awaitable<T> aw,
                           std::chrono::milliseconds guard = std::chrono::seconds(5)) {
  std::optional<T> out;
  boost::asio::co_spawn(
      io,
      [&out, &io, a = std::move(aw)]() mutable -> boost::asio::awaitable<void> {
        out.emplace(co_await std::move(a));
        io.stop();  // background work (a refresh, a held fake) may remain; it resumes on the next run
      },
      boost::asio::detached);
  io.run_for(guard);
  io.restart();
  return out;
}

struct SeenRequest {
  std::string base_url;
  net::HttpRequest request;
};

using Handler = std::function<net::HttpResponse(const std::string& base_url, const net::HttpRequest&)>;

class FakeTransport final : public net::HttpTransport {
 public:
  FakeTransport(std::string base, Handler h, std::vector<SeenRequest>* seen)
      : base_(std::move(base)), handler_(std::move(h)), seen_(seen) {}
  boost::asio::awaitable<Result<net::HttpResponse>> send(net::HttpRequest request) override {
    seen_->push_back({base_, request});
    if (!handler_) co_return make_error(ErrorKind::transport, "ConnectFailed", "connection refused");
    co_return handler_(base_, request);
  }

 private:
  std::string base_;
  Handler handler_;
  std::vector<SeenRequest>* seen_;
};

// A factory whose transports all use `handler` (empty handler: every send fails with ConnectFailed).
inline TransportFactory fake_factory(Handler handler, std::vector<SeenRequest>* seen) {
  return [handler, seen](const std::string& base) -> Result<std::unique_ptr<net::HttpTransport>> {
    return std::unique_ptr<net::HttpTransport>(std::make_unique<FakeTransport>(base, handler, seen));
  };
}

inline net::HttpResponse reply(int status, std::string body) {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace pcs::aws::test
