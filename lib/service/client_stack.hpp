#pragma once
// The Partner Central client as every program of the project builds it: AWS settings resolved like the CLI
// (config file > environment > profile), the default credential chain behind a refreshing cache, the HTTPS
// client (CA bundle, proxy) and the typed client. pcsyncd, `pcsyncctl call` and `pcsyncctl doctor` share it.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <memory>

#include "aws/config/environment.hpp"
#include "aws/config/profile_set.hpp"
#include "aws/config/settings.hpp"
#include "aws/credentials/caching_provider.hpp"
#include "config/daemon_config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "net/http_client.hpp"
#include "partnercentral/client.hpp"

namespace pcs::service {

struct ClientStackOptions {
  aws::ExplicitAwsSettings explicit_settings;
  std::chrono::milliseconds request_timeout{30000};
  std::chrono::milliseconds connect_timeout{5000};
};

struct ClientStack {
  aws::AwsSettings settings;
  std::shared_ptr<const aws::ProfileSet> profiles;
  std::unique_ptr<aws::CachingCredentialsProvider> credentials;
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<pc::PartnerCentralClient> client;
  bool proxied = false;
  // The CA bundle and proxy variables `http` was built with: every other HTTPS client of the program
  // (webhooks) is built with them too (net::apply_outbound).
  net::OutboundSettings outbound;
};

// What pcsyncd.yaml says about the AWS settings (profile, region, endpoint_url, ca_bundle); unset keys leave
// the environment and the profile to decide.
aws::ExplicitAwsSettings explicit_aws_settings(const config::DaemonConfig& config);

// The CA bundle, proxy variables and User-Agent of every HTTPS client of the program (the API's, the webhooks'),
// from the resolved settings. env must outlive the result (its proxy lookups read env).
net::OutboundSettings outbound_settings(const aws::AwsSettings& settings, const aws::Environment& env);

// env and clock must outlive the stack. Errors are kind config, naming the setting or file to fix.
Result<std::unique_ptr<ClientStack>> build_client_stack(boost::asio::any_io_executor executor,
                                                        const aws::Environment& env, const Clock& clock,
                                                        const ClientStackOptions& options);

}  // namespace pcs::service
