#include "threaded_server.hpp"

#include <boost/asio/post.hpp>

namespace pcs::test {

ThreadedServer::ThreadedServer(Respond respond, net::HttpServerOptions options) : work_(io_.get_executor()) {
  server_ = std::make_unique<net::HttpServer>(
      io_.get_executor(), std::move(options),
      [respond = std::move(respond)](net::HttpRequest request,
                                     net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
        co_return respond(request);
      });
  started_ = server_->start().ok();
  thread_ = std::thread([this] { io_.run(); });
}

ThreadedServer::~ThreadedServer() {
  boost::asio::post(io_, [this] { server_->stop(); });
  work_.reset();
  io_.stop();
  thread_.join();
  server_.reset();
}

}  // namespace pcs::test
