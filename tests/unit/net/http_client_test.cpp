// HttpClient against real loopback servers: plain and TLS, keep-alive, reconnect, deadlines, faults, proxy.
#include <array>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "connect_proxy.hpp"
#include "core/version.hpp"
#include "header_value.hpp"
#include "loopback_fixture.hpp"

namespace pcs::net::testing {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

tcp::endpoint any_loopback_port() { return tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Accepts connections and never says a word (a TLS handshake against it can only time out).
// Accepts connections until the acceptor closes, handing each to `take`.
template <class Take>
asio::awaitable<void> accept_each(tcp::acceptor& acceptor, Take take) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (ec) co_return;
    take(std::move(socket));
  }
}

struct SilentListener {
  explicit SilentListener(asio::io_context& io) : acceptor(io, any_loopback_port()) {
    asio::co_spawn(io, accept_each(acceptor, [this](tcp::socket s) { held.push_back(std::move(s)); }), asio::detached);
  }
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
  tcp::acceptor acceptor;
  std::vector<tcp::socket> held;
};

// Answers the n-th request head of each connection (from 1) with the pieces reply(n) gives, 50 ms apart (so that
// the client has read all there was before the next comes), and keeps the connection open.
struct ScriptedReplyServer {
  using Reply = std::function<std::vector<std::string>(int request)>;
  ScriptedReplyServer(asio::io_context& io, Reply reply) : acceptor(io, any_loopback_port()), reply(std::move(reply)) {
    asio::co_spawn(io, accept_each(acceptor, [this, &io](tcp::socket s) {
                     ++connections;
                     asio::co_spawn(io, serve(std::make_shared<tcp::socket>(std::move(s))), asio::detached);
                   }),
                   asio::detached);
  }
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
  asio::awaitable<void> serve(std::shared_ptr<tcp::socket> socket) {
    std::string in;
    for (int request = 1;; ++request) {  // requests without a body: the head is the whole request
      auto [rec, n] = co_await asio::async_read_until(*socket, asio::dynamic_buffer(in), "\r\n\r\n", use_tuple);
      if (rec) co_return;
      in.erase(0, n);
      const std::vector<std::string> pieces = reply(request);
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (i > 0) {
          asio::steady_timer pause(socket->get_executor(), 50ms);
          co_await pause.async_wait(use_tuple);
        }
        auto [wec, written] = co_await asio::async_write(*socket, asio::buffer(pieces[i]), use_tuple);
        if (wec) co_return;
      }
    }
  }
  tcp::acceptor acceptor;
  Reply reply;
  int connections = 0;
};

// Answers every request head with the same bytes, whatever they are, and keeps the connection open.
struct CannedReplyServer : ScriptedReplyServer {
  CannedReplyServer(asio::io_context& io, std::string bytes)
      : ScriptedReplyServer(io, [bytes = std::move(bytes)](int) { return std::vector<std::string>{bytes}; }) {}
};

// ---- plain http ----

TEST_F(Loopback, PlainRequestResponseCarriesHeadersAndBody) {
  HttpRequest seen;
  auto server = start_server(reply_with([&](const HttpRequest& r, const ConnectionInfo&) {
    seen = r;
    auto reply = ok_reply(R"({"ok":true})");
    reply.response.set_header("x-amzn-RequestId", "req-1");
    return reply;
  }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", R"({"a":1})"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"ok":true})");
  EXPECT_EQ(pcs::test::header_value(*r, "X-Amzn-RequestId"), "req-1");

  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/");
  EXPECT_EQ(seen.body, R"({"a":1})");
  EXPECT_EQ(pcs::test::header_value(seen, "Host"), "127.0.0.1:" + std::to_string(server->port()));
  EXPECT_EQ(pcs::test::header_value(seen, "User-Agent"), "pcsyncd/" + std::string(pcs::core::version()))
      << "a client given none says pcsyncd and this build's version";
  EXPECT_EQ(pcs::test::header_value(seen, "Content-Length"), "7");
  EXPECT_EQ(pcs::test::header_value(seen, "Content-Type"), "application/x-amz-json-1.0");
}

// A header value that would end the header early (a session token read with a line break in it, say) is refused
// before the connection is even opened: the server sees nothing, and the error does not repeat the value.
TEST_F(Loopback, AHeaderThatWouldSplitTheHeadIsRefusedAndNothingIsSent) {
  int requests = 0;
  auto server = start_server(reply_with([&](const HttpRequest&, const ConnectionInfo&) {
    ++requests;
    return ok_reply("{}");
  }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  auto request = post("/", "{}");
  request.set_header("X-Amz-Security-Token", "secret-part\r\nX-Injected: 1");
  auto r = round_trip(*client, request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidRequest");
  EXPECT_EQ(r.error().message.find("secret-part"), std::string::npos) << r.error().message;
  EXPECT_EQ(requests, 0);
  EXPECT_EQ(client->connections_opened(), 0u);
  auto fine = round_trip(*client, post("/", "{}"));
  ASSERT_TRUE(fine.ok()) << fine.error().describe();
  EXPECT_EQ(requests, 1);
}

TEST_F(Loopback, BasePathIsPrefixedAndCallerHostHeaderKept) {
  HttpRequest seen;
  auto server = start_server(reply_with([&](const HttpRequest& r, const ConnectionInfo&) {
    seen = r;
    return ok_reply("{}");
  }));
  auto options = client_options(*server);
  options.endpoint_url += "/base/";
  auto client = make_client(options);
  ASSERT_TRUE(client);
  auto request = post("/op?x=1", "");
  request.set_header("Host", "signed.example:1234");
  auto r = round_trip(*client, request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(seen.target, "/base/op?x=1");
  EXPECT_EQ(*seen.header("Host"), "signed.example:1234");
}

TEST_F(Loopback, Ipv6LoopbackWorksWhenAvailable) {
  HttpRequest seen;
  HttpServerOptions options;
  options.address = "::1";
  HttpServer server(io.get_executor(), options, reply_with([&](const HttpRequest& r, const ConnectionInfo& info) {
    seen = r;
    return ok_reply(info.remote);
  }));
  if (!server.start().ok()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  HttpClientOptions o;
  o.endpoint_url = "http://[::1]:" + std::to_string(server.port());
  auto client = make_client(o);
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", ""));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->body.starts_with("[::1]:")) << r->body;
  EXPECT_EQ(*seen.header("Host"), "[::1]:" + std::to_string(server.port()));
}

TEST_F(Loopback, HeadResponseHasLengthButNoBodyAndKeepsTheConnection) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) { return ok_reply("abc"); }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  HttpRequest head;
  head.method = "HEAD";
  head.target = "/";
  auto r = round_trip(*client, head);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "");
  EXPECT_EQ(pcs::test::header_value(*r, "Content-Length"), "3");
  auto next = round_trip(*client, post("/", ""));
  ASSERT_TRUE(next.ok()) << next.error().describe();
  EXPECT_EQ(next->body, "abc");
  EXPECT_EQ(client->connections_opened(), 1u);
}

TEST_F(Loopback, KeepAliveReusesOneConnection) {
  auto server = start_server(reply_with([](const HttpRequest& r, const ConnectionInfo&) { return ok_reply(r.body); }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  for (int i = 0; i < 3; ++i) {
    auto r = round_trip(*client, post("/", "n" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->body, "n" + std::to_string(i));
  }
  EXPECT_EQ(client->connections_opened(), 1u);
  EXPECT_EQ(server->connections_opened(), 1u);
}

TEST_F(Loopback, ReconnectsOnceWhenTheServerClosedTheIdleConnection) {
  int served = 0;
  auto server = start_server(reply_with([&](const HttpRequest&, const ConnectionInfo&) {
    ++served;
    auto reply = ok_reply("r" + std::to_string(served));
    if (served == 1) reply.fault = ServerFault::close_after_response;
    return reply;
  }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  auto first = round_trip(*client, post("/", "1"));
  ASSERT_TRUE(first.ok()) << first.error().describe();
  auto second = round_trip(*client, post("/", "2"));
  ASSERT_TRUE(second.ok()) << second.error().describe();
  EXPECT_EQ(second->body, "r2");
  EXPECT_EQ(served, 2) << "the request must not be processed twice";
  EXPECT_EQ(client->connections_opened(), 2u);
}

TEST_F(Loopback, ReconnectIsAttemptedOnlyOnce) {
  int served = 0;
  auto server = start_server(reply_with([&](const HttpRequest&, const ConnectionInfo&) {
    ++served;
    auto reply = ok_reply("fine");
    if (served > 1) reply.fault = ServerFault::reset_before_response;
    return reply;
  }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  ASSERT_TRUE(round_trip(*client, post("/", "1")).ok());
  auto r = round_trip(*client, post("/", "2"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::transport);
  EXPECT_EQ(r.error().code, "ConnectionReset") << r.error().describe();
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(served, 3) << "one original send on the reused connection plus exactly one resend";
  EXPECT_EQ(client->connections_opened(), 2u);
}

TEST_F(Loopback, ConnectionCloseResponseIsNotReused) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) {
    auto reply = ok_reply("bye");
    reply.response.set_header("Connection", "close");
    return reply;
  }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  ASSERT_TRUE(round_trip(*client, post("/", "1")).ok());
  ASSERT_TRUE(round_trip(*client, post("/", "2")).ok());
  EXPECT_EQ(client->connections_opened(), 2u);
}

// Found while factoring the response path out for fuzzing (net/http_response_reader.hpp): bytes after a
// response stayed in the connection's buffer, and the next request on it took them for its own answer.
TEST_F(Loopback, BytesAfterAResponseAreNeverReadAsTheNextAnswer) {
  CannedReplyServer server(io, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                               "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale");
  auto client = make_client(client_options(server.port()));
  ASSERT_TRUE(client);
  for (int i = 0; i < 2; ++i) {
    auto r = round_trip(*client, post("/", ""));
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->body, "first") << "request " << i;
  }
  EXPECT_EQ(server.connections, 2);
}

// Found in review: a 100 Continue read on its own (the final answer not yet sent) was returned as the answer, and
// the connection, counted reusable, handed the next request the previous one's 200.
TEST_F(Loopback, AnInterimAnswerIsSkippedAndEachRequestGetsItsOwnAnswer) {
  // "100 Continue", then, 50 ms later, a 200 whose body counts the requests on this connection.
  ScriptedReplyServer server(io, [](int request) {
    const std::string body = "answer " + std::to_string(request);
    return std::vector<std::string>{"HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: " +
                                                                          std::to_string(body.size()) + "\r\n\r\n" +
                                                                          body};
  });
  auto client = make_client(client_options(server.port()));
  ASSERT_TRUE(client);
  for (int i = 1; i <= 3; ++i) {
    auto r = round_trip(*client, post("/", ""));
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "answer " + std::to_string(i));
  }
  EXPECT_EQ(server.connections, 1);
}

TEST_F(Loopback, Html503PassesThroughAsAResponse) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) {
    ServerReply reply;
    reply.response.status = 503;
    reply.response.set_header("Content-Type", "text/html");
    reply.response.body = "<html><body><h1>503 Service Unavailable</h1></body></html>";
    return reply;
  }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", "{}"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 503);
  EXPECT_TRUE(contains(r->body, "Service Unavailable"));
  EXPECT_EQ(*r->header("content-type"), "text/html");
}

// Options that cannot work are a config error at create(), naming what to fix.
TEST_F(Loopback, OptionsRefusedAtCreate) {
  struct Row {
    const char* endpoint_url;
    const char* ca_file;
    const char* says;
  };
  const Row rows[] = {
      {"http://partnercentral-selling.us-east-1.api.aws", "", "loopback"},  // plain http to a non-loopback host
      {"https://localhost:1", "/nonexistent/ca.pem", "AWS_CA_BUNDLE"},       // an unreadable CA file
  };
  for (const auto& r : rows) {
    HttpClientOptions o;
    o.endpoint_url = r.endpoint_url;
    o.ca_file = r.ca_file;
    auto client = HttpClient::create(io.get_executor(), o);
    ASSERT_FALSE(client.ok()) << r.endpoint_url;
    EXPECT_EQ(client.error().kind, ErrorKind::config) << r.endpoint_url;
    EXPECT_TRUE(contains(client.error().message, r.says)) << client.error().message;
  }
}

TEST_F(Loopback, ConnectionRefusedIsATransportError) {
  std::uint16_t port = 0;
  {
    tcp::acceptor probe(io, any_loopback_port());
    port = probe.local_endpoint().port();
  }  // closed: nothing listens there now
  auto client = make_client(client_options(port));
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", ""));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::transport);
  EXPECT_EQ(r.error().code, "ConnectFailed");
  EXPECT_EQ(client->connections_opened(), 0u);
}

// ---- deadlines ----

TEST_F(Loopback, NeverAnsweringServerTimesOut) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) {
    ServerReply reply;
    reply.fault = ServerFault::never_answer;
    return reply;
  }));
  auto options = client_options(*server);
  options.request_timeout = 300ms;
  const Error e = failed_post(options);
  EXPECT_EQ(e.kind, ErrorKind::timeout);
  EXPECT_EQ(e.code, "Timeout");
  EXPECT_TRUE(e.retryable);
}

TEST_F(Loopback, UnansweredTcpConnectHitsConnectTimeout) {
  // A listener with a full accept queue: Linux drops further SYNs, so a connect can only time out.
  tcp::acceptor full(io);
  full.open(tcp::v4());
  full.bind(any_loopback_port());
  full.listen(0);
  const auto target = full.local_endpoint();
  std::vector<std::unique_ptr<tcp::socket>> fillers;
  for (int i = 0; i < 4; ++i) {
    fillers.push_back(std::make_unique<tcp::socket>(io));
    fillers.back()->async_connect(target, [](boost::system::error_code) {});
  }
  io.restart();
  io.run_for(100ms);  // let the fillers occupy the queue
  HttpClientOptions o = client_options(target.port());
  o.connect_timeout = 300ms;
  o.request_timeout = 5s;
  auto client = make_client(o);
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", "{}"));
  if (r.ok() || r.error().kind != ErrorKind::timeout) {
    GTEST_SKIP() << "this kernel accepted the connection despite the full backlog; cannot provoke a connect timeout";
  }
  EXPECT_EQ(r.error().code, "Timeout");
  EXPECT_TRUE(contains(r.error().message, "connecting")) << r.error().message;
  EXPECT_EQ(client->connections_opened(), 0u);
}

TEST_F(Loopback, SilentPeerDuringTlsHandshakeHitsConnectTimeout) {
  SilentListener silent(io);
  HttpClientOptions o;
  o.endpoint_url = "https://localhost:" + std::to_string(silent.port());
  o.ca_file = certs().ca_cert.string();
  o.connect_timeout = 300ms;
  o.request_timeout = 5s;
  const Error e = failed_post(o);
  EXPECT_EQ(e.kind, ErrorKind::timeout) << e.describe();
  EXPECT_TRUE(contains(e.message, "TLS handshake")) << e.message;
}

TEST_F(Loopback, DelayLongerThanTheRequestTimeoutTimesOut) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) {
    auto reply = ok_reply("late");
    reply.delay = 1500ms;
    return reply;
  }));
  auto options = client_options(*server);
  options.request_timeout = 200ms;
  const Error e = failed_post(options);
  EXPECT_EQ(e.kind, ErrorKind::timeout);
}

TEST_F(Loopback, SilentProxyHitsConnectTimeout) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) { return ok_reply("x"); }), true);
  SilentListener silent_proxy(io);
  auto options = client_options(*server, true, "localhost");
  options.proxy = ProxySettings{"127.0.0.1", silent_proxy.port(), "", ""};
  options.connect_timeout = 300ms;
  const Error e = failed_post(options);
  EXPECT_EQ(e.kind, ErrorKind::timeout) << e.describe();
  EXPECT_TRUE(contains(e.message, "CONNECT")) << e.message;
  EXPECT_EQ(server->requests_served(), 0u);
}

// ---- broken responses ----

// A 200 whose body `fault` breaks on the way, over plain http and TLS: a transport error saying how it broke.
TEST_F(Loopback, BrokenBodiesAreTransportErrors) {
  struct Row {
    ServerFault fault;
    std::size_t body_bytes;
    bool tls;
    const char* code;
  };
  const Row rows[] = {
      {ServerFault::reset_mid_body, 4000, false, "ConnectionReset"},
      {ServerFault::truncate_body, 1000, false, "ConnectionClosed"},
      {ServerFault::truncate_body, 1000, true, "ConnectionClosed"},
  };
  for (const auto& r : rows) {
    auto server = start_server(reply_with([&r](const HttpRequest&, const ConnectionInfo&) {
                                 auto reply = ok_reply(std::string(r.body_bytes, 'x'));
                                 reply.fault = r.fault;
                                 return reply;
                               }),
                               r.tls);
    const Error e = failed_post(client_options(*server, r.tls, r.tls ? "localhost" : "127.0.0.1"));
    EXPECT_EQ(e.kind, ErrorKind::transport) << e.describe();
    EXPECT_EQ(e.code, r.code) << e.describe();
  }
}

TEST_F(Loopback, ResetBeforeAnyResponseOnAFreshConnectionIsNotRetried) {
  int served = 0;
  auto server = start_server(reply_with([&](const HttpRequest&, const ConnectionInfo&) {
    ++served;
    ServerReply reply;
    reply.fault = ServerFault::reset_before_response;
    return reply;
  }));
  const Error e = failed_post(client_options(*server));
  EXPECT_EQ(e.kind, ErrorKind::transport);
  EXPECT_EQ(served, 1) << "retries belong to the governor, not the transport";
}

TEST_F(Loopback, OversizedBodyIsRefused) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) {
    return ok_reply(std::string(5000, 'z'));
  }));
  auto options = client_options(*server);
  options.max_response_bytes = 1000;
  const Error e = failed_post(options);
  EXPECT_EQ(e.kind, ErrorKind::transport);
  EXPECT_EQ(e.code, "ResponseTooLarge");
  // A body exactly at the limit is fine.
  options.max_response_bytes = 5000;
  auto exact = make_client(options);
  ASSERT_TRUE(exact);
  EXPECT_TRUE(round_trip(*exact, post("/", "{}")).ok());
}

// ---- TLS ----

TEST_F(Loopback, TlsWithTheTestCaSucceedsByNameAndByIp) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) { return ok_reply("secure"); }),
                             true);
  auto by_name = make_client(client_options(*server, true, "localhost"));
  ASSERT_TRUE(by_name);
  for (int i = 0; i < 2; ++i) {
    auto r = round_trip(*by_name, post("/", "{}"));
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->body, "secure");
  }
  EXPECT_EQ(by_name->connections_opened(), 1u) << "keep-alive over TLS";
  auto by_ip = make_client(client_options(*server, true, "127.0.0.1"));
  ASSERT_TRUE(by_ip);
  auto r = round_trip(*by_ip, post("/", "{}"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
}

TEST_F(Loopback, TlsReconnectsAfterServerClosedIdleConnection) {
  int served = 0;
  auto server = start_server(reply_with([&](const HttpRequest&, const ConnectionInfo&) {
    auto reply = ok_reply("ok");
    if (++served == 1) reply.fault = ServerFault::close_after_response;
    return reply;
  }),
                             true);
  auto client = make_client(client_options(*server, true, "localhost"));
  ASSERT_TRUE(client);
  ASSERT_TRUE(round_trip(*client, post("/", "1")).ok());
  auto r = round_trip(*client, post("/", "2"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(served, 2);
  EXPECT_EQ(client->connections_opened(), 2u);
}

// A certificate the client cannot trust for the host fails the handshake: a TlsError saying why and what to do,
// and no request reaches the server.
TEST_F(Loopback, RefusedCertificatesAreTlsErrors) {
  struct Row {
    const char* what;
    std::string cert, key;  // empty: the test CA's localhost leaf
    bool system_store;      // no ca_file: the system's trust store, which does not hold the test CA
    std::vector<std::string> says;
  };
  const Row rows[] = {
      {"untrusted issuer", certs().untrusted_cert.string(), certs().untrusted_key.string(), false,
       {"not trusted", "AWS_CA_BUNDLE"}},
      {"test CA against the system store", "", "", true, {"not trusted"}},
      {"wrong host name", certs().wrong_host_cert.string(), certs().wrong_host_key.string(), false,
       {"not valid for host name 'localhost'"}},
  };
  for (const auto& r : rows) {
    auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) { return ok_reply("no"); }),
                               true, r.cert, r.key);
    auto options = client_options(*server, true, "localhost");
    if (r.system_store) options.ca_file.clear();
    const Error e = failed_post(options);
    EXPECT_EQ(e.kind, ErrorKind::transport) << r.what;
    EXPECT_EQ(e.code, "TlsError") << r.what;
    for (const auto& part : r.says) EXPECT_TRUE(contains(e.message, part)) << r.what << ": " << e.message;
    EXPECT_EQ(server->requests_served(), 0u) << r.what;
  }
}

// ---- proxy ----

TEST_F(Loopback, HttpsThroughConnectProxyWithCredentials) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) { return ok_reply("tunnelled"); }),
                             true);
  pcs::test::ConnectProxy proxy(io);
  auto options = client_options(*server, true, "localhost");
  options.proxy = ProxySettings{"127.0.0.1", proxy.port(), "user", "pass"};
  auto client = make_client(options);
  ASSERT_TRUE(client);
  auto r = round_trip(*client, post("/", "{}"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->body, "tunnelled");
  const std::string target = "localhost:" + std::to_string(server->port());
  EXPECT_TRUE(proxy.head().starts_with("CONNECT " + target + " HTTP/1.1\r\n")) << proxy.head();
  EXPECT_TRUE(contains(proxy.head(), "\r\nHost: " + target + "\r\n")) << proxy.head();
  EXPECT_TRUE(contains(proxy.head(), "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n")) << proxy.head();
  // The tunnel is a kept-alive connection like any other.
  ASSERT_TRUE(round_trip(*client, post("/", "{}")).ok());
  EXPECT_EQ(client->connections_opened(), 1u);
}

TEST_F(Loopback, ProxyRefusingConnectIsAClearTransportError) {
  auto server = start_server(reply_with([](const HttpRequest&, const ConnectionInfo&) { return ok_reply("x"); }), true);
  pcs::test::ConnectProxy proxy(io, 407);
  auto options = client_options(*server, true, "localhost");
  options.proxy = ProxySettings{"127.0.0.1", proxy.port(), "user", "s3cr3t-pw"};
  const Error e = failed_post(options);
  EXPECT_EQ(e.kind, ErrorKind::transport);
  EXPECT_EQ(e.code, "ProxyAuthenticationRequired");
  EXPECT_FALSE(contains(e.describe(), "s3cr3t-pw"));
  EXPECT_EQ(server->requests_served(), 0u);

  pcs::test::ConnectProxy forbidding(io, 403);
  options.proxy->port = forbidding.port();
  auto client2 = make_client(options);
  auto r2 = round_trip(*client2, post("/", "{}"));
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, "ProxyConnectFailed");
  EXPECT_TRUE(contains(r2.error().message, "403"));
}

// ---- concurrency and close ----

TEST_F(Loopback, ConcurrentSendsShareABoundedPool) {
  int in_handler = 0;
  int max_in_handler = 0;
  auto server = start_server([&](HttpRequest r, ConnectionInfo) -> asio::awaitable<ServerReply> {
    max_in_handler = std::max(max_in_handler, ++in_handler);
    asio::steady_timer t(co_await asio::this_coro::executor, 100ms);
    co_await t.async_wait(asio::use_awaitable);
    --in_handler;
    co_return ok_reply(r.body);
  });
  auto options = client_options(*server);
  options.max_connections = 2;
  auto client = make_client(options);
  ASSERT_TRUE(client);
  std::vector<std::string> bodies;
  pcs::test::run_coroutine(io, [&]() -> asio::awaitable<void> {
    asio::steady_timer all_done(io, asio::steady_timer::time_point::max());
    int pending = 3;
    for (int i = 0; i < 3; ++i) {
      asio::co_spawn(io, [&, i]() -> asio::awaitable<void> {
        auto r = co_await client->send(post("/", std::to_string(i)));
        bodies.push_back(r.ok() ? r->body : r.error().describe());
        if (--pending == 0) all_done.cancel();
      }, asio::detached);
    }
    co_await all_done.async_wait(use_tuple);
  }());
  ASSERT_EQ(bodies.size(), 3u);
  std::sort(bodies.begin(), bodies.end());
  EXPECT_EQ(bodies, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(client->connections_opened(), 2u);
  EXPECT_EQ(max_in_handler, 2);
}

TEST_F(Loopback, CloseCancelsAnInFlightSendAndTheClientStaysUsable) {
  bool hold = true;
  auto server = start_server(reply_with([&](const HttpRequest&, const ConnectionInfo&) {
    auto reply = ok_reply("again");
    if (hold) reply.fault = ServerFault::never_answer;
    return reply;
  }));
  auto client = make_client(client_options(*server));
  ASSERT_TRUE(client);
  std::optional<Result<HttpResponse>> result;
  pcs::test::run_coroutine(io, [&]() -> asio::awaitable<void> {
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      asio::steady_timer t(io, 100ms);
      co_await t.async_wait(asio::use_awaitable);
      client->close();
    }, asio::detached);
    result.emplace(co_await client->send(post("/", "{}")));
  }());
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().kind, ErrorKind::cancelled) << result->error().describe();
  EXPECT_FALSE(result->error().retryable);
  hold = false;
  auto again = round_trip(*client, post("/", "{}"));
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->body, "again");
  EXPECT_EQ(client->connections_opened(), 2u);
}

}  // namespace
}  // namespace pcs::net::testing
