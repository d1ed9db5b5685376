#include "sim_transport.hpp"

namespace pcs::sync::test {

std::string_view operation_of(const net::HttpRequest& request) {
  const std::string* target = request.header("X-Amz-Target");
  if (!target) return {};
  std::string_view t(*target);
  auto dot = t.find('.');
  return dot == std::string_view::npos ? t : t.substr(dot + 1);
}

int SimTransport::delivered(std::string_view operation) const {
  auto it = delivered_.find(operation);
  return it == delivered_.end() ? 0 : it->second;
}

boost::asio::awaitable<Result<net::HttpResponse>> SimTransport::send(net::HttpRequest request) {
  clock_.advance(latency_);
  const std::string_view op = operation_of(request);
  const Fate fate = hook_ ? hook_(request, op) : Fate::deliver;
  if (fate == Fate::lose_request) {
    ++transport_errors_;
    co_return make_error(ErrorKind::transport, "ConnectionReset",
                         "connection reset before the request was sent (injected by the test)");
  }
  ++delivered_[std::string(op)];
  sim::SimReply reply = sim_.handle(request);
  // The simulator's delay is real time for a socket server; here it is time that passes on the fake clock.
  if (reply.delay.count() > 0) clock_.advance(reply.delay);
  switch (reply.fault) {
    case sim::WireFault::none:
      break;
    case sim::WireFault::reset_before_response:
      ++transport_errors_;
      co_return make_error(ErrorKind::transport, "ConnectionReset", "connection reset by peer (simulated)");
    case sim::WireFault::reset_mid_body:
      ++transport_errors_;
      co_return make_error(ErrorKind::transport, "ConnectionReset",
                           "connection reset while reading the response body (simulated)");
    case sim::WireFault::truncate_body:
      ++transport_errors_;
      co_return make_error(ErrorKind::transport, "PartialMessage",
                           "the connection closed before the whole body arrived (simulated)");
  }
  if (fate == Fate::lose_response) {
    ++transport_errors_;
    co_return make_error(ErrorKind::transport, "ConnectionReset",
                         "connection reset after the request was applied (injected by the test)");
  }
  if (rewrite_) rewrite_(op, reply.response);
  co_return std::move(reply.response);
}

}  // namespace pcs::sync::test
