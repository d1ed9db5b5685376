#pragma once
// A minimal loopback HTTP CONNECT proxy for tests, on the test's io_context: records the last request head,
// answers `answer_status`, and on 200 pipes bytes both ways to 127.0.0.1:<port of the CONNECT line>, whatever
// host the line names (so a client may verify a name that resolves nowhere: it only ever reaches the proxy).
// Other answers carry `Proxy-Authenticate` and close.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <string>

namespace pcs::test {

class ConnectProxy {
 public:
  explicit ConnectProxy(boost::asio::io_context& io, int answer_status = 200);
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  // The last CONNECT request head, "\r\n\r\n" included.
  const std::string& head() const { return head_; }
  int tunnels() const { return tunnels_; }

 private:
  boost::asio::awaitable<void> run();

  boost::asio::ip::tcp::acceptor acceptor_;
  int answer_;
  std::string head_;
  int tunnels_ = 0;
};

}  // namespace pcs::test
