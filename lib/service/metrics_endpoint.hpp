#pragma once
// Serves the daemon's metrics (render_metrics(), metrics.hpp) at GET /metrics on `metrics_listen`, over
// lib/net's HttpServer; another method on /metrics is 405 (Allow: GET), any other path 404.

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace pcs::net {
class HttpServer;
}

namespace pcs::service {

class MetricsEndpoint {
 public:
  using Source = std::function<std::string()>;
  // `listen` is "host:port" as the config loader validated it.
  MetricsEndpoint(boost::asio::any_io_executor executor, std::string listen, Source source);
  ~MetricsEndpoint();
  Status start();
  std::uint16_t port() const;
  void stop();

 private:
  std::unique_ptr<net::HttpServer> server_;
  std::string listen_;
};

}  // namespace pcs::service
