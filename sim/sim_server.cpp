#include "sim/sim_server.hpp"

#include "net/http_server.hpp"

namespace pcs::sim {
namespace {

net::ServerFault to_server_fault(WireFault f) {
  switch (f) {
    case WireFault::none: return net::ServerFault::none;
    case WireFault::reset_before_response: return net::ServerFault::reset_before_response;
    case WireFault::reset_mid_body: return net::ServerFault::reset_mid_body;
    case WireFault::truncate_body: return net::ServerFault::truncate_body;
  }
  return net::ServerFault::none;
}

}  // namespace

SimServer::SimServer(boost::asio::any_io_executor executor, SimService& service, SimServerOptions options)
    : service_(service) {
  net::HttpServerOptions o;
  o.address = options.address;
  o.port = options.port;
  o.tls_cert_file = options.tls_cert_file;
  o.tls_key_file = options.tls_key_file;
  // The handler is synchronous work on the one io_context thread; the server acts out delay and faults.
  server_ = std::make_unique<net::HttpServer>(
      executor, o, [this](net::HttpRequest request, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
        service_.set_connections(server_->connections_opened());
        SimReply r = service_.handle(request);
        co_return net::ServerReply{std::move(r.response), to_server_fault(r.fault), r.delay};
      });
}

SimServer::~SimServer() = default;

Status SimServer::start() { return server_->start(); }
std::uint16_t SimServer::port() const { return server_->port(); }
void SimServer::stop() { server_->stop(); }

}  // namespace pcs::sim
