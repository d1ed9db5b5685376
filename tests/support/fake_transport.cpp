#include "fake_transport.hpp"

namespace pcs::test {

net::HttpResponse http_response(int status, std::string body) {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

void FakeTransport::push(int status, std::string body, std::vector<net::Header> headers) {
  net::HttpResponse r = http_response(status, std::move(body));
  r.headers = std::move(headers);
  r.set_header("x-amzn-RequestId", "req-" + std::to_string(responses.size() + 1));
  responses.emplace_back(std::move(r));
}

Error FakeTransport::connection_refused() {
  return make_error(ErrorKind::transport, "ConnectFailed", "connection refused (the test queued no answer)");
}

boost::asio::awaitable<Result<net::HttpResponse>> FakeTransport::send(net::HttpRequest request) {
  requests.push_back(request);
  if (!responses.empty()) {
    auto r = std::move(responses.front());
    responses.pop_front();
    co_return r;
  }
  if (handler_) co_return handler_(requests.back());
  co_return connection_refused();
}

}  // namespace pcs::test
