#pragma once
// An HttpTransport without a network, for the client and credential-provider tests: it records every request
// and answers from a queue of canned responses, then from a handler when one is set; with neither it refuses
// the connection (kind transport, ConnectFailed), as an endpoint nothing listens on would.

#include <boost/asio/awaitable.hpp>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "net/http_message.hpp"
#include "net/transport.hpp"

namespace pcs::test {

class FakeTransport final : public net::HttpTransport {
 public:
  using Handler = std::function<Result<net::HttpResponse>(const net::HttpRequest&)>;

  FakeTransport() = default;
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

  std::vector<net::HttpRequest> requests;           // every request sent, in order
  std::deque<Result<net::HttpResponse>> responses;  // answered first, one per request

  // Queues an answer with an x-amzn-RequestId "req-N" (N counts the queued answers).
  void push(int status, std::string body, std::vector<net::Header> headers = {});

  boost::asio::awaitable<Result<net::HttpResponse>> send(net::HttpRequest request) override;

  static Error connection_refused();

 private:
  Handler handler_;
};

net::HttpResponse http_response(int status, std::string body);

}  // namespace pcs::test
