#pragma once
// HttpServer: a small async HTTP/1.1 server (plain or TLS) for the simulator and for tests, bound to
// loopback by default. Each request goes to one Handler coroutine; its ServerReply may ask for a fault
// (reset, truncation, silence) so clients can be tested against misbehaving servers.
// Runs on the executor it is given (one io_context thread); not thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/result.hpp"
#include "net/http_message.hpp"

namespace pcs::net {

enum class ServerFault {
  none,
  reset_before_response,  // read the request, then reset the connection (SO_LINGER 0) without answering
  reset_mid_body,         // send the header and half the body, then reset
  truncate_body,          // send the header with the full Content-Length, half the body, then close
  never_answer,           // read the request and hold the connection open (until the peer or stop() closes it)
  close_after_response,   // answer normally (keep-alive), then close the connection as an idle timeout would
};

struct ServerReply {
  HttpResponse response;  // Content-Length is set by the server; a "Connection: close" header closes after
  ServerFault fault = ServerFault::none;
  std::chrono::milliseconds delay{0};  // wait before answering
};

struct ConnectionInfo {
  std::uint64_t connection_id = 0;  // 1, 2, ... in accept order
  std::string remote;               // "127.0.0.1:54321"
};

// A handler that throws gets a 500 reply; it must not outlive the server's io_context.
using Handler = std::function<boost::asio::awaitable<ServerReply>(HttpRequest, ConnectionInfo)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = any free port; see port()
  std::string tls_cert_file;  // both set = TLS
  std::string tls_key_file;
  std::size_t max_request_bytes = 1024 * 1024;  // larger bodies get 413 and the connection closed
  std::chrono::seconds idle_timeout{60};        // a connection idle this long (or a slow handshake) is closed
};

class HttpServer {
 public:
  HttpServer(boost::asio::any_io_executor executor, HttpServerOptions options, Handler handler);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Errors: config (bad TLS files, bad address) or transport (cannot bind).
  Status start();
  std::uint16_t port() const;
  // Closes the acceptor and every connection; handlers still running finish, their replies are dropped.
  void stop();
  std::uint64_t connections_opened() const;
  std::uint64_t requests_served() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace pcs::net
