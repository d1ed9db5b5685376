#pragma once
// Delivers the notification outbox (store::Notification rows) to the configured webhooks, on the daemon's
// io_context, beside the sync and never in its way: one delivery at a time, each bounded by
// DeliveryPolicy::request_timeout, retried with backoff (delivery_policy.hpp) and given up after max_attempts
// or max_age (counted as failed). Idle (nothing due), it waits on a timer set to the next row's retry time, or
// for kick(): no periodic wake-up. At least once: a crash after the POST and before the row is marked
// delivered sends it again; receivers deduplicate on X-Pcsyncd-Delivery.
//
// A webhook URL is a secret (Slack): logs and the database name the webhook (`name`) and its redacted URL only.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <random>

#include "config/notify_config.hpp"
#include "core/clock.hpp"
#include "net/http_client.hpp"
#include "notify/delivery_policy.hpp"
#include "store/store.hpp"
#include "notify/notifier_counts.hpp"

namespace pcs::notify {

// The webhooks as the store writes rows for them (names and event filters, never URLs).
std::vector<store::NotificationTarget> store_targets(const config::NotifyConfig& notify);

class Notifier {
 public:
  // outbound: the TLS trust and proxy of the program's other HTTPS calls (service::ClientStack::outbound), so a
  // webhook is verified against the same CA bundle and reached through the same HTTPS_PROXY / NO_PROXY.
  Notifier(boost::asio::any_io_executor executor, store::Store& store, const Clock& clock,
           net::OutboundSettings outbound, DeliveryPolicy policy = {});
  ~Notifier();

  // The webhooks to deliver to (and the targets the store writes rows for), now and after a reload.
  void configure(const config::NotifyConfig& notify);
  // Rows may have been written: look now instead of at the next retry time.
  void kick();
  // Runs until stop().
  boost::asio::awaitable<void> run();
  void stop();
  const NotifierCounts& counts() const { return counts_; }

 private:
  boost::asio::awaitable<void> deliver(const store::Notification& row);
  Result<std::shared_ptr<net::HttpClient>> client_for(const config::Webhook& webhook);
  void give_up_or_retry(const store::Notification& row, const std::string& why);

  boost::asio::any_io_executor executor_;
  store::Store& store_;
  const Clock& clock_;
  net::OutboundSettings outbound_;
  DeliveryPolicy policy_;
  std::vector<config::Webhook> webhooks_;
  std::map<std::string, std::shared_ptr<net::HttpClient>> clients_;  // by webhook name
  // The client of the delivery on its way (one at a time): a reload drops clients_ without cutting it short,
  // and stop() still closes it.
  std::shared_ptr<net::HttpClient> in_flight_;
  boost::asio::steady_timer timer_;
  std::mt19937_64 jitter_{std::random_device{}()};
  NotifierCounts counts_;
  bool stopped_ = false;
};

}  // namespace pcs::notify
