#pragma once
// A loopback net::HttpServer (127.0.0.1, a free port) running on its own thread, for tests whose client is
// another process (pcsyncctl, pcsyncd): the handler answers every request on that thread. Stopped and joined
// by the destructor.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "net/http_server.hpp"

namespace pcs::test {

class ThreadedServer {
 public:
  using Respond = std::function<net::ServerReply(const net::HttpRequest&)>;
  explicit ThreadedServer(Respond respond, net::HttpServerOptions options = {});
  ~ThreadedServer();
  ThreadedServer(const ThreadedServer&) = delete;
  ThreadedServer& operator=(const ThreadedServer&) = delete;

  bool started() const { return started_; }
  std::uint16_t port() const { return server_->port(); }
  std::uint64_t requests_served() const { return server_->requests_served(); }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::unique_ptr<net::HttpServer> server_;
  std::thread thread_;
  bool started_ = false;
};

}  // namespace pcs::test
