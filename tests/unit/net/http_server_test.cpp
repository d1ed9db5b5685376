// HttpServer seen from a raw socket (so each fault is checked byte for byte) and from HttpClient.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "loopback_fixture.hpp"

namespace pcs::net::testing {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct RawExchange {
  std::string received;
  boost::system::error_code final_error;  // what ended the read (eof, reset, ...)
};

// Writes `request` on a fresh connection and reads until the server closes it (or 2 s pass).
RawExchange raw_exchange(asio::io_context& io, std::uint16_t port, std::string request) {
  RawExchange out;
  pcs::test::run_coroutine(io, [&]() -> asio::awaitable<void> {
    tcp::socket socket(io);
    co_await socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), asio::use_awaitable);
    co_await asio::async_write(socket, asio::buffer(request), asio::use_awaitable);
    asio::steady_timer guard(io, std::chrono::seconds(2));
    guard.async_wait([&](boost::system::error_code ec) {
      if (!ec) socket.close();
    });
    std::array<char, 1024> buf{};
    for (;;) {
      auto [ec, n] = co_await socket.async_read_some(asio::buffer(buf), use_tuple);
      out.received.append(buf.data(), n);
      if (ec) {
        out.final_error = ec;
        break;
      }
    }
    guard.cancel();
  }());
  return out;
}

const std::string kGet = "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

Handler fault_handler(ServerFault fault, std::string body = "0123456789") {
  return reply_with([fault, body](const HttpRequest&, const ConnectionInfo&) {
    auto reply = ok_reply(body);
    reply.fault = fault;
    return reply;
  });
}

TEST_F(Loopback, ServerTruncateBodySendsFullLengthThenHalfAndCloses) {
  auto server = start_server(fault_handler(ServerFault::truncate_body));
  auto ex = raw_exchange(io, server->port(), kGet);
  EXPECT_NE(ex.received.find("Content-Length: 10\r\n"), std::string::npos) << ex.received;
  EXPECT_TRUE(ex.received.ends_with("\r\n\r\n01234")) << ex.received;
  EXPECT_EQ(ex.final_error, asio::error::eof);
}

TEST_F(Loopback, ServerResetBeforeResponseSendsNothingAndResets) {
  auto server = start_server(fault_handler(ServerFault::reset_before_response));
  auto ex = raw_exchange(io, server->port(), kGet);
  EXPECT_EQ(ex.received, "");
  EXPECT_EQ(ex.final_error, asio::error::connection_reset);
}

TEST_F(Loopback, ServerResetMidBodyResets) {
  auto server = start_server(fault_handler(ServerFault::reset_mid_body));
  auto ex = raw_exchange(io, server->port(), kGet);
  EXPECT_EQ(ex.final_error, asio::error::connection_reset);
  EXPECT_EQ(ex.received.find("56789"), std::string::npos);
}

TEST_F(Loopback, ServerCloseAfterResponseAnswersFullyThenCloses) {
  auto server = start_server(fault_handler(ServerFault::close_after_response));
  auto ex = raw_exchange(io, server->port(), kGet);
  EXPECT_TRUE(ex.received.starts_with("HTTP/1.1 200 OK\r\n")) << ex.received;
  EXPECT_TRUE(ex.received.ends_with("\r\n\r\n0123456789")) << ex.received;
  EXPECT_EQ(ex.received.find("Connection: close"), std::string::npos) << "the close is meant to surprise the client";
  EXPECT_EQ(ex.final_error, asio::error::eof);
}

TEST_F(Loopback, ServerKeepsConnectionsAliveAndReportsConnectionInfo) {
  std::vector<ConnectionInfo> seen;
  auto server = start_server(reply_with([&](const HttpRequest&, const ConnectionInfo& info) {
    seen.push_back(info);
    return ok_reply("k");
  }));
  // Two requests pipelined on one connection, the second asking to close.
  auto ex = raw_exchange(io, server->port(), kGet + "GET /y HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(ex.final_error, asio::error::eof);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].connection_id, 1u);
  EXPECT_EQ(seen[1].connection_id, 1u);
  EXPECT_TRUE(seen[0].remote.starts_with("127.0.0.1:")) << seen[0].remote;
  EXPECT_NE(ex.received.find("Connection: close"), std::string::npos);
  raw_exchange(io, server->port(), "GET / HTTP/1.0\r\n\r\n");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2].connection_id, 2u);
  EXPECT_EQ(server->connections_opened(), 2u);
  EXPECT_EQ(server->requests_served(), 3u);
}

TEST_F(Loopback, ServerAnswers413ToOversizedRequests) {
  bool called = false;
  HttpServerOptions options;
  options.max_request_bytes = 100;
  auto server = start_server(reply_with([&](const HttpRequest&, const ConnectionInfo&) {
    called = true;
    return ok_reply("no");
  }), false, {}, {}, options);
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", std::string(1000, 'b')));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 413);
  EXPECT_FALSE(called);
}

TEST_F(Loopback, ServerTurnsAThrowingHandlerInto500) {
  auto server = start_server([](HttpRequest, ConnectionInfo) -> asio::awaitable<ServerReply> {
    throw std::runtime_error("boom");
    co_return ServerReply{};
  });
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", ""));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 500);
  EXPECT_NE(r->body.find("boom"), std::string::npos);
}

TEST_F(Loopback, ServerDelayStillAnswers) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) {
    auto reply = ok_reply("patient");
    reply.delay = 50ms;
    return reply;
  }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", ""));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->body, "patient");
}

TEST_F(Loopback, StopClosesHeldConnectionsSoTheLoopRunsDry) {
  auto server = start_server(fault_handler(ServerFault::never_answer));
  auto options = client_options(*server);
  options.request_timeout = 30s;  // only stop() can end this send
  auto client = make_client(options);
  ASSERT_TRUE(client);
  std::optional<Result<HttpResponse>> result;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { result.emplace(co_await client->send(post("/", ""))); },
                 asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    asio::steady_timer t(io, 100ms);
    co_await t.async_wait(asio::use_awaitable);
    server->stop();
  }, asio::detached);
  EXPECT_TRUE(pcs::test::run_for(io, 5s)) << "io_context.run() must return after stop()";
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().kind, ErrorKind::transport) << result->error().describe();
}

TEST_F(Loopback, ServerStartFailsClearlyOnBadTlsFilesAndBusyPorts) {
  HttpServerOptions bad_tls;
  bad_tls.tls_cert_file = "/nonexistent/cert.pem";
  bad_tls.tls_key_file = "/nonexistent/key.pem";
  HttpServer tls_server(io.get_executor(), bad_tls, fault_handler(ServerFault::none));
  auto started = tls_server.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().kind, ErrorKind::config);

  auto first = start_server(fault_handler(ServerFault::none));
  HttpServerOptions same_port;
  same_port.port = first->port();
  HttpServer second(io.get_executor(), same_port, fault_handler(ServerFault::none));
  auto busy = second.start();
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "ListenFailed");
}

}  // namespace
}  // namespace pcs::net::testing
