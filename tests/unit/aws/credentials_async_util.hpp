#pragma once
// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames at -O2 (GCC PR 109224); the test
// files that include this header define coroutines, so it is silenced for them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
// Test helpers for the credentials tests: a transport factory whose transports (tests/support's FakeTransport)
// play IMDS, a container endpoint or STS through one handler, and record what each was sent.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aws/credentials/transport_factory.hpp"
#include "fake_transport.hpp"
#include "io_helpers.hpp"

namespace pcs::aws::test {

using pcs::test::http_response;
using pcs::test::run_awaitable;

struct SeenRequest {
  std::string base_url;
  net::HttpRequest request;
};

using Handler = std::function<net::HttpResponse(const std::string& base_url, const net::HttpRequest&)>;

// A factory whose transports all use `handler` (empty handler: every send fails with ConnectFailed) and record
// every request in `seen`.
inline TransportFactory fake_factory(Handler handler, std::vector<SeenRequest>* seen) {
  return [handler, seen](const std::string& base) -> Result<std::unique_ptr<net::HttpTransport>> {
    return std::unique_ptr<net::HttpTransport>(std::make_unique<pcs::test::FakeTransport>(
        [handler, seen, base](const net::HttpRequest& request) -> Result<net::HttpResponse> {
          seen->push_back({base, request});
          if (!handler) return pcs::test::FakeTransport::connection_refused();
          return handler(base, request);
        }));
  };
}

}  // namespace pcs::aws::test
