#include "connect_proxy.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <memory>

namespace pcs::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> pipe(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to) {
  std::array<char, 4096> buf{};
  for (;;) {
    auto [ec, n] = co_await from->async_read_some(asio::buffer(buf), use_tuple);
    if (ec) {
      boost::system::error_code ignored;
      to->shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
    auto [wec, written] = co_await asio::async_write(*to, asio::buffer(buf.data(), n), use_tuple);
    if (wec) co_return;
  }
}

}  // namespace

ConnectProxy::ConnectProxy(asio::io_context& io, int answer_status)
    : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), answer_(answer_status) {
  asio::co_spawn(io, run(), asio::detached);
}

asio::awaitable<void> ConnectProxy::run() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
    if (ec) co_return;
    auto client = std::make_shared<tcp::socket>(std::move(socket));
    std::string buf;
    auto [rec, n] = co_await asio::async_read_until(*client, asio::dynamic_buffer(buf), "\r\n\r\n", use_tuple);
    if (rec) continue;
    head_ = buf.substr(0, n);
    if (answer_ != 200) {
      const std::string refusal = "HTTP/1.1 " + std::to_string(answer_) +
                                  " Refused\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n";
      co_await asio::async_write(*client, asio::buffer(refusal), use_tuple);
      client->close();
      continue;
    }
    const auto target = head_.substr(8, head_.find(' ', 8) - 8);  // after "CONNECT "
    const auto port_number = static_cast<std::uint16_t>(std::stoi(target.substr(target.rfind(':') + 1)));
    auto upstream = std::make_shared<tcp::socket>(acceptor_.get_executor());
    auto [cec] = co_await upstream->async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_number),
                                                  use_tuple);
    if (cec) continue;
    ++tunnels_;
    const std::string established = "HTTP/1.1 200 Connection established\r\n\r\n";
    co_await asio::async_write(*client, asio::buffer(established), use_tuple);
    asio::co_spawn(acceptor_.get_executor(), pipe(client, upstream), asio::detached);
    asio::co_spawn(acceptor_.get_executor(), pipe(upstream, client), asio::detached);
  }
}

}  // namespace pcs::test
