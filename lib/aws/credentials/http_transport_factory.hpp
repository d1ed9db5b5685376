#pragma once
// The production TransportFactory: a pcs::net::HttpClient per base URL.
// - AWS metadata addresses (IMDS, ECS, EKS Pod Identity) and loopback: plain http allowed, never proxied, short
//   deadlines (they are local or absent; a long wait would only delay the chain's answer).
// - Everything else (STS): https with the CA bundle and the proxy/NO_PROXY variables from the Environment.
// Kept out of the providers' headers so pure code and tests need no Beast.

#include <chrono>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "aws/config/environment.hpp"
#include "aws/credentials/transport_factory.hpp"

namespace pcs::aws {

struct HttpTransportFactoryOptions {
  std::string ca_file;  // AwsSettings::ca_bundle; empty: AWS_CA_BUNDLE or the system store
  std::chrono::milliseconds metadata_connect_timeout{1000};
  std::chrono::milliseconds metadata_request_timeout{3000};
  std::chrono::milliseconds sts_connect_timeout{3000};
  std::chrono::milliseconds sts_request_timeout{10000};
  std::string user_agent;  // empty: the HTTP client's default
};

// env must outlive the factory.
TransportFactory make_http_transport_factory(boost::asio::any_io_executor executor, const Environment& env,
                                             HttpTransportFactoryOptions options = {});

}  // namespace pcs::aws
