#include "notify/webhook_client.hpp"

#include <algorithm>

namespace pcs::notify {

Result<std::unique_ptr<net::HttpClient>> make_webhook_client(boost::asio::any_io_executor executor,
                                                             const config::Webhook& webhook,
                                                             const net::OutboundSettings& outbound,
                                                             std::chrono::milliseconds request_timeout) {
  net::HttpClientOptions options;
  options.endpoint_url = webhook.origin;
  // Plain http stays loopback-only (HttpClient::create refuses anything else); loopback is never proxied.
  if (auto applied = net::apply_outbound(options, outbound); !applied) return applied.error();
  options.request_timeout = request_timeout;
  options.connect_timeout = std::min(request_timeout, std::chrono::milliseconds{5000});
  options.max_connections = 1;
  options.max_response_bytes = 64 * 1024;
  return net::HttpClient::create(executor, options);
}

}  // namespace pcs::notify
