#include "notify/webhook_message.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace pcs::notify {
namespace {

// RFC 4231 test cases 1 and 2 (HMAC-SHA-256).
TEST(Hmac, MatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

store::Notification review_row() {
  store::Notification n;
  n.id = 42;
  n.event = "review_needed";
  n.invitation_id = "engi-1";
  n.target = "ops";
  n.payload = R"({"Event":"review_needed","InvitationId":"engi-1","EngagementTitle":"Say \"hi\"\nnow",)"
              R"("SenderCompanyName":"Acme","ExpirationDate":"2025-06-03T00:00:00Z","Rule":"default",)"
              R"("Reason":"no rule matched","At":"2025-06-02T00:00:00Z"})";
  return n;
}

config::Webhook hook(config::WebhookFormat format, std::optional<std::string> secret = std::nullopt) {
  config::Webhook w;
  w.url = "https://hooks.example.com/services/T000/B000/XXXX";
  EXPECT_EQ(config::check_webhook_url(w), "");
  w.format = format;
  w.secret = std::move(secret);
  return w;
}

TEST(WebhookMessage, TheTextSaysWhatWaitsAndHowToAnswer) {
  const std::string text = notification_text(review_row().payload);
  EXPECT_EQ(text,
            "Invitation engi-1 \"Say \"hi\"\nnow\" from Acme waits for a person (rule default: no rule matched); it "
            "expires at 2025-06-03T00:00:00Z. Answer with: pcsyncctl accept engi-1 | pcsyncctl reject engi-1 "
            "--reason TEXT");
  EXPECT_EQ(notification_text(R"({"Event":"degraded","Reason":"3 sync cycles in a row failed"})"),
            "pcsyncd is degraded: 3 sync cycles in a row failed");
  EXPECT_EQ(notification_text("not json"), "pcsyncd: ");
}

TEST(WebhookMessage, SlackGetsOneEscapedTextMember) {
  auto r = webhook_request(hook(config::WebhookFormat::slack), review_row());
  EXPECT_EQ(r.target, "/services/T000/B000/XXXX");
  const auto body = boost::json::parse(r.body).as_object();
  ASSERT_EQ(body.size(), 1u);
  EXPECT_EQ(body.at("text").as_string(), notification_text(review_row().payload));
  EXPECT_NE(r.body.find(R"(\"hi\"\n)"), std::string::npos) << "quotes and the line break are escaped: " << r.body;
  EXPECT_EQ(r.header("X-Pcsyncd-Signature"), nullptr) << "no secret, no signature";
  ASSERT_NE(r.header("X-Pcsyncd-Delivery"), nullptr);
  EXPECT_EQ(*r.header("X-Pcsyncd-Delivery"), "42");
}

TEST(WebhookMessage, JsonCarriesThePayloadAndTheSignatureIsOverTheExactBody) {
  auto r = webhook_request(hook(config::WebhookFormat::json, "s3cret"), review_row());
  const auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("Event").as_string(), "review_needed");
  EXPECT_EQ(body.at("InvitationId").as_string(), "engi-1");
  EXPECT_EQ(body.at("Target").as_string(), "ops");
  EXPECT_FALSE(body.at("Text").as_string().empty());
  ASSERT_NE(r.header("X-Pcsyncd-Signature"), nullptr);
  EXPECT_EQ(*r.header("X-Pcsyncd-Signature"), "sha256=" + hmac_sha256_hex("s3cret", r.body));
  EXPECT_EQ(*r.header("X-Pcsyncd-Event"), "review_needed");
  EXPECT_EQ(r.body.find("s3cret"), std::string::npos);
}

TEST(WebhookMessage, TheTestMessageNamesTheWebhookAndHostAndAsksForNothing) {
  config::Webhook w = hook(config::WebhookFormat::json, "s3cret");
  w.name = "ops";
  const store::Notification row = test_notification(w, "partner-host-1");
  EXPECT_EQ(row.event, "test");
  EXPECT_EQ(row.id, 0) << "no outbox row";
  EXPECT_EQ(notification_text(row.payload),
            "pcsyncd test message from pcsyncctl doctor --webhooks on partner-host-1 to webhook ops: delivery works; "
            "nothing to do");
  auto r = webhook_request(w, row);
  EXPECT_EQ(*r.header("X-Pcsyncd-Event"), "test");
  EXPECT_EQ(*r.header("X-Pcsyncd-Delivery"), "0");
  EXPECT_EQ(*r.header("X-Pcsyncd-Signature"), "sha256=" + hmac_sha256_hex("s3cret", r.body));
  const auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("Host").as_string(), "partner-host-1");
  EXPECT_EQ(body.at("Target").as_string(), "ops");
  EXPECT_EQ(r.body.find("s3cret"), std::string::npos);
  EXPECT_EQ(r.body.find("XXXX"), std::string::npos) << "the URL's path (its secret) is not in the body";
}

TEST(WebhookUrl, HttpsOrLoopbackHttpOnlyAndThePathIsRedacted) {
  config::Webhook w;
  w.url = "https://hooks.slack.com/services/T/B/SECRET";
  ASSERT_EQ(config::check_webhook_url(w), "");
  EXPECT_EQ(w.origin, "https://hooks.slack.com");
  EXPECT_EQ(w.redacted, "https://hooks.slack.com/\u2026");
  EXPECT_EQ(w.name, "hooks.slack.com");
  EXPECT_EQ(w.redacted.find("SECRET"), std::string::npos);

  config::Webhook teams;
  teams.url = "https://prod.westeurope.logic.azure.com:443/workflows/abc/triggers?api-version=1&sig=SECRET";
  ASSERT_EQ(config::check_webhook_url(teams), "");
  EXPECT_EQ(teams.target, "/workflows/abc/triggers?api-version=1&sig=SECRET");

  config::Webhook local;
  local.url = "http://127.0.0.1:8080/hook";
  EXPECT_EQ(config::check_webhook_url(local), "");
  for (const char* bad : {"http://hooks.example.com/x", "ftp://example.com/x", "https://user:pw@example.com/x",
                          "https://example.com/x#frag", "hooks.example.com/x", "https://example.com/a b"}) {
    config::Webhook w2;
    w2.url = bad;
    const std::string why = config::check_webhook_url(w2);
    EXPECT_FALSE(why.empty()) << bad;
    EXPECT_EQ(why.find("/x"), std::string::npos) << "the message must not echo the URL's path: " << why;
  }
}

}  // namespace
}  // namespace pcs::notify
