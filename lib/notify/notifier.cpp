#include "notify/notifier.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <optional>

#include "core/time_format.hpp"
#include "notify/webhook_client.hpp"
#include "notify/webhook_message.hpp"

namespace pcs::notify {
namespace {

constexpr std::int64_t kBatch = 16;

}  // namespace

std::vector<store::NotificationTarget> store_targets(const config::NotifyConfig& notify) {
  std::vector<store::NotificationTarget> out;
  for (const auto& w : notify.webhooks) out.push_back({w.name, w.events});
  return out;
}

Notifier::Notifier(boost::asio::any_io_executor executor, store::Store& store, const Clock& clock,
                   net::OutboundSettings outbound, DeliveryPolicy policy)
    : executor_(executor),
      store_(store),
      clock_(clock),
      outbound_(std::move(outbound)),
      policy_(policy),
      timer_(executor) {}

Notifier::~Notifier() { stop(); }

void Notifier::configure(const config::NotifyConfig& notify) {
  webhooks_ = notify.webhooks;
  clients_.clear();  // a changed URL gets a new client; rows follow the webhook's name
  store_.set_notification_targets(store_targets(notify));
  kick();
}

void Notifier::kick() { timer_.cancel(); }

void Notifier::stop() {
  stopped_ = true;
  timer_.cancel();
  for (auto& [name, client] : clients_) client->close();
  if (in_flight_) in_flight_->close();
}

Result<std::shared_ptr<net::HttpClient>> Notifier::client_for(const config::Webhook& w) {
  auto& slot = clients_[w.name];
  if (!slot) {
    auto client = make_webhook_client(executor_, w, outbound_, policy_.request_timeout);
    if (!client) return client.error();
    slot = std::move(*client);
  }
  return slot;
}

void Notifier::give_up_or_retry(const store::Notification& row, const std::string& why) {
  const WallTime now = clock_.wall_now();
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto retry = next_attempt_at(policy_, row.attempts + 1, row.created_at, now, unit(jitter_));
  // The outbox keeps whole seconds: round up, so a retry is never due (and tried) before its time.
  if (retry) retry = std::chrono::ceil<std::chrono::seconds>(*retry);
  if (auto s = store_.notification_attempt_failed(row.id, why, retry, now); !s)
    spdlog::warn("could not record a webhook delivery attempt: {}", s.error().describe());
  if (retry) {
    spdlog::warn("notification {} ({}) to webhook {}: attempt {} failed: {}; retrying at {}", row.id, row.event,
                 row.target, row.attempts + 1, why, format_iso8601(*retry));
  } else {
    ++counts_.failed;
    spdlog::error("notification {} ({}) to webhook {}: given up after {} attempts: {}", row.id, row.event, row.target,
                  row.attempts + 1, why);
  }
}

boost::asio::awaitable<void> Notifier::deliver(const store::Notification& row) {
  // A copy: a reload (configure()) replaces webhooks_ while the request is on its way.
  std::optional<config::Webhook> webhook;
  for (const auto& w : webhooks_)
    if (w.name == row.target) webhook = w;
  ++counts_.attempts;
  if (!webhook) {
    ++counts_.failed;
    if (auto s = store_.notification_attempt_failed(row.id, "webhook " + row.target + " is no longer configured",
                                                    std::nullopt, clock_.wall_now());
        !s)
      spdlog::warn("could not record a webhook delivery attempt: {}", s.error().describe());
    co_return;
  }
  auto client = client_for(*webhook);
  if (!client) {
    // An unreadable CA bundle or a malformed HTTPS_PROXY: retried, since the operator may fix the file.
    give_up_or_retry(row, "cannot set up the HTTPS client for " + webhook->redacted + ": " + client.error().describe());
    co_return;
  }
  in_flight_ = *client;
  auto response = co_await in_flight_->send(webhook_request(*webhook, row));
  in_flight_.reset();
  if (stopped_) co_return;  // the attempt was cut short by the stop: the row stays due for the next start
  if (response && response->status >= 200 && response->status < 300) {
    ++counts_.delivered;
    if (auto s = store_.notification_delivered(row.id, clock_.wall_now()); !s)
      spdlog::warn("could not record a webhook delivery: {}", s.error().describe());
    spdlog::debug("notification {} ({}) delivered to webhook {}", row.id, row.event, row.target);
    co_return;
  }
  // Error::describe() names the host and port at most, never the URL's path (which may be its secret).
  give_up_or_retry(row, response ? "HTTP " + std::to_string(response->status) + " from " + webhook->redacted
                                 : response.error().describe());
}

boost::asio::awaitable<void> Notifier::run() {
  while (!stopped_) {
    auto due = store_.due_notifications(clock_.wall_now(), kBatch);
    if (!due) {
      spdlog::warn("cannot read the notification outbox: {}", due.error().describe());
      due = std::vector<store::Notification>{};
    }
    for (const auto& row : *due) {
      if (stopped_) co_return;
      co_await deliver(row);
    }
    if (std::int64_t(due->size()) == kBatch) continue;
    auto next = store_.next_notification_due();
    if (next && *next) {
      const auto wait = std::max(std::chrono::steady_clock::duration::zero(),
                                 std::chrono::duration_cast<std::chrono::steady_clock::duration>(**next - clock_.wall_now()));
      timer_.expires_after(wait + std::chrono::milliseconds{5});
    } else {
      timer_.expires_at(std::chrono::steady_clock::time_point::max());
    }
    if (stopped_) co_return;
    co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

}  // namespace pcs::notify
