#pragma once
// The HTTP client of one webhook, as the notifier and `pcsyncctl doctor --webhooks` build it: the program's CA
// bundle and proxy (net::OutboundSettings, so a webhook is trusted and reached like the Partner Central calls),
// one connection, an answer capped at 64 KiB (a webhook's answer is only read for its status).

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <memory>

#include "config/notify_config.hpp"
#include "core/result.hpp"
#include "net/http_client.hpp"

namespace pcs::notify {

// Errors as net::HttpClient::create and net::apply_outbound (an unreadable CA bundle, a malformed HTTPS_PROXY).
Result<std::unique_ptr<net::HttpClient>> make_webhook_client(boost::asio::any_io_executor executor,
                                                             const config::Webhook& webhook,
                                                             const net::OutboundSettings& outbound,
                                                             std::chrono::milliseconds request_timeout);

}  // namespace pcs::notify
