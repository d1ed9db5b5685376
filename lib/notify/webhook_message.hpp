#pragma once
// What a webhook receives for one outbox row: the body (pcsyncd's JSON, or Slack/Teams' {"text": ...}), the
// HMAC signature header when the webhook has a secret, and the one-line text people read. Pure.

#include <string>
#include <string_view>
#include <vector>

#include "config/notify_config.hpp"
#include "net/http_message.hpp"
#include "store/records.hpp"

namespace pcs::notify {

// "Invitation engi-1 \"Title\" from Sender waits for a person (rule default: no rule matched); it expires at
// ...: pcsyncctl accept|reject engi-1". Built from the payload's members; unknown events get a generic line.
std::string notification_text(std::string_view payload_json);

// Lowercase hex HMAC-SHA256 of `body` with `key` (OpenSSL).
std::string hmac_sha256_hex(std::string_view key, std::string_view body);

// The row `pcsyncctl doctor --webhooks` sends each webhook: event "test", X-Pcsyncd-Delivery 0 (no outbox row),
// a payload naming the webhook and the host it was sent from, and a text that says nothing needs doing.
store::Notification test_notification(const config::Webhook& webhook, std::string_view host);

// The POST for `row` to `webhook`: target, Content-Type, X-Pcsyncd-Event, X-Pcsyncd-Delivery (the row id, for
// receivers that deduplicate: delivery is at least once) and, with a secret, X-Pcsyncd-Signature:
// sha256=<hmac_sha256_hex(secret, body)>.
net::HttpRequest webhook_request(const config::Webhook& webhook, const store::Notification& row);

}  // namespace pcs::notify
