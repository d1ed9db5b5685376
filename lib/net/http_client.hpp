#pragma once
// HttpClient: the HttpTransport over Beast and OpenSSL, bound to one endpoint URL.
// - TLS 1.2+, peer and host name always verified (system store or ca_file), SNI set.
// - Keep-alive with a small pool: sequential requests reuse one connection; concurrent sends (the governor
//   may issue them) open up to max_connections and beyond that wait their turn, within their deadline.
// - A reused connection the server had closed while idle is reconnected once, transparently.
// - Deadlines: connect_timeout for resolve + TCP connect + proxy CONNECT + TLS handshake; request_timeout
//   for the whole send (waiting for a connection included), or the request's own deadline when sooner.
//   Retries are the governor's business.
// - Everything on one io_context thread; not thread-safe. The client may be destroyed with sends in
//   flight (they hold the state alive and complete with an error once close() or the loop ends them).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "net/endpoint.hpp"
#include "net/proxy.hpp"
#include "net/transport.hpp"

namespace pcs::net {

struct HttpClientOptions {
  // https://host[:port][/base], or http://<loopback>:port for the simulator and tests.
  std::string endpoint_url;
  // Optional PEM CA bundle (AWS_CA_BUNDLE); empty = the system trust store.
  std::string ca_file;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{30000};  // the whole send
  std::size_t max_response_bytes = 10 * 1024 * 1024;
  std::optional<ProxySettings> proxy;  // see proxy_from_environment()
  std::string user_agent;  // empty: "pcsyncd/<version>"
  std::size_t max_connections = 4;     // concurrent sends beyond this wait for a free connection
  // Also allow plain http:// to the AWS metadata addresses (IMDS, ECS, EKS Pod Identity); see
  // is_aws_metadata_host(). Only the credential providers' transports set this.
  bool allow_http_to_aws_metadata = false;
};

// Fills what the options leave open from the environment: ca_file from AWS_CA_BUNDLE, proxy from
// https_proxy/HTTPS_PROXY (http_proxy for http endpoints) and NO_PROXY for the endpoint's host.
// Errors (kind config): a malformed endpoint_url or proxy variable.
Status apply_environment(HttpClientOptions& options, const EnvLookup& env);

// The TLS trust and proxy every outbound HTTPS client of a program shares (the Partner Central client, the
// webhooks): built once (service::ClientStack) and handed to whoever creates a client, so no caller has its own
// idea of which CA to trust or which proxy to use.
struct OutboundSettings {
  // The resolved CA bundle (AwsSettings::ca_bundle: pcsyncd.yaml ca_bundle > AWS_CA_BUNDLE > the profile's);
  // empty = AWS_CA_BUNDLE from env, else the system trust store.
  std::string ca_file;
  // Where HTTPS_PROXY / NO_PROXY are read; empty = no proxy.
  EnvLookup env;
  // The User-Agent of the API client (aws/user_agent.hpp, with the app id), so every caller says the same.
  std::string user_agent;
};

// options.ca_file (and user_agent, when set) from outbound, then apply_environment() over outbound.env (proxy and NO_PROXY for the
// endpoint's host). Errors as apply_environment().
Status apply_outbound(HttpClientOptions& options, const OutboundSettings& outbound);

class HttpClient final : public HttpTransport {
 public:
  // Fails (kind config) on a malformed endpoint, plain http to a non-loopback host, or an unreadable CA file.
  static Result<std::unique_ptr<HttpClient>> create(boost::asio::any_io_executor executor, HttpClientOptions options);
  ~HttpClient() override;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // The endpoint's base path is prefixed to request.target (sign the request with the prefixed target, or
  // use an endpoint without a base path). Adds Host (if missing), User-Agent (if missing), Content-Length.
  // Errors: transport (codes ConnectFailed, TlsError, ConnectionClosed, ConnectionReset, ResponseTooLarge,
  // ProxyConnectFailed, ProxyAuthenticationRequired, ...), timeout (Timeout), cancelled (close()).
  boost::asio::awaitable<Result<HttpResponse>> send(HttpRequest request) override;

  // Closes every connection; sends in flight complete with kind cancelled. The client stays usable.
  void close();

  const Endpoint& endpoint() const;
  std::uint64_t connections_opened() const;

  class Impl;

 private:
  explicit HttpClient(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace pcs::net
