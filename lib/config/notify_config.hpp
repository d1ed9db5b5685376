#pragma once
// The `notify:` section: webhooks told about what needs a person or went wrong (issue 10, docs/review.md).
// Plain data, validated by the config loader. A webhook's URL and secret are secrets (a Slack incoming webhook
// URL is its own credential): only `name` and `redacted` may reach logs, the database or pcsyncctl.

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pcs::config {

// Every event a webhook can be sent, by the name `events:` filters on.
inline constexpr std::array<std::string_view, 8> kNotificationEvents{
    "review_needed", "accepted", "rejected", "task_failed", "decision_failed", "expiring", "degraded", "recovered"};

enum class WebhookFormat {
  json,   // pcsyncd's JSON object (Event, InvitationId, ..., Text)
  slack,  // {"text": "..."}: what Slack and Microsoft Teams incoming webhooks accept
};

struct Webhook {
  std::string name;    // names its deliveries in the database and pcsyncctl: `name:`, else the URL's host
  std::string url;     // secret: never logged or stored
  std::string origin;  // scheme://host[:port], the HTTP client's endpoint
  std::string target;  // the path and query the POST goes to
  std::string redacted;  // "https://hooks.slack.com/…": the URL without its path, for messages
  std::optional<std::string> secret;  // HMAC-SHA256 key of X-Pcsyncd-Signature
  WebhookFormat format = WebhookFormat::json;
  std::vector<std::string> events;  // empty: every event

  bool wants(std::string_view event) const;
  bool operator==(const Webhook&) const = default;
};

struct NotifyConfig {
  std::vector<Webhook> webhooks;
  // An undecided or review invitation expiring within this is announced once (event expiring).
  std::chrono::seconds expiry_warning{24 * 3600};
  bool operator==(const NotifyConfig&) const = default;
};

// Splits and checks a webhook URL: https, or plain http only to a loopback host (net::parse_endpoint's rule),
// no user info or fragment; a query is kept (Teams workflow URLs carry their signature there). Returns what is
// wrong (never echoing the URL), or fills origin, target and redacted.
std::string check_webhook_url(Webhook& webhook);

}  // namespace pcs::config
