#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/time_format.hpp"
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

TEST(Metrics, RendersCyclesTotalsAndTheGovernorPerQuotaClass) {
  SyncTotals totals;
  sync::CycleReport ok;
  ok.accepted = 2;
  ok.rejected = 1;
  ok.counters.invitations_new = 5;
  ok.unfinished_tasks = 2;
  sync::CycleReport partial;
  partial.outcome = store::SyncOutcome::partial;
  partial.accepted = 1;
  const WallTime t1 = *parse_iso8601("2026-01-01T00:00:00Z");
  totals.add(ok, t1);
  totals.add(partial, t1 + std::chrono::seconds{60});
  totals.note_reload(false);

  const std::string text = render_metrics(totals, snapshot());
  for (const char* line : {
           "pcsyncd_sync_cycles_total{outcome=\"ok\"} 1\n",
           "pcsyncd_sync_cycles_total{outcome=\"partial\"} 1\n",
           "pcsyncd_sync_cycles_total{outcome=\"failed\"} 0\n",
           "pcsyncd_invitations_accepted_total 3\n",
           "pcsyncd_invitations_rejected_total 1\n",
           "pcsyncd_invitations_new_total 5\n",
           "pcsyncd_tasks_in_progress 0\n",  // the last cycle's gauge, not a sum
           "pcsyncd_config_reloads_total{outcome=\"applied\"} 0\n",
           "pcsyncd_config_reloads_total{outcome=\"refused\"} 1\n",
           "pcsyncd_last_successful_sync_timestamp_seconds 1767225600\n",
           "pcsyncd_last_sync_timestamp_seconds 1767225660\n",
           "pcsyncd_api_calls_total{class=\"read\"} 42\n",
           "pcsyncd_api_throttled_total{class=\"read\"} 3\n",
           "pcsyncd_api_retries_total{class=\"write\"} 2\n",
           "pcsyncd_rate_limit_per_second{class=\"read\"} 4.5\n",
           "pcsyncd_daily_budget_limit{class=\"read\"} 50000\n",
           "pcsyncd_retry_circuit_open 1\n",
           "# TYPE pcsyncd_api_calls_total counter\n",
       })
    EXPECT_NE(text.find(line), std::string::npos) << line << text;
}

TEST(Metrics, NothingBeforeTheFirstCycleButTheCounters) {
  const std::string text = render_metrics(SyncTotals{}, gov::GovernorSnapshot{});
  EXPECT_EQ(text.find("pcsyncd_last_sync_timestamp_seconds"), std::string::npos);
  EXPECT_NE(text.find("pcsyncd_sync_cycles_total{outcome=\"ok\"} 0\n"), std::string::npos);
}

TEST(MetricsEndpoint, ServesMetricsOverHttpAndNothingElse) {
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
  auto get = [&](const char* target) {
    net::HttpRequest request;
    request.method = "GET";
    request.target = target;
    auto response = test::run_awaitable(io, (*client)->send(request));
    return response && response->ok() ? std::optional<net::HttpResponse>(std::move(response->value())) : std::nullopt;
  };
  auto metrics = get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->body, "pcsyncd_up 1\n");
  EXPECT_NE(test::header_value(*metrics, "Content-Type").value_or("").find("text/plain"), std::string::npos);
  auto missing = get("/secrets");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(scrapes, 1);
  (*client)->close();
  endpoint.stop();
}

}  // namespace
}  // namespace pcs::service
