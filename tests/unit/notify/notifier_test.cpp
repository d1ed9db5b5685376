// The delivery loop against a loopback webhook receiver (tests/support ThreadedServer): down for a while, then
// delivered, every attempt signed; a receiver that never answers 2xx is given up and counted; an HTTPS receiver
// is trusted through the shared CA bundle only, and reached through HTTPS_PROXY; the outbox row is written with
// the change that causes it, or not at all.
#include "notify/notifier.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <map>
#include <condition_variable>
#include <mutex>

#include "connect_proxy.hpp"
#include "core/time_format.hpp"
#include "io_helpers.hpp"
#include "notify/webhook_message.hpp"
#include "sync/decision_request.hpp"
#include "temp_dir.hpp"
#include "test_certs.hpp"
#include "threaded_server.hpp"

namespace pcs::notify {
namespace {

using namespace std::chrono_literals;

struct Received {
  std::mutex mutex;
  std::vector<net::HttpRequest> requests;
};

store::InvitationSummary invitation(const std::string& id) {
  store::InvitationSummary s;
  s.id = id;
  s.catalog = "AWS";
  s.status = "PENDING";
  s.engagement_title = "Title of " + id;
  s.expiration_date = *parse_iso8601("2099-01-01T00:00:00Z");
  return s;
}

const pcs::test::TestCerts& certs() {
  static const pcs::test::TestCerts generated;
  return generated;
}

config::NotifyConfig webhook_at(const std::string& origin, std::optional<std::string> secret) {
  config::Webhook w;
  w.url = origin + "/hooks/T0/B0/SECRETPATH";
  w.name = "ops";
  w.secret = std::move(secret);
  EXPECT_EQ(config::check_webhook_url(w), "");
  config::NotifyConfig n;
  n.webhooks.push_back(w);
  return n;
}

config::NotifyConfig webhook_to(std::uint16_t port, std::optional<std::string> secret) {
  return webhook_at("http://127.0.0.1:" + std::to_string(port), std::move(secret));
}

net::ServerReply answer(int status) {
  net::ServerReply reply;
  reply.response.status = status;
  return reply;
}

// A loopback HTTPS webhook receiver that answers every POST with `status`, presenting `cert`.
std::unique_ptr<pcs::test::ThreadedServer> https_receiver(int status, const std::filesystem::path& cert,
                                                          const std::filesystem::path& key) {
  net::HttpServerOptions options;
  options.tls_cert_file = cert.string();
  options.tls_key_file = key.string();
  auto receiver =
      std::make_unique<pcs::test::ThreadedServer>([status](const net::HttpRequest&) { return answer(status); }, options);
  EXPECT_TRUE(receiver->started());
  return receiver;
}

net::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class NotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::open((dir_.path() / "pcsync.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    store_.emplace(std::move(*opened));
    std::array<store::InvitationSummary, 1> page{invitation("engi-1")};
    ASSERT_TRUE(store_->upsert_invitations(page, clock_.wall_now()).ok());
  }

  using Done = std::function<bool(const store::Notification&)>;
  static bool settled(const store::Notification& row) { return row.delivered_at || row.failed_at; }

  // Gives the notifier `webhooks`, records engi-1 as waiting for review (one review_needed row each), and runs
  // the notifier until the row satisfies `done` (by default: delivered or given up).
  store::Notification announce_review(Notifier& notifier, const config::NotifyConfig& webhooks,
                                      const Done& done = settled) {
    notifier.configure(webhooks);
    auto review = store_->record_review({"engi-1", "AWS", "default", "no rule matched", clock_.wall_now()});
    EXPECT_TRUE(review.ok() && *review) << "a new review";
    return run_until(notifier, done);
  }

  // Runs the notifier until the outbox row satisfies `done` (deadline 20 s).
  store::Notification run_until(Notifier& notifier, const Done& done) {
    std::optional<store::Notification> settled;
    auto watch = [&]() -> boost::asio::awaitable<void> {
      boost::asio::steady_timer t(io_);
      for (int i = 0; i < 2000 && !settled; ++i) {
        auto rows = store_->list_notifications(10);
        if (rows.ok() && !rows->empty() && done(rows->front())) settled = rows->front();
        t.expires_after(10ms);
        co_await t.async_wait(boost::asio::use_awaitable);
      }
      notifier.stop();
    };
    boost::asio::co_spawn(io_, notifier.run(), boost::asio::detached);
    EXPECT_TRUE(pcs::test::run_coroutine(io_, watch(), 25s));
    EXPECT_TRUE(settled.has_value()) << "the notification never reached the state the test waits for";
    return settled.value_or(store::Notification{});
  }

  pcs::test::TempDir dir_;
  SystemClock clock_;
  boost::asio::io_context io_;
  std::optional<store::Store> store_;
};

TEST_F(NotifierTest, AWebhookDownForAWhileGetsItLaterSignedEveryTime) {
  Received received;
  std::atomic<int> calls{0};
  pcs::test::ThreadedServer receiver([&](const net::HttpRequest& r) {
    std::lock_guard lock(received.mutex);
    received.requests.push_back(r);
    net::ServerReply reply;
    reply.response.status = ++calls <= 2 ? 503 : 200;  // down for two attempts
    return reply;
  });
  ASSERT_TRUE(receiver.started());
  DeliveryPolicy fast;
  fast.first_retry = 50ms;
  fast.max_retry = 100ms;
  fast.request_timeout = 2s;
  Notifier notifier(io_.get_executor(), *store_, clock_, {}, fast);
  const auto row = announce_review(notifier, webhook_to(receiver.port(), "hmac-key"));
  EXPECT_TRUE(row.delivered_at.has_value());
  EXPECT_FALSE(row.failed_at.has_value());
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.target, "ops");
  EXPECT_EQ(notifier.counts().delivered, 1);
  EXPECT_EQ(notifier.counts().attempts, 3);
  EXPECT_EQ(notifier.counts().failed, 0);
  std::lock_guard lock(received.mutex);
  ASSERT_EQ(received.requests.size(), 3u);
  for (const auto& r : received.requests) {
    EXPECT_EQ(r.target, "/hooks/T0/B0/SECRETPATH");
    ASSERT_NE(r.header("X-Pcsyncd-Signature"), nullptr);
    EXPECT_EQ(*r.header("X-Pcsyncd-Signature"), "sha256=" + hmac_sha256_hex("hmac-key", r.body)) << "checked as a "
                                                                                                      "receiver would";
    EXPECT_NE(r.body.find("\"Event\":\"review_needed\""), std::string::npos) << r.body;
    EXPECT_EQ(*r.header("X-Pcsyncd-Delivery"), std::to_string(row.id)) << "the same row each time";
  }
  // Nothing in the outbox or its errors names the URL's secret path.
  EXPECT_EQ(row.last_error.find("SECRETPATH"), std::string::npos);
}

TEST_F(NotifierTest, AWebhookThatNeverAnswersIsGivenUpAndCounted) {
  pcs::test::ThreadedServer receiver([](const net::HttpRequest&) {
    net::ServerReply reply;
    reply.response.status = 500;
    return reply;
  });
  DeliveryPolicy fast;
  fast.first_retry = 10ms;
  fast.max_retry = 10ms;
  fast.max_attempts = 2;
  fast.request_timeout = 2s;
  Notifier notifier(io_.get_executor(), *store_, clock_, {}, fast);
  const auto row = announce_review(notifier, webhook_to(receiver.port(), std::nullopt));
  EXPECT_TRUE(row.failed_at.has_value());
  EXPECT_EQ(row.attempts, 2);
  EXPECT_NE(row.last_error.find("HTTP 500 from http://127.0.0.1:"), std::string::npos) << row.last_error;
  EXPECT_EQ(row.last_error.find("SECRETPATH"), std::string::npos) << row.last_error;
  EXPECT_EQ(notifier.counts().failed, 1);
  EXPECT_EQ(receiver.requests_served(), 2u);
}

// Found in review: a reload (configure()) while a delivery was on its way closed that delivery's client, so the
// attempt failed as Cancelled, and it kept a pointer into the webhook list the reload replaced. The receiver here
// answers only once the reload has happened: the one attempt is delivered.
TEST_F(NotifierTest, AReloadDuringADeliveryDoesNotCutItShort) {
  std::mutex mutex;
  std::condition_variable reloaded_cv;
  bool reloaded = false;
  std::atomic<bool> received{false};
  pcs::test::ThreadedServer receiver([&](const net::HttpRequest&) {
    received = true;
    std::unique_lock lock(mutex);
    reloaded_cv.wait_for(lock, 5s, [&] { return reloaded; });
    return answer(204);
  });
  DeliveryPolicy once;
  once.max_attempts = 1;
  once.request_timeout = 10s;
  Notifier notifier(io_.get_executor(), *store_, clock_, {}, once);
  const auto hooks = webhook_to(receiver.port(), std::nullopt);
  const auto row = announce_review(notifier, hooks, [&](const store::Notification& r) {
    if (received && !reloaded) {
      notifier.configure(hooks);  // on the io thread, as SIGHUP's reload runs
      std::lock_guard lock(mutex);
      reloaded = true;
      reloaded_cv.notify_all();
    }
    return settled(r);
  });
  EXPECT_TRUE(reloaded);
  EXPECT_TRUE(row.delivered_at.has_value()) << row.last_error;
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(receiver.requests_served(), 1u);
}

// A webhook is trusted like every other call: against the CA bundle of the shared outbound settings.
TEST_F(NotifierTest, AnHttpsWebhookSignedByTheConfiguredCaBundleIsDelivered) {
  const auto receiver = https_receiver(200, certs().server_cert, certs().server_key);
  Notifier notifier(io_.get_executor(), *store_, clock_, {certs().ca_cert.string(), {}, {}});
  const auto origin = "https://localhost:" + std::to_string(receiver->port());
  const auto row = announce_review(notifier, webhook_at(origin, "hmac-key"));
  EXPECT_TRUE(row.delivered_at.has_value()) << row.last_error;
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(receiver->requests_served(), 1u);
}

// A CA bundle that does not vouch for the receiver: a typed TLS error in the row, retried later, nothing sent.
TEST_F(NotifierTest, AnHttpsWebhookTheCaBundleDoesNotTrustIsRefusedAndRetried) {
  const auto receiver = https_receiver(200, certs().server_cert, certs().server_key);
  DeliveryPolicy slow_retry;
  slow_retry.first_retry = std::chrono::minutes{10};
  slow_retry.request_timeout = 2s;
  Notifier notifier(io_.get_executor(), *store_, clock_, {certs().other_ca_cert.string(), {}, {}}, slow_retry);
  const auto origin = "https://localhost:" + std::to_string(receiver->port());
  const auto before = clock_.wall_now();
  const auto row = announce_review(notifier, webhook_at(origin, std::nullopt),
                                   [](const store::Notification& r) { return r.attempts >= 1; });
  EXPECT_EQ(row.attempts, 1);
  EXPECT_TRUE(row.last_error.starts_with("TlsError: ")) << row.last_error;
  EXPECT_NE(row.last_error.find("not trusted"), std::string::npos) << row.last_error;
  EXPECT_EQ(row.last_error.find("SECRETPATH"), std::string::npos) << row.last_error;
  EXPECT_FALSE(row.delivered_at.has_value());
  EXPECT_FALSE(row.failed_at.has_value()) << "a TLS refusal is retried, not given up at once";
  EXPECT_GT(row.next_attempt_at, before + std::chrono::minutes{1}) << "retried later, with the policy's backoff";
  EXPECT_EQ(notifier.counts().failed, 0);
  EXPECT_EQ(receiver->requests_served(), 0u);
}

// HTTPS_PROXY from the shared outbound settings: the webhook's host is never resolved (.invalid), the proxy
// tunnels to the receiver, whose certificate is still verified for the webhook's host name.
TEST_F(NotifierTest, AnHttpsWebhookIsReachedThroughHttpsProxy) {
  const auto receiver = https_receiver(204, certs().wrong_host_cert, certs().wrong_host_key);
  pcs::test::ConnectProxy proxy(io_);
  const auto proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
  Notifier notifier(io_.get_executor(), *store_, clock_,
                    {certs().ca_cert.string(), env_of({{"HTTPS_PROXY", proxy_url}, {"NO_PROXY", "localhost"}}), {}});
  const auto target = "wrong-host.invalid:" + std::to_string(receiver->port());
  const auto row = announce_review(notifier, webhook_at("https://" + target, std::nullopt));
  EXPECT_TRUE(row.delivered_at.has_value()) << row.last_error;
  EXPECT_TRUE(proxy.head().starts_with("CONNECT " + target + " HTTP/1.1\r\n")) << proxy.head();
  EXPECT_EQ(proxy.head().find("SECRETPATH"), std::string::npos) << "the proxy sees the host, never the path";
  EXPECT_EQ(proxy.tunnels(), 1);
  EXPECT_EQ(receiver->requests_served(), 1u);
}

// The outbox row exists exactly when its change was committed; the event filter applies.
TEST_F(NotifierTest, RowsAreWrittenWithTheirChangeOnlyAndFiltered) {
  config::NotifyConfig n = webhook_to(9, std::nullopt);
  config::Webhook only_failures = n.webhooks[0];
  only_failures.name = "failures";
  only_failures.events = {"task_failed", "decision_failed"};
  n.webhooks.push_back(only_failures);
  store_->set_notification_targets(store_targets(n));
  EXPECT_FALSE(store_->record_review({"engi-404", "AWS", "default", "", clock_.wall_now()}).ok());
  EXPECT_TRUE(store_->list_notifications(10)->empty()) << "a refused change announces nothing";

  ASSERT_TRUE(store_->record_review({"engi-1", "AWS", "default", "no rule matched", clock_.wall_now()}).ok());
  ASSERT_TRUE(store_->record_review({"engi-1", "AWS", "default", "no rule matched", clock_.wall_now()}).ok());
  auto rows = store_->list_notifications(10);
  ASSERT_EQ(rows->size(), 1u) << "once, and only to the webhook that wants review_needed";
  EXPECT_EQ(rows->front().target, "ops");

  store::Invitation mirrored;
  mirrored.summary = invitation("engi-1");
  const sync::PersonVerdict no{store::DecisionAction::reject, "alice", "no", {}};
  auto recorded = store_->record_person_decision(sync::person_decision(no, mirrored, 1), clock_.wall_now());
  ASSERT_TRUE(recorded.ok());
  ASSERT_TRUE(store_->mark_decision_sent(recorded->id, clock_.wall_now()).ok());
  ASSERT_TRUE(store_->mark_decision_failed(recorded->id, "ValidationException", clock_.wall_now()).ok());
  rows = store_->list_notifications(10);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(rows->at(0).event, "decision_failed");
  EXPECT_NE(rows->at(0).payload.find("\"DecidedBy\":\"alice\""), std::string::npos) << rows->at(0).payload;
  EXPECT_EQ(rows->at(0).target, "failures");
  EXPECT_EQ(rows->at(1).event, "decision_failed");
}

// Undecided and review invitations about to expire are announced once each; decided ones never.
// The daemon's health is recorded whether or not a webhook wants it, with its announcement in one transaction, and
// read back by the next daemon (DegradedWatch::restore).
TEST_F(NotifierTest, TheHealthLastAnnouncedOutlivesTheProcess) {
  EXPECT_FALSE(*store_->degraded()) << "nothing recorded yet";
  ASSERT_TRUE(store_->record_health("degraded", "3 sync cycles in a row failed", clock_.wall_now())
                  .ok());
  EXPECT_TRUE(store_->list_notifications(10)->empty()) << "no webhook wants it: recorded, not announced";
  store_.reset();
  auto reopened = store::Store::open((dir_.path() / "pcsync.db").string());
  ASSERT_TRUE(reopened.ok()) << reopened.error().describe();
  store_.emplace(std::move(*reopened));
  EXPECT_TRUE(*store_->degraded());

  store_->set_notification_targets({{"ops", {"recovered"}}});
  ASSERT_TRUE(store_->record_health("recovered", "ok", clock_.wall_now()).ok());
  EXPECT_FALSE(*store_->degraded());
  auto rows = store_->list_notifications(10);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().event, "recovered");
  EXPECT_EQ(rows->front().target, "ops");
}

TEST_F(NotifierTest, ExpiringInvitationsAreAnnouncedOnce) {
  store_->set_notification_targets({{"ops", {"expiring"}}});
  const WallTime now = *parse_iso8601("2098-12-31T12:00:00Z");  // engi-1 expires 12 h later
  std::array<store::InvitationSummary, 2> more{invitation("engi-2"), invitation("engi-3")};
  more[0].expiration_date = now + std::chrono::hours{30};  // outside 24 h
  more[1].expiration_date = now + std::chrono::hours{1};
  ASSERT_TRUE(store_->upsert_invitations(more, now).ok());
  ASSERT_TRUE(store_->record_review({"engi-1", "AWS", "default", "no rule matched", now}).ok());
  store::NewDecision d;
  d.invitation_id = "engi-3";
  d.catalog = "AWS";
  d.action = store::DecisionAction::reject;
  d.rule = "r";
  ASSERT_TRUE(store_->record_decision(d, now).ok());

  auto other_catalog = store_->warn_expiring("Sandbox", now, std::chrono::hours{24});
  ASSERT_TRUE(other_catalog.ok());
  EXPECT_EQ(*other_catalog, 0) << "only the daemon's catalog";
  auto first = store_->warn_expiring("AWS", now, std::chrono::hours{24});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 1);
  auto again = store_->warn_expiring("AWS", now + std::chrono::minutes{5}, std::chrono::hours{24});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0) << "once per invitation";
  auto rows = store_->list_notifications(10);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().event, "expiring");
  EXPECT_EQ(rows->front().invitation_id, "engi-1");
  EXPECT_NE(rows->front().payload.find("\"WaitingForPerson\":true"), std::string::npos) << rows->front().payload;
  EXPECT_NE(notification_text(rows->front().payload).find("waits for a person and expires at 2099-01-01T00:00:00Z"),
            std::string::npos);
}

}  // namespace
}  // namespace pcs::notify
