#pragma once
// The simulator on the network: net::HttpServer in front of a SimService, acting out the service's wire
// faults. One io_context thread, like everything else.

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "sim/sim_service.hpp"

namespace pcs::net {
class HttpServer;
}

namespace pcs::sim {

struct SimServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;
  std::string tls_cert_file;  // both set: HTTPS
  std::string tls_key_file;
};

class SimServer {
 public:
  SimServer(boost::asio::any_io_executor executor, SimService& service, SimServerOptions options);
  ~SimServer();
  Status start();
  std::uint16_t port() const;
  void stop();

 private:
  SimService& service_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace pcs::sim
