#include "notify/webhook_message.hpp"

#include <openssl/hmac.h>

#include <boost/json.hpp>
#include "core/hex.hpp"

namespace pcs::notify {
namespace {

std::string member(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::string notification_text(std::string_view payload_json) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(payload_json, ec);
  const boost::json::object empty;
  const boost::json::object& p = !ec && parsed.is_object() ? parsed.as_object() : empty;
  const std::string event = member(p, "Event");
  const std::string id = member(p, "InvitationId");
  std::string subject = "Invitation " + id;
  if (const auto title = member(p, "EngagementTitle"); !title.empty()) subject += " \"" + title + "\"";
  if (const auto sender = member(p, "SenderCompanyName"); !sender.empty()) subject += " from " + sender;
  const std::string expires = member(p, "ExpirationDate");
  const std::string who = member(p, "DecidedBy").empty() ? "rule " + member(p, "Rule") : member(p, "DecidedBy");
  if (event == "review_needed")
    return subject + " waits for a person (rule " + member(p, "Rule") + ": " + member(p, "Reason") + ")" +
           (expires.empty() ? "" : "; it expires at " + expires) + ". Answer with: pcsyncctl accept " + id +
           " | pcsyncctl reject " + id + " --reason TEXT";
  if (event == "accepted")
    return subject + " was accepted (decided by " + who + ")" +
           (member(p, "TaskId").empty() ? "" : "; task " + member(p, "TaskId"));
  if (event == "rejected") return subject + " was rejected (decided by " + who + ")";
  if (event == "task_failed")
    return subject + ": the accept task FAILED (decided by " + who + "): " + member(p, "Error");
  if (event == "decision_failed")
    return subject + ": the " + member(p, "Decision") + " decided by " + who + " failed: " + member(p, "Error");
  if (event == "expiring") {
    const auto* waiting = p.if_contains("WaitingForPerson");
    const bool review = waiting && waiting->is_bool() && waiting->as_bool();
    return subject + (review ? " waits for a person and" : " is undecided and") + " expires at " + expires +
           ". Answer with: pcsyncctl accept " + id + " | pcsyncctl reject " + id + " --reason TEXT";
  }
  if (event == "test")
    return "pcsyncd test message from pcsyncctl doctor --webhooks on " + member(p, "Host") + " to webhook " +
           member(p, "Webhook") + ": delivery works; nothing to do";
  if (event == "degraded") return "pcsyncd is degraded: " + member(p, "Reason");
  if (event == "recovered") return "pcsyncd recovered: " + member(p, "Reason");
  return "pcsyncd: " + event + (id.empty() ? "" : " " + id);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view body) {
  unsigned char mac[32];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac, &size);
  return core::hex_lower(mac, size);
}

store::Notification test_notification(const config::Webhook& webhook, std::string_view host) {
  store::Notification row;
  row.event = "test";
  row.target = webhook.name;
  row.payload = boost::json::serialize(
      boost::json::object{{"Event", "test"}, {"Webhook", webhook.name}, {"Host", host}});
  return row;
}

net::HttpRequest webhook_request(const config::Webhook& webhook, const store::Notification& row) {
  net::HttpRequest r;
  r.method = "POST";
  r.target = webhook.target;
  if (webhook.format == config::WebhookFormat::slack) {
    // Slack and Teams incoming webhooks take {"text": ...}; Boost.JSON escapes quotes, backslashes and
    // control characters.
    r.body = boost::json::serialize(boost::json::object{{"text", notification_text(row.payload)}});
  } else {
    boost::system::error_code ec;
    boost::json::value payload = boost::json::parse(row.payload, ec);
    if (ec || !payload.is_object()) payload = boost::json::object{{"Event", row.event}};
    payload.as_object()["Text"] = notification_text(row.payload);
    payload.as_object()["Target"] = row.target;
    r.body = boost::json::serialize(payload);
  }
  r.set_header("Content-Type", "application/json");
  r.set_header("X-Pcsyncd-Event", row.event);
  r.set_header("X-Pcsyncd-Delivery", std::to_string(row.id));
  if (webhook.secret) r.set_header("X-Pcsyncd-Signature", "sha256=" + hmac_sha256_hex(*webhook.secret, r.body));
  return r;
}

}  // namespace pcs::notify
