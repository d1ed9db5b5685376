#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/time_format.hpp"
#include "governor/governor.hpp"
#include "header_value.hpp"
#include "io_helpers.hpp"
#include "net/http_client.hpp"
#include "service/metrics.hpp"
#include "service/metrics_endpoint.hpp"

namespace pcs::service {
namespace {

gov::GovernorSnapshot snapshot() {
  gov::GovernorSnapshot g;
  g.read.calls.attempts = 42;
  g.read.calls.throttles = 3;
  g.read.rate = 4.5;
  g.read.daily_used = 42;
  g.read.daily_limit = 50000;
  g.write.calls.attempts = 7;
  g.write.calls.retries = 2;
  g.circuit_open = true;
  return g;
}

bool has(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

TEST(Metrics, RendersCyclesTotalsAndTheGovernorPerQuotaClass) {
  SyncTotals totals;
  sync::CycleReport ok;
  ok.accepted = 2;
  ok.rejected = 1;
  ok.counters.invitations_new = 5;
  ok.unfinished_tasks = 2;
  ok.duration = std::chrono::milliseconds{700};
  sync::CycleReport partial;
  partial.outcome = store::SyncOutcome::partial;
  partial.accepted = 1;
  partial.decisions_failed = 1;
  partial.duration = std::chrono::seconds{40};
  const WallTime t1 = *parse_iso8601("2026-01-01T00:00:00Z");
  totals.add(ok, t1);
  totals.add(partial, t1 + std::chrono::seconds{60});
  totals.note_reload(false);

  MetricsInput in(totals);
  in.governor = snapshot();
  in.version = "0.2.0";
  in.revision = "abc1234";
  in.poll_interval_seconds = 300;
  const std::string text = render_metrics(in);
  for (const char* line : {
           "pcsyncd_build_info{version=\"0.2.0\",revision=\"abc1234\"} 1\n",
           "pcsyncd_sync_cycles_total{outcome=\"ok\"} 1\n",
           "pcsyncd_sync_cycles_total{outcome=\"partial\"} 1\n",
           "pcsyncd_sync_cycles_total{outcome=\"failed\"} 0\n",
           "pcsyncd_sync_in_progress 0\n",
           "pcsyncd_invitations_accepted_total 3\n",
           "pcsyncd_invitations_rejected_total 1\n",
           "pcsyncd_invitations_new_total 5\n",
           "pcsyncd_decisions_failed_total 1\n",
           "pcsyncd_tasks_in_progress 0\n",  // the last cycle's gauge, not the first's 2 nor a sum
           "pcsyncd_config_reloads_total{outcome=\"applied\"} 0\n",
           "pcsyncd_config_reloads_total{outcome=\"refused\"} 1\n",
           "pcsyncd_last_successful_sync_timestamp_seconds 1767225600\n",
           "pcsyncd_last_sync_timestamp_seconds 1767225660\n",
           "pcsyncd_poll_interval_seconds 300\n",
           "pcsyncd_api_calls_total{class=\"read\"} 42\n",
           "pcsyncd_api_throttled_total{class=\"read\"} 3\n",
           "pcsyncd_api_retries_total{class=\"write\"} 2\n",
           "pcsyncd_rate_limit_per_second{class=\"read\"} 4.5\n",
           "pcsyncd_daily_budget_limit{class=\"read\"} 50000\n",
           "pcsyncd_retry_circuit_open 1\n",
           "# TYPE pcsyncd_api_calls_total counter\n",
           // The cycle durations: 0.7 s in le=1 and up, 40 s in le=60 and up.
           "# TYPE pcsyncd_sync_cycle_duration_seconds histogram\n",
           "pcsyncd_sync_cycle_duration_seconds_bucket{le=\"0.5\"} 0\n",
           "pcsyncd_sync_cycle_duration_seconds_bucket{le=\"1\"} 1\n",
           "pcsyncd_sync_cycle_duration_seconds_bucket{le=\"30\"} 1\n",
           "pcsyncd_sync_cycle_duration_seconds_bucket{le=\"60\"} 2\n",
           "pcsyncd_sync_cycle_duration_seconds_bucket{le=\"+Inf\"} 2\n",
           "pcsyncd_sync_cycle_duration_seconds_sum 40.7\n",
           "pcsyncd_sync_cycle_duration_seconds_count 2\n",
       })
    EXPECT_NE(text.find(line), std::string::npos) << line << text;
}

// The gap: three accepts logged, accepted_total still 0 until the cycle ended. The running cycle's
// report is added at the scrape, and once the cycle is added to the totals it is not counted twice.
TEST(Metrics, TheRunningCycleCountsAsItGoesAndOnlyOnce) {
  SyncTotals totals;
  sync::CycleReport earlier;
  earlier.accepted = 4;
  totals.add(earlier, WallTime{});
  sync::CycleReport running;
  running.accepted = 3;
  running.rejected = 1;
  running.counters.invitations_new = 9;
  MetricsInput in(totals);
  in.running = &running;
  std::string text = render_metrics(in);
  EXPECT_TRUE(has(text, "pcsyncd_invitations_accepted_total 7\n")) << text;
  EXPECT_TRUE(has(text, "pcsyncd_invitations_rejected_total 1\n"));
  EXPECT_TRUE(has(text, "pcsyncd_invitations_new_total 9\n"));
  EXPECT_TRUE(has(text, "pcsyncd_sync_in_progress 1\n"));
  EXPECT_TRUE(has(text, "pcsyncd_sync_cycles_total{outcome=\"ok\"} 1\n"));

  totals.add(running, WallTime{});
  MetricsInput after(totals);  // the cycle ended: no running report any more
  text = render_metrics(after);
  EXPECT_TRUE(has(text, "pcsyncd_invitations_accepted_total 7\n")) << text;
  EXPECT_TRUE(has(text, "pcsyncd_sync_cycles_total{outcome=\"ok\"} 2\n"));
}

// issue 10: the review queue after the last cycle or decisions-only pass, and the webhook deliveries.
TEST(Metrics, ReviewQueueAndNotifications) {
  SyncTotals totals;
  sync::CycleReport cycle;
  cycle.reviews_waiting = 4;
  cycle.duration = std::chrono::seconds{2};
  totals.add(cycle, *parse_iso8601("2026-01-01T00:00:00Z"));
  sync::CycleReport pass;  // a person answered one: the pass counts it, and is not a cycle
  pass.decisions_only = true;
  pass.accepted = 1;
  pass.reviews_waiting = 3;
  totals.add(pass, *parse_iso8601("2026-01-01T00:00:05Z"));
  MetricsInput in(totals);
  in.notifications = {7, 5, 1};
  const std::string text = render_metrics(in);
  for (const char* line : {"pcsyncd_review_pending 3\n", "pcsyncd_notification_attempts_total 7\n",
                           "pcsyncd_notifications_delivered_total 5\n", "pcsyncd_notifications_failed_total 1\n",
                           "pcsyncd_invitations_accepted_total 1\n", "pcsyncd_sync_cycles_total{outcome=\"ok\"} 1\n",
                           "pcsyncd_sync_cycle_duration_seconds_count 1\n", "# TYPE pcsyncd_review_pending gauge\n",
                           "pcsyncd_last_sync_timestamp_seconds 1767225600\n"})
    EXPECT_TRUE(has(text, line)) << line << text;
}

TEST(Metrics, TimestampsAndGaugesRestoredAtStartShowBeforeAnyCycle) {
  SyncTotals totals;
  MetricsInput in(totals);
  std::string text = render_metrics(in);
  EXPECT_FALSE(has(text, "pcsyncd_last_sync_timestamp_seconds")) << text;
  EXPECT_FALSE(has(text, "pcsyncd_tasks_in_progress"));
  EXPECT_TRUE(has(text, "pcsyncd_sync_cycles_total{outcome=\"ok\"} 0\n"));

  totals.last_cycle_end = *parse_iso8601("2026-03-01T10:00:05Z");
  totals.last_ok_cycle_end = *parse_iso8601("2026-03-01T09:55:00Z");
  totals.tasks_in_progress = 4;
  totals.decisions_unconfirmed = 1;
  text = render_metrics(MetricsInput(totals));
  EXPECT_TRUE(has(text, "pcsyncd_last_sync_timestamp_seconds 1772359205\n")) << text;
  EXPECT_TRUE(has(text, "pcsyncd_last_successful_sync_timestamp_seconds 1772358900\n"));
  EXPECT_TRUE(has(text, "pcsyncd_tasks_in_progress 4\n"));
  EXPECT_TRUE(has(text, "pcsyncd_decisions_unconfirmed 1\n"));
}

TEST(Metrics, LatencyAndErrorsByOperationProcessAndCredentials) {
  CallMetrics calls;
  const Error throttled = make_error(ErrorKind::throttling, "ThrottlingException", "Rate exceeded");
  const Error odd = make_error(ErrorKind::server, "SomethingNobodyKnows\"", "?");
  calls.observe(gov::AttemptTrace{"ListEngagementInvitations", gov::QuotaClass::read, 1, &throttled, true, {},
                                  std::chrono::milliseconds{80}});
  calls.observe(gov::AttemptTrace{"ListEngagementInvitations", gov::QuotaClass::read, 2, nullptr, false, {},
                                  std::chrono::milliseconds{40}});
  calls.observe(gov::AttemptTrace{"RejectEngagementInvitation", gov::QuotaClass::write, 1, &odd, false, {},
                                  std::chrono::seconds{45}});
  SyncTotals totals;
  MetricsInput in(totals);
  in.calls = &calls;
  ProcessStats p;
  p.cpu_seconds = 1.25;
  p.resident_bytes = 21700000;
  p.open_fds = 12;
  p.max_fds = 1024;
  p.start_time_seconds = 1767225600.5;
  in.process = p;
  in.credentials_expiry = *parse_iso8601("2026-01-01T01:00:00Z");
  in.credentials_refresh_failures = 2;
  const std::string text = render_metrics(in);
  const std::string list = "pcsyncd_api_request_duration_seconds_bucket{operation=\"ListEngagementInvitations\",";
  EXPECT_TRUE(has(text, list + "le=\"0.05\"} 1\n")) << text;
  EXPECT_TRUE(has(text, list + "le=\"0.1\"} 2\n"));
  EXPECT_TRUE(has(text, list + "le=\"+Inf\"} 2\n"));
  EXPECT_TRUE(has(text, "pcsyncd_api_request_duration_seconds_count{operation=\"ListEngagementInvitations\"} 2\n"));
  // 45 s is past the last bound (30 s): only +Inf holds it.
  const std::string reject = "pcsyncd_api_request_duration_seconds_bucket{operation=\"RejectEngagementInvitation\",";
  EXPECT_TRUE(has(text, reject + "le=\"30\"} 0\n"));
  EXPECT_TRUE(has(text, reject + "le=\"+Inf\"} 1\n"));
  EXPECT_TRUE(
      has(text, "pcsyncd_api_errors_total{operation=\"ListEngagementInvitations\",type=\"ThrottlingException\"} 1\n"));
  EXPECT_TRUE(has(text, "pcsyncd_api_errors_total{operation=\"RejectEngagementInvitation\",type=\"other\"} 1\n"));
  EXPECT_TRUE(has(text, "process_cpu_seconds_total 1.25\n"));
  EXPECT_TRUE(has(text, "process_resident_memory_bytes 21700000\n"));
  EXPECT_TRUE(has(text, "process_open_fds 12\n"));
  EXPECT_TRUE(has(text, "process_max_fds 1024\n"));
  EXPECT_TRUE(has(text, "process_start_time_seconds 1767225600.5\n"));
  EXPECT_TRUE(has(text, "pcsyncd_credentials_expiry_timestamp_seconds 1767229200\n"));
  EXPECT_TRUE(has(text, "pcsyncd_credentials_refresh_failures 2\n"));
}

TEST(Metrics, ErrorTypeLabelsAreBounded) {
  // A known type or local code is its own label; anything else, however it is spelled, is "other".
  const std::pair<const char*, const char*> cases[] = {
      {"ThrottlingException", "ThrottlingException"}, {"AccessDeniedException", "AccessDeniedException"},
      {"CallTimeout", "CallTimeout"}, {"TlsError", "TlsError"}, {"HttpError503", "HttpError503"},
      {"HttpError5031", "other"}, {"HttpError9xx", "other"}, {"random-type-from-a-hostile-endpoint", "other"},
      {"", "other"},
  };
  for (const auto& [code, label] : cases)
    EXPECT_EQ(error_type_label(make_error(ErrorKind::server, code, "")), label) << code;
}

TEST(MetricsEndpoint, ServesMetricsOnGetRefusesOtherMethodsAndOtherPaths) {
  boost::asio::io_context io;
  int scrapes = 0;
  MetricsEndpoint endpoint(io.get_executor(), "127.0.0.1:0", [&] {
    ++scrapes;
    return std::string("pcsyncd_up 1\n");
  });
  ASSERT_OK(endpoint.start());
  ASSERT_NE(endpoint.port(), 0);
  net::HttpClientOptions options;
  options.endpoint_url = "http://127.0.0.1:" + std::to_string(endpoint.port());
  auto client = net::HttpClient::create(io.get_executor(), options);
  ASSERT_OK(client);
  auto send = [&](const char* method, const char* target) {
    net::HttpRequest request;
    request.method = method;
    request.target = target;
    auto response = test::run_awaitable(io, (*client)->send(request));
    return response && response->ok() ? std::optional<net::HttpResponse>(std::move(response->value())) : std::nullopt;
  };
  auto metrics = send("GET", "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->body, "pcsyncd_up 1\n");
  EXPECT_EQ(test::header_value(*metrics, "Content-Type").value_or(""), "text/plain; version=0.0.4; charset=utf-8");
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    auto refused = send(method, "/metrics");
    ASSERT_TRUE(refused) << method;
    EXPECT_EQ(refused->status, 405) << method;
    EXPECT_EQ(test::header_value(*refused, "Allow").value_or(""), "GET") << method;
  }
  auto missing = send("GET", "/secrets");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(scrapes, 1);
  (*client)->close();
  endpoint.stop();
}

}  // namespace
}  // namespace pcs::service
