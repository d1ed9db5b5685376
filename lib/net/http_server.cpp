#include "net/http_server.hpp"

#include <array>
#include <map>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "net/beast_wire.hpp"
#include "net/tls_context.hpp"

namespace pcs::net {
namespace {

using namespace wire;

struct ServerConnection {
  explicit ServerConnection(const asio::any_io_executor& ex) : timer(ex) {}
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  asio::steady_timer timer;  // the reply delay, cancelled by stop()

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  void close() {
    beast::error_code ec;
    timer.cancel();
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
  }
  // An abortive close: SO_LINGER 0 makes the kernel send RST instead of FIN.
  void reset() {
    beast::error_code ec;
    timer.cancel();
    lowest().socket().set_option(asio::socket_base::linger(true, 0), ec);
    lowest().close();
  }
};

std::string response_head(const HttpResponse& r, bool keep_alive) {
  const int status = (r.status >= 100 && r.status <= 999) ? r.status : 500;
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " +
                     std::string(http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)))) + "\r\n";
  for (const auto& h : r.headers) {
    if (header_name_equals(h.name, "Content-Length") || header_name_equals(h.name, "Transfer-Encoding") ||
        header_name_equals(h.name, "Connection"))
      continue;
    head += h.name + ": " + h.value + "\r\n";
  }
  head += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  if (!keep_alive) head += "Connection: close\r\n";
  head += "\r\n";
  return head;
}

bool wants_close(const HttpResponse& r) {
  const std::string* c = r.header("Connection");
  return c && header_name_equals(*c, "close");
}

}  // namespace

struct HttpServer::State : std::enable_shared_from_this<HttpServer::State> {
  State(asio::any_io_executor ex, HttpServerOptions o, Handler h)
      : executor(std::move(ex)), options(std::move(o)), handler(std::move(h)) {}
  asio::any_io_executor executor;
  HttpServerOptions options;
  Handler handler;
  std::shared_ptr<ssl::context> tls;
  std::optional<tcp::acceptor> acceptor;
  std::map<std::uint64_t, std::weak_ptr<ServerConnection>> connections;
  std::uint64_t next_id = 0;
  std::uint64_t opened = 0;
  std::uint64_t served = 0;
  std::uint16_t port = 0;
  bool stopped = false;
};

namespace {

using State = HttpServer::State;

constexpr std::size_t kMaxRequestReadBufferBytes = 8 * 1024 + 64 * 1024;

template <class Stream>
asio::awaitable<void> serve(Stream& stream, std::shared_ptr<State> st, ServerConnection& conn,
                            const ConnectionInfo& info) {
  // Capped for the reason the client's is (http_response_reader.hpp): Beast keeps an unfinished chunk-size line
  // or trailer block in the buffer; past the request header limit (8 KiB) plus a read, the read fails.
  beast::flat_buffer buffer;
  buffer.max_size(kMaxRequestReadBufferBytes);
  for (;;) {
    if (st->stopped) co_return;
    http::request_parser<http::string_body> parser;
    parser.body_limit(st->options.max_request_bytes);
    conn.lowest().expires_after(st->options.idle_timeout);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (ec == http::error::body_limit) {
      HttpResponse too_large;
      too_large.status = 413;
      too_large.body = "request body larger than " + std::to_string(st->options.max_request_bytes) + " bytes\n";
      std::string out = response_head(too_large, false) + too_large.body;
      co_await asio::async_write(stream, asio::buffer(out), use_tuple);
      // Lingering close: closing with the unread body still queued would send RST, and the client could
      // lose the 413 before reading it. Stop sending, drain briefly, then close.
      beast::error_code ignored;
      conn.lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      conn.lowest().expires_after(std::chrono::seconds(1));
      std::array<char, 4096> sink{};
      for (;;) {
        auto [rec, got] = co_await conn.lowest().async_read_some(asio::buffer(sink), use_tuple);
        if (rec) break;
      }
      co_return;
    }
    if (ec) co_return;
    conn.lowest().expires_never();

    auto msg = parser.release();
    HttpRequest request;
    request.method = std::string(msg.method_string());
    request.target = std::string(msg.target());
    for (const auto& field : msg)
      request.headers.push_back(Header{std::string(field.name_string()), std::string(field.value())});
    request.body = std::move(msg.body());
    bool keep_alive = msg.keep_alive();
    const bool head_only = msg.method() == http::verb::head;

    ServerReply reply;
    try {
      reply = co_await st->handler(std::move(request), info);
    } catch (const std::exception& e) {
      reply = ServerReply{};
      reply.response.status = 500;
      reply.response.body = std::string("handler failed: ") + e.what() + "\n";
    }
    ++st->served;
    if (st->stopped) co_return;
    if (reply.delay.count() > 0) {
      conn.timer.expires_after(reply.delay);
      co_await conn.timer.async_wait(use_tuple);
      if (st->stopped || !conn.lowest().socket().is_open()) co_return;
    }

    switch (reply.fault) {
      case ServerFault::reset_before_response:
        conn.reset();
        co_return;
      case ServerFault::never_answer: {
        // Hold the connection: read (and ignore) until the peer closes or stop() closes the socket.
        std::array<char, 512> sink{};
        for (;;) {
          auto [rec, got] = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
          if (rec) co_return;
        }
      }
      default:
        break;
    }

    if (wants_close(reply.response)) keep_alive = false;
    const std::string& body = reply.response.body;
    const std::string head = response_head(reply.response, keep_alive);
    conn.lowest().expires_after(st->options.idle_timeout);
    if (reply.fault == ServerFault::reset_mid_body || reply.fault == ServerFault::truncate_body) {
      const std::string partial = head + body.substr(0, body.size() / 2);
      co_await asio::async_write(stream, asio::buffer(partial), use_tuple);
      if (reply.fault == ServerFault::reset_mid_body)
        conn.reset();
      else
        conn.close();
      co_return;
    }
    const std::string out = head_only ? head : head + body;
    auto [wec, written] = co_await asio::async_write(stream, asio::buffer(out), use_tuple);
    if (wec) co_return;
    if (reply.fault == ServerFault::close_after_response || !keep_alive) {
      conn.close();
      co_return;
    }
  }
}

asio::awaitable<void> session(std::shared_ptr<State> st, std::shared_ptr<ServerConnection> conn,
                              ConnectionInfo info) {
  try {
    if (conn->tls) {
      conn->lowest().expires_after(st->options.idle_timeout);
      auto [ec] = co_await conn->tls->async_handshake(ssl::stream_base::server, use_tuple);
      if (!ec) co_await serve(*conn->tls, st, *conn, info);
    } else {
      co_await serve(*conn->plain, st, *conn, info);
    }
  } catch (const std::exception&) {
    // A test server drops the connection on anything unexpected; the client sees a closed connection.
  }
  conn->close();
  st->connections.erase(info.connection_id);
}

asio::awaitable<void> accept_loop(std::shared_ptr<State> st) {
  for (;;) {
    auto [ec, socket] = co_await st->acceptor->async_accept(use_tuple);
    if (st->stopped || !st->acceptor->is_open()) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of descriptors or a connection aborted while queued: pause briefly instead of spinning.
      asio::steady_timer pause(st->executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    ConnectionInfo info;
    info.connection_id = ++st->next_id;
    ++st->opened;
    beast::error_code rec;
    auto remote = socket.remote_endpoint(rec);
    if (!rec) {
      const auto addr = remote.address();
      info.remote = (addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string()) + ":" +
                    std::to_string(remote.port());
    }
    auto conn = std::make_shared<ServerConnection>(st->executor);
    conn->plain = std::make_unique<beast::tcp_stream>(std::move(socket));
    if (st->tls) {
      conn->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(*conn->plain), *st->tls);
      conn->plain.reset();
    }
    st->connections[info.connection_id] = conn;
    asio::co_spawn(st->executor, session(st, conn, info), asio::detached);
  }
}

}  // namespace

HttpServer::HttpServer(asio::any_io_executor executor, HttpServerOptions options, Handler handler)
    : state_(std::make_shared<State>(std::move(executor), std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { stop(); }

Status HttpServer::start() {
  auto& st = *state_;
  if (st.acceptor) return make_error(ErrorKind::config, "AlreadyStarted", "HttpServer::start() called twice");
  if (!st.options.tls_cert_file.empty() || !st.options.tls_key_file.empty()) {
    auto ctx = make_server_tls_context(st.options.tls_cert_file, st.options.tls_key_file);
    if (!ctx) return ctx.error();
    st.tls = std::move(ctx).value();
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(st.options.address, ec);
  if (ec)
    return make_error(ErrorKind::config, "InvalidAddress",
                      "listen address '" + st.options.address + "' is not an IP address; use e.g. 127.0.0.1");
  const tcp::endpoint endpoint(address, st.options.port);
  const std::string where = st.options.address + ":" + std::to_string(st.options.port);
  st.acceptor.emplace(st.executor);
  st.acceptor->open(endpoint.protocol(), ec);
  if (!ec) st.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) st.acceptor->bind(endpoint, ec);
  if (!ec) st.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    st.acceptor.reset();
    return make_error(ErrorKind::transport, "ListenFailed",
                      "cannot listen on " + where + " (" + ec.message() + "); choose another port or address");
  }
  st.port = st.acceptor->local_endpoint(ec).port();
  asio::co_spawn(st.executor, accept_loop(state_), asio::detached);
  return Ok{};
}

std::uint16_t HttpServer::port() const { return state_->port; }
std::uint64_t HttpServer::connections_opened() const { return state_->opened; }
std::uint64_t HttpServer::requests_served() const { return state_->served; }

void HttpServer::stop() {
  auto& st = *state_;
  st.stopped = true;
  if (st.acceptor) {
    beast::error_code ec;
    st.acceptor->close(ec);
  }
  auto connections = std::move(st.connections);
  st.connections.clear();
  for (auto& [id, weak] : connections)
    if (auto conn = weak.lock()) conn->close();
}

}  // namespace pcs::net
