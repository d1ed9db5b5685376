#include "service/client_stack.hpp"

#include "aws/credentials/chain_provider.hpp"
#include "aws/credentials/http_transport_factory.hpp"
#include "aws/user_agent.hpp"
#include "net/endpoint.hpp"

namespace pcs::service {

aws::ExplicitAwsSettings explicit_aws_settings(const config::DaemonConfig& c) {
  aws::ExplicitAwsSettings s;
  s.profile = c.profile;
  s.region = c.region;
  s.endpoint_url = c.endpoint_url;
  s.ca_bundle = c.ca_bundle;
  return s;
}

net::OutboundSettings outbound_settings(const aws::AwsSettings& settings, const aws::Environment& env) {
  net::OutboundSettings outbound;
  outbound.ca_file = settings.ca_bundle;
  outbound.env = [&env](const char* name) { return env.get(name); };
  outbound.user_agent = aws::user_agent(settings.app_id);
  return outbound;
}

Result<std::unique_ptr<ClientStack>> build_client_stack(boost::asio::any_io_executor executor,
                                                        const aws::Environment& env, const Clock& clock,
                                                        const ClientStackOptions& options) {
  auto stack = std::make_unique<ClientStack>();

  auto profiles = aws::load_profile_set(env);
  if (!profiles) return profiles.error();
  stack->profiles = std::make_shared<const aws::ProfileSet>(std::move(*profiles));

  auto settings = aws::resolve_aws_settings(env, *stack->profiles, options.explicit_settings);
  if (!settings) return settings.error();
  stack->settings = std::move(*settings);

  auto endpoint = net::parse_endpoint(stack->settings.endpoint_url);
  if (!endpoint) return endpoint.error();

  stack->outbound = outbound_settings(stack->settings, env);

  net::HttpClientOptions http;
  http.endpoint_url = stack->settings.endpoint_url;
  http.request_timeout = options.request_timeout;
  http.connect_timeout = options.connect_timeout;
  // The largest answer of the six operations at the model's limits is about 1 MiB (a page of 1,000 tasks);
  // anything far larger is refused before it is parsed, so a hostile answer cannot grow memory.
  http.max_response_bytes = 4 * 1024 * 1024;
  if (auto applied = net::apply_outbound(http, stack->outbound); !applied) return applied.error();
  stack->proxied = http.proxy.has_value();
  auto client = net::HttpClient::create(executor, http);
  if (!client) return client.error();
  stack->http = std::move(*client);

  // The credential providers' own HTTP: metadata hosts plain and unproxied, STS with the CA bundle and proxy.
  aws::HttpTransportFactoryOptions factory_options;
  factory_options.ca_file = stack->settings.ca_bundle;
  factory_options.user_agent = http.user_agent;
  auto factory = aws::make_http_transport_factory(executor, env, factory_options);
  aws::DefaultChainOptions chain;
  chain.profiles = stack->profiles;
  chain.profile_name = stack->settings.profile;
  chain.region = stack->settings.region;
  stack->credentials = std::make_unique<aws::CachingCredentialsProvider>(
      aws::make_default_chain(env, std::move(factory), clock, std::move(chain)), clock);

  pc::ClientOptions client_options;
  client_options.region = stack->settings.region;
  client_options.host = endpoint->host_header();
  stack->client = std::make_unique<pc::PartnerCentralClient>(*stack->http, *stack->credentials, client_options, clock);
  return stack;
}

}  // namespace pcs::service
