#include "aws/credentials/http_transport_factory.hpp"

#include "aws/credentials/url_parts.hpp"
#include "net/endpoint.hpp"
#include "net/http_client.hpp"

namespace pcs::aws {

TransportFactory make_http_transport_factory(boost::asio::any_io_executor executor, const Environment& env,
                                             HttpTransportFactoryOptions options) {
  return [executor, &env, options](const std::string& base_url) -> Result<std::unique_ptr<net::HttpTransport>> {
    auto parts = split_url(base_url, "the credentials endpoint");
    if (!parts) return parts.error();
    net::HttpClientOptions o;
    o.endpoint_url = base_url;
    o.user_agent = options.user_agent;
    const bool local = net::is_aws_metadata_host(parts->host) || net::is_loopback_host(parts->host);
    if (local) {
      // Metadata endpoints are link-local: a proxy could not reach them and must never see their tokens.
      o.allow_http_to_aws_metadata = true;
      o.connect_timeout = options.metadata_connect_timeout;
      o.request_timeout = options.metadata_request_timeout;
      o.ca_file = options.ca_file;
    } else {
      o.ca_file = options.ca_file;
      o.connect_timeout = options.sts_connect_timeout;
      o.request_timeout = options.sts_request_timeout;
      net::EnvLookup lookup = [&env](const char* name) { return env.get(name); };
      auto applied = net::apply_environment(o, lookup);
      if (!applied) return applied.error();
    }
    auto client = net::HttpClient::create(executor, std::move(o));
    if (!client) return client.error();
    return std::unique_ptr<net::HttpTransport>(std::move(client).value());
  };
}

}  // namespace pcs::aws
