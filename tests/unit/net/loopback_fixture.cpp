#include "loopback_fixture.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace pcs::net::testing {

Handler reply_with(std::function<ServerReply(const HttpRequest&, const ConnectionInfo&)> f) {
  return [f = std::move(f)](HttpRequest request, ConnectionInfo info) -> boost::asio::awaitable<ServerReply> {
    co_return f(request, info);
  };
}

ServerReply ok_reply(std::string body, int status) {
  ServerReply r;
  r.response.status = status;
  r.response.set_header("Content-Type", "application/json");
  r.response.body = std::move(body);
  return r;
}

HttpRequest post(std::string target, std::string body) {
  HttpRequest r;
  r.method = "POST";
  r.target = std::move(target);
  r.set_header("Content-Type", "application/x-amz-json-1.0");
  r.body = std::move(body);
  return r;
}

const pcs::test::TestCerts& Loopback::certs() {
  static const pcs::test::TestCerts generated;
  return generated;
}

std::unique_ptr<HttpServer> Loopback::start_server(Handler handler, bool tls, std::string cert, std::string key,
                                                   HttpServerOptions options) {
  if (tls) {
    options.tls_cert_file = cert.empty() ? certs().server_cert.string() : cert;
    options.tls_key_file = key.empty() ? certs().server_key.string() : key;
  }
  auto server = std::make_unique<HttpServer>(io.get_executor(), options, std::move(handler));
  auto started = server->start();
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().describe());
  return server;
}

HttpClientOptions Loopback::client_options(const HttpServer& server, bool tls, const char* host) const {
  HttpClientOptions o;
  o.endpoint_url = std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(server.port());
  if (tls) o.ca_file = certs().ca_cert.string();
  o.connect_timeout = 2s;
  o.request_timeout = 3s;
  return o;
}

HttpClientOptions Loopback::client_options(std::uint16_t port) const {
  HttpClientOptions o;
  o.endpoint_url = "http://127.0.0.1:" + std::to_string(port);
  o.connect_timeout = 2s;
  o.request_timeout = 3s;
  return o;
}

std::unique_ptr<HttpClient> Loopback::make_client(HttpClientOptions options) {
  auto client = HttpClient::create(io.get_executor(), std::move(options));
  if (!client.ok()) {
    ADD_FAILURE() << client.error().describe();
    return nullptr;
  }
  return std::move(client).value();
}

Error Loopback::failed_post(HttpClientOptions options) {
  auto client = make_client(std::move(options));
  if (!client) return make_error(ErrorKind::config, "NoClient", "the client could not be created");
  auto r = round_trip(*client, post("/", "{}"));
  if (r.ok()) {
    ADD_FAILURE() << "the POST succeeded (status " << r->status << ")";
    return Error{};
  }
  return r.error();
}

Result<HttpResponse> Loopback::round_trip(HttpClient& client, HttpRequest request, std::chrono::milliseconds guard) {
  // Shared: if the guard fires, the coroutine may still complete during a later run of io.
  auto result = std::make_shared<std::optional<Result<HttpResponse>>>();
  pcs::test::run_coroutine(
      io,
      [](HttpClient& c, HttpRequest r, std::shared_ptr<std::optional<Result<HttpResponse>>> out)
          -> boost::asio::awaitable<void> { out->emplace(co_await c.send(std::move(r))); }(client, std::move(request),
                                                                                          result),
      guard);
  if (!*result) return make_error(ErrorKind::cancelled, "TestGuard", "the test guard fired before the send completed");
  return std::move(**result);
}

}  // namespace pcs::net::testing
