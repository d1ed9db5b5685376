#include "net/http_client.hpp"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <set>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "core/version.hpp"
#include "net/beast_wire.hpp"
#include "net/http_response_reader.hpp"
#include "net/request_wire.hpp"
#include "net/tls_context.hpp"

namespace pcs::net {
namespace {

using namespace wire;
using SteadyClock = std::chrono::steady_clock;

// What the verify callback saw, so a failed handshake can say *why* the certificate was refused.
struct VerifyOutcome {
  bool untrusted = false;
  bool host_mismatch = false;
  std::string detail;
};

std::string base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// Errors that mean "the server had already closed this (idle) connection".
bool is_stale_connection_error(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated ||
         ec == asio::error::connection_aborted;
}

struct Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  std::uint64_t generation = 0;
  std::size_t requests = 0;
  bool connected = false;
  bool closed_by_client = false;
  std::shared_ptr<VerifyOutcome> verify = std::make_shared<VerifyOutcome>();

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  bool is_open() { return connected && lowest().socket().is_open(); }
  // TLS close_notify is skipped on purpose: it waits on the peer, and nothing is lost by not sending it.
  void close() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
  }
};

}  // namespace

class HttpClient::Impl : public std::enable_shared_from_this<HttpClient::Impl> {
 public:
  Impl(asio::any_io_executor executor, HttpClientOptions options, Endpoint endpoint,
       std::shared_ptr<ssl::context> tls)
      : executor_(std::move(executor)), options_(std::move(options)), endpoint_(std::move(endpoint)),
        host_header_(endpoint_.host_header()), tls_(std::move(tls)) {}

  asio::awaitable<Result<HttpResponse>> send(HttpRequest request);
  void close();

  const Endpoint& endpoint() const { return endpoint_; }
  std::uint64_t connections_opened() const { return opened_; }

 private:
  struct Outcome {
    std::optional<HttpResponse> response;
    std::optional<Error> error;
    bool stale = false;  // failed before any byte of the answer on a reused connection: safe to resend once
    bool keep_alive = false;
  };

  // Returns a connection to the pool (or drops it) when a send ends, however it ends.
  struct Lease {
    std::shared_ptr<Impl> owner;
    std::shared_ptr<Connection> conn;
    bool reusable = false;
    Lease(std::shared_ptr<Impl> o, std::shared_ptr<Connection> c) : owner(std::move(o)), conn(std::move(c)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (conn) owner->release(conn, reusable);
    }
  };

  std::shared_ptr<Connection> new_connection() {
    auto c = std::make_shared<Connection>();
    // Beast reads as much as the buffer's free capacity (at least 512 bytes), and the parser empties the buffer
    // into the body after each read: left at its initial size, a 55 KB page took ~110 reads (each with its
    // epoll_wait and timer re-arm); with 64 KiB a response usually takes one or two.
    c->buffer.reserve(kReadChunkBytes);
    c->buffer.max_size(kMaxReadBufferBytes);
    c->plain = std::make_unique<beast::tcp_stream>(executor_);
    c->generation = generation_;
    return c;
  }

  asio::awaitable<Result<std::shared_ptr<Connection>>> acquire(SteadyClock::time_point deadline);
  void release(const std::shared_ptr<Connection>& c, bool reusable);
  std::shared_ptr<Connection> replace(const std::shared_ptr<Connection>& old);
  void wake_one();

  asio::awaitable<Status> connect(Connection& c, SteadyClock::time_point request_deadline);
  asio::awaitable<Result<tcp::resolver::results_type>> resolve(const std::string& host, std::uint16_t port,
                                                               SteadyClock::time_point deadline);
  asio::awaitable<Status> proxy_connect(Connection& c, SteadyClock::time_point deadline);
  template <class Stream>
  asio::awaitable<Outcome> exchange(Stream& stream, Connection& c, std::string_view wire, bool head_request,
                                    SteadyClock::time_point deadline, bool reused);

  Error io_error(const boost::system::error_code& ec, std::string_view doing, const Connection& c) const;
  Error tls_error(const boost::system::error_code& ec, const Connection& c) const;

  asio::any_io_executor executor_;
  HttpClientOptions options_;
  Endpoint endpoint_;
  std::string host_header_;  // the Host of a request that names none: the same for every request
  std::shared_ptr<ssl::context> tls_;
  std::vector<std::shared_ptr<Connection>> idle_;
  std::set<std::shared_ptr<Connection>> busy_;
  std::deque<std::shared_ptr<asio::steady_timer>> waiters_;
  std::uint64_t generation_ = 0;
  std::uint64_t opened_ = 0;
};

// ---- pool ----

asio::awaitable<Result<std::shared_ptr<Connection>>> HttpClient::Impl::acquire(SteadyClock::time_point deadline) {
  for (;;) {
    while (!idle_.empty()) {
      auto c = idle_.back();
      idle_.pop_back();
      if (!c->is_open() || c->generation != generation_) continue;
      busy_.insert(c);
      co_return c;
    }
    if (busy_.size() < std::max<std::size_t>(1, options_.max_connections)) {
      auto c = new_connection();
      busy_.insert(c);
      co_return c;
    }
    // Every connection is busy: wait until one is released (the timer is cancelled) or the deadline passes.
    auto timer = std::make_shared<asio::steady_timer>(executor_, deadline);
    waiters_.push_back(timer);
    auto [ec] = co_await timer->async_wait(use_tuple);
    std::erase(waiters_, timer);
    if (!ec)
      co_return make_error(ErrorKind::timeout, "Timeout",
                           "no free connection to " + endpoint_.authority() + " within request_timeout (" +
                               std::to_string(options_.max_connections) +
                               " requests already in flight); slow down or raise max_connections");
  }
}

void HttpClient::Impl::wake_one() {
  if (waiters_.empty()) return;
  auto timer = waiters_.front();
  waiters_.pop_front();
  timer->cancel_one();
}

void HttpClient::Impl::release(const std::shared_ptr<Connection>& c, bool reusable) {
  busy_.erase(c);
  if (reusable && c->is_open() && c->generation == generation_ && !c->closed_by_client) {
    idle_.push_back(c);
  } else {
    c->close();
  }
  wake_one();
}

std::shared_ptr<Connection> HttpClient::Impl::replace(const std::shared_ptr<Connection>& old) {
  busy_.erase(old);
  old->close();
  auto c = new_connection();
  busy_.insert(c);
  return c;
}

void HttpClient::Impl::close() {
  ++generation_;
  for (auto& c : idle_) c->close();
  idle_.clear();
  for (const auto& c : busy_) {
    c->closed_by_client = true;
    c->close();
  }
  // Waiters re-check the pool; with the busy connections gone they may proceed on fresh ones.
  auto waiters = std::move(waiters_);
  waiters_.clear();
  for (auto& t : waiters) t->cancel_one();
}

// ---- connecting ----

asio::awaitable<Result<tcp::resolver::results_type>> HttpClient::Impl::resolve(const std::string& host,
                                                                               std::uint16_t port,
                                                                               SteadyClock::time_point deadline) {
  // An address needs no lookup. Asio resolves on a thread of its own (getaddrinfo blocks), and that thread
  // stays for the life of the process: an endpoint given as an address (loopback, a proxy by IP) keeps the
  // daemon single-threaded, which also spares every malloc and free glibc's arena lock.
  boost::system::error_code literal;
  const auto address = asio::ip::make_address(host, literal);
  if (!literal) co_return tcp::resolver::results_type::create(tcp::endpoint(address, port), host, std::to_string(port));
  // getaddrinfo cannot be interrupted; the timer lets us stop waiting for it at the deadline.
  struct State {
    explicit State(const asio::any_io_executor& ex, SteadyClock::time_point t) : timer(ex, t) {}
    asio::steady_timer timer;
    boost::system::error_code ec;
    tcp::resolver::results_type results;
    bool done = false;
  };
  auto state = std::make_shared<State>(executor_, deadline);
  auto resolver = std::make_shared<tcp::resolver>(executor_);
  resolver->async_resolve(host, std::to_string(port),
                          [state, resolver](const boost::system::error_code& ec, tcp::resolver::results_type r) {
                            state->ec = ec;
                            state->results = std::move(r);
                            state->done = true;
                            state->timer.cancel();
                          });
  if (!state->done) co_await state->timer.async_wait(use_tuple);
  if (!state->done) {
    resolver->cancel();
    co_return make_error(ErrorKind::timeout, "Timeout",
                         "resolving '" + host + "' took longer than connect_timeout; check DNS (/etc/resolv.conf)");
  }
  if (state->ec)
    co_return make_error(ErrorKind::transport, "ResolveFailed",
                         "cannot resolve '" + host + "' (" + state->ec.message() +
                             "); check the endpoint host name and DNS");
  co_return state->results;
}

asio::awaitable<Status> HttpClient::Impl::proxy_connect(Connection& c, SteadyClock::time_point deadline) {
  const ProxySettings& proxy = *options_.proxy;
  const std::string target = endpoint_.authority();
  std::string head = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n";
  if (!proxy.username.empty())
    head += "Proxy-Authorization: Basic " + base64(proxy.username + ":" + proxy.password) + "\r\n";
  if (!options_.user_agent.empty()) head += "User-Agent: " + options_.user_agent + "\r\n";
  head += "\r\n";
  c.plain->expires_at(deadline);
  auto [wec, written] = co_await asio::async_write(*c.plain, asio::buffer(head), use_tuple);
  std::fill(head.begin(), head.end(), '\0');  // it may hold the proxy password
  if (wec) co_return io_error(wec, "sending CONNECT to proxy " + proxy.describe(), c);
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // a CONNECT answer has no body: the tunnel starts right after the header
  auto [rec, read] = co_await http::async_read_header(*c.plain, c.buffer, parser, use_tuple);
  if (rec) co_return io_error(rec, "waiting for proxy " + proxy.describe() + " to answer CONNECT", c);
  const int status = parser.get().result_int();
  if (status == 407)
    co_return make_error(ErrorKind::transport, "ProxyAuthenticationRequired",
                         "proxy " + proxy.describe() + " answered 407 to CONNECT " + target +
                             "; put valid credentials in HTTPS_PROXY as http://user:password@host:port");
  if (status < 200 || status > 299)
    co_return make_error(ErrorKind::transport, "ProxyConnectFailed",
                         "proxy " + proxy.describe() + " refused CONNECT " + target + " with HTTP " +
                             std::to_string(status) + "; check the proxy's allow list, or NO_PROXY");
  if (c.buffer.size() != 0)
    co_return make_error(ErrorKind::transport, "ProxyConnectFailed",
                         "proxy " + proxy.describe() + " sent data before the tunnel was used; check the proxy");
  co_return Ok{};
}

asio::awaitable<Status> HttpClient::Impl::connect(Connection& c, SteadyClock::time_point request_deadline) {
  const auto deadline = std::min(request_deadline, SteadyClock::now() + options_.connect_timeout);
  const std::string& host = options_.proxy ? options_.proxy->host : endpoint_.host;
  const std::uint16_t port = options_.proxy ? options_.proxy->port : endpoint_.port;

  auto resolved = co_await resolve(host, port, deadline);
  if (c.closed_by_client) co_return io_error(asio::error::operation_aborted, "resolving", c);
  if (!resolved) co_return resolved.error();

  c.plain->expires_at(deadline);
  auto [cec, ep] = co_await c.plain->async_connect(*resolved, use_tuple);
  if (cec) {
    if (cec == asio::error::connection_refused && !c.closed_by_client)
      co_return make_error(ErrorKind::transport, "ConnectFailed",
                           "connection to " + host + ":" + std::to_string(port) +
                               " refused; check the endpoint (or proxy) host and port and that the service runs");
    co_return io_error(cec, "connecting to " + host + ":" + std::to_string(port), c);
  }
  ++opened_;
  c.connected = true;
  boost::system::error_code ignored;
  c.plain->socket().set_option(tcp::no_delay(true), ignored);

  if (options_.proxy) {
    auto tunnel = co_await proxy_connect(c, deadline);
    if (!tunnel) co_return tunnel.error();
  }

  if (endpoint_.tls) {
    c.tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(*c.plain), *tls_);
    c.plain.reset();
    // SNI is for names only (RFC 6066); IP literals are checked against the certificate's IP SANs.
    if (!is_ip_literal(endpoint_.host) && !SSL_set_tlsext_host_name(c.tls->native_handle(), endpoint_.host.c_str()))
      co_return make_error(ErrorKind::transport, "TlsError", "cannot set SNI host name '" + endpoint_.host + "'");
    c.tls->set_verify_callback(
        [verify = c.verify, check = ssl::host_name_verification(endpoint_.host)](bool preverified,
                                                                                  ssl::verify_context& ctx) {
          if (!preverified) {
            const int err = X509_STORE_CTX_get_error(ctx.native_handle());
            verify->untrusted = true;
            verify->detail = X509_verify_cert_error_string(err);
            return false;
          }
          const bool ok = check(preverified, ctx);
          if (!ok) verify->host_mismatch = true;
          return ok;
        });
    beast::get_lowest_layer(*c.tls).expires_at(deadline);
    auto [hec] = co_await c.tls->async_handshake(ssl::stream_base::client, use_tuple);
    if (hec) co_return tls_error(hec, c);
  }
  co_return Ok{};
}

// ---- one request/response ----

template <class Stream>
asio::awaitable<HttpClient::Impl::Outcome> HttpClient::Impl::exchange(Stream& stream, Connection& c,
                                                                      std::string_view wire, bool head_request,
                                                                      SteadyClock::time_point deadline, bool reused) {
  Outcome out;
  c.lowest().expires_at(deadline);
  auto [wec, written] = co_await asio::async_write(stream, asio::buffer(wire), use_tuple);
  if (wec) {
    out.stale = reused && is_stale_connection_error(wec);
    out.error = io_error(wec, "sending the request", c);
    co_return out;
  }
  for (int interim = 0;; ++interim) {
    ResponseParser parser;
    limit_response_parser(parser, options_.max_response_bytes, head_request);
    auto [rec, read] = co_await http::async_read(stream, c.buffer, parser, use_tuple);
    if (rec) {
      out.stale = reused && interim == 0 && !parser.got_some() && c.buffer.size() == 0 && is_stale_connection_error(rec);
      out.error = io_error(rec, "reading the response", c);
      co_return out;
    }
    auto is_final = final_response(parser, interim, endpoint_.authority());
    if (!is_final) {
      out.error = is_final.error();
      co_return out;
    }
    if (!*is_final) continue;  // 100 Continue, 103 Early Hints: the final answer follows on the same stream
    auto taken = take_response(parser, c.buffer.size());
    out.keep_alive = taken.reusable;
    out.response = std::move(taken.response);
    co_return out;
  }
}

asio::awaitable<Result<HttpResponse>> HttpClient::Impl::send(HttpRequest request) {
  auto self = shared_from_this();
  try {
    auto deadline = SteadyClock::now() + options_.request_timeout;
    if (request.deadline && *request.deadline < deadline) deadline = *request.deadline;
    if (deadline <= SteadyClock::now())
      co_return make_error(ErrorKind::timeout, "Timeout",
                           "the call's deadline to " + endpoint_.authority() + " passed before the request was sent");
    auto wire = request_wire(request, RequestFraming{endpoint_.base_path, host_header_, options_.user_agent});
    if (!wire) co_return wire.error();
    const bool head_request = request.method == "HEAD";

    auto acquired = co_await acquire(deadline);
    if (!acquired) co_return acquired.error();
    Lease lease(self, std::move(acquired).value());

    for (int attempt = 0;; ++attempt) {
      Connection& c = *lease.conn;
      if (!c.connected) {
        auto connected = co_await connect(c, deadline);
        if (!connected) co_return connected.error();
      }
      const bool reused = c.requests > 0;
      ++c.requests;
      Outcome out;
      if (c.tls)
        out = co_await exchange(*c.tls, c, *wire, head_request, deadline, reused);
      else
        out = co_await exchange(*c.plain, c, *wire, head_request, deadline, reused);
      if (out.response) {
        lease.reusable = out.keep_alive;
        co_return std::move(*out.response);
      }
      // The server closed an idle keep-alive connection under us: nothing was processed, resend once.
      if (out.stale && attempt == 0 && !c.closed_by_client) {
        lease.conn = replace(lease.conn);
        continue;
      }
      co_return std::move(*out.error);
    }
  } catch (const std::exception& e) {
    co_return make_error(ErrorKind::transport, "TransportError",
                         std::string("unexpected failure sending to ") + endpoint_.authority() + ": " + e.what());
  }
}

// ---- errors ----

Error HttpClient::Impl::io_error(const boost::system::error_code& ec, std::string_view doing,
                                 const Connection& c) const {
  // Whatever the socket reported, a send the client closed under is cancelled.
  return transport_error(c.closed_by_client ? asio::error::operation_aborted : ec, endpoint_.authority(), doing,
                         options_.max_response_bytes);
}

Error HttpClient::Impl::tls_error(const boost::system::error_code& ec, const Connection& c) const {
  const std::string where = endpoint_.authority();
  if (c.verify->host_mismatch)
    return make_error(ErrorKind::transport, "TlsError",
                      "the TLS certificate presented by " + where + " is not valid for host name '" +
                          endpoint_.host +
                          "'; check endpoint_url, and whether a proxy intercepts TLS with a certificate for "
                          "another name");
  if (c.verify->untrusted)
    return make_error(ErrorKind::transport, "TlsError",
                      "the TLS certificate presented by " + where + " is not trusted (" + c.verify->detail +
                          "); if a proxy intercepts TLS or you use a private CA, set AWS_CA_BUNDLE to its CA bundle");
  if (ec == beast::error::timeout || ec == asio::error::operation_aborted || c.closed_by_client)
    return io_error(ec, "during the TLS handshake", c);
  return make_error(ErrorKind::transport, "TlsError",
                    "TLS handshake with " + where + " failed (" + ec.message() +
                        "); the server must speak TLS 1.2 or newer");
}

// ---- facade ----

Status apply_environment(HttpClientOptions& options, const EnvLookup& env) {
  auto endpoint = parse_endpoint(options.endpoint_url, options.allow_http_to_aws_metadata);
  if (!endpoint) return endpoint.error();
  if (options.ca_file.empty())
    if (auto bundle = env("AWS_CA_BUNDLE"); bundle && !bundle->empty()) options.ca_file = *bundle;
  if (!options.proxy) {
    auto proxy = proxy_for(endpoint->host, endpoint->tls, env);
    if (!proxy) return proxy.error();
    options.proxy = std::move(proxy).value();
  }
  return Ok{};
}

Status apply_outbound(HttpClientOptions& options, const OutboundSettings& outbound) {
  options.ca_file = outbound.ca_file;
  if (!outbound.user_agent.empty()) options.user_agent = outbound.user_agent;
  if (!outbound.env) return apply_environment(options, [](const char*) { return std::optional<std::string>{}; });
  return apply_environment(options, outbound.env);
}

Result<std::unique_ptr<HttpClient>> HttpClient::create(asio::any_io_executor executor, HttpClientOptions options) {
  auto endpoint = parse_endpoint(options.endpoint_url, options.allow_http_to_aws_metadata);
  if (!endpoint) return endpoint.error();
  if (options.connect_timeout.count() <= 0 || options.request_timeout.count() <= 0)
    return make_error(ErrorKind::config, "InvalidTimeout", "connect_timeout and request_timeout must be positive");
  if (options.user_agent.empty()) options.user_agent = "pcsyncd/" + std::string(core::version());
  std::shared_ptr<ssl::context> tls;
  if (endpoint->tls) {
    auto ctx = make_client_tls_context(options.ca_file);
    if (!ctx) return ctx.error();
    tls = std::move(ctx).value();
  }
  auto impl = std::make_shared<Impl>(std::move(executor), std::move(options), std::move(endpoint).value(), tls);
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

HttpClient::HttpClient(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::~HttpClient() { impl_->close(); }

asio::awaitable<Result<HttpResponse>> HttpClient::send(HttpRequest request) {
  // The Impl is shared so the coroutine keeps it alive even if this facade goes away mid-send.
  auto impl = impl_;
  co_return co_await impl->send(std::move(request));
}

void HttpClient::close() { impl_->close(); }
const Endpoint& HttpClient::endpoint() const { return impl_->endpoint(); }
std::uint64_t HttpClient::connections_opened() const { return impl_->connections_opened(); }

}  // namespace pcs::net
