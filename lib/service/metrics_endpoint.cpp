#include "service/metrics_endpoint.hpp"

#include <boost/asio/awaitable.hpp>

#include "net/http_server.hpp"

namespace pcs::service {

MetricsEndpoint::MetricsEndpoint(boost::asio::any_io_executor executor, std::string listen, Source source)
    : listen_(std::move(listen)) {
  net::HttpServerOptions options;
  const auto colon = listen_.rfind(':');
  options.address = listen_.substr(0, colon);
  if (options.address.size() > 2 && options.address.front() == '[') options.address = options.address.substr(1, options.address.size() - 2);
  options.port = static_cast<std::uint16_t>(std::stoi(listen_.substr(colon + 1)));  // validated by the config loader
  server_ = std::make_unique<net::HttpServer>(
      executor, options, [source = std::move(source)](net::HttpRequest request, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
        net::ServerReply reply;
        const bool metrics_path = request.target == "/metrics" || request.target.rfind("/metrics?", 0) == 0;
        if (metrics_path && request.method == "GET") {
          reply.response.status = 200;
          reply.response.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          reply.response.body = source();
        } else if (metrics_path) {
          reply.response.status = 405;
          reply.response.set_header("Allow", "GET");
          reply.response.set_header("Content-Type", "text/plain");
          reply.response.body = "only GET /metrics\n";
        } else {
          reply.response.status = 404;
          reply.response.set_header("Content-Type", "text/plain");
          reply.response.body = "GET /metrics\n";
        }
        co_return reply;
      });
}

MetricsEndpoint::~MetricsEndpoint() = default;
Status MetricsEndpoint::start() { return server_->start(); }
std::uint16_t MetricsEndpoint::port() const { return server_->port(); }
void MetricsEndpoint::stop() { server_->stop(); }

}  // namespace pcs::service
