#pragma once
// Shared pieces of the loopback tests: an io_context, throwaway certificates, a server factory, a client
// factory and a guarded round trip.

#include <functional>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "io_helpers.hpp"
#include "net/http_client.hpp"
#include "net/http_server.hpp"
#include "test_certs.hpp"

namespace pcs::net::testing {

using namespace std::chrono_literals;

// A handler from a plain function (no co_await needed).
Handler reply_with(std::function<ServerReply(const HttpRequest&, const ConnectionInfo&)> f);
ServerReply ok_reply(std::string body, int status = 200);
HttpRequest post(std::string target, std::string body);

class Loopback : public ::testing::Test {
 protected:
  static const pcs::test::TestCerts& certs();

  // Started, plain or TLS (cert/key = the test CA's localhost leaf unless given).
  std::unique_ptr<HttpServer> start_server(Handler handler, bool tls = false, std::string cert = {},
                                           std::string key = {}, HttpServerOptions options = {});
  HttpClientOptions client_options(const HttpServer& server, bool tls = false, const char* host = "127.0.0.1") const;
  // Plain http to 127.0.0.1:port, whatever listens there (or nothing), with the same deadlines.
  HttpClientOptions client_options(std::uint16_t port) const;
  std::unique_ptr<HttpClient> make_client(HttpClientOptions options);
  // One send, run to completion under a guard.
  Result<HttpResponse> round_trip(HttpClient& client, HttpRequest request, std::chrono::milliseconds guard = 5s);
  // A POST of "{}" through a new client with `options`, which must fail: its error.
  Error failed_post(HttpClientOptions options);

  boost::asio::io_context io;
};

}  // namespace pcs::net::testing
