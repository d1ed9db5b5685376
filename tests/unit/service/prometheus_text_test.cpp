// The exposition format itself: numbers, escaping, and histograms as vectors.
#include <gtest/gtest.h>

#include <limits>

#include "service/process_metrics.hpp"
#include "service/prometheus_text.hpp"

namespace pcs::service {
namespace {

TEST(PrometheusText, NumbersInTheirShortestExactForm) {
  const struct {
    double value;
    const char* text;
  } cases[] = {
      {0, "0"},
      {1, "1"},
      {0.1, "0.1"},
      {4.85, "4.85"},
      {1767225600, "1767225600"},
      {1767225600.5, "1767225600.5"},
      {-2.5, "-2.5"},
      {std::numeric_limits<double>::infinity(), "+Inf"},
      {-std::numeric_limits<double>::infinity(), "-Inf"},
      {std::numeric_limits<double>::quiet_NaN(), "NaN"},
  };
  for (const auto& c : cases) EXPECT_EQ(format_number(c.value), c.text) << c.text;
}

TEST(PrometheusText, LabelValuesAndHelpAreEscaped) {
  EXPECT_EQ(escape_label_value(R"(a"b\c)" "\n" "d"), R"(a\"b\\c\nd)");
  EXPECT_EQ(escape_label_value("plain"), "plain");
  // HELP escapes backslash and newline only: a quote is literal there.
  EXPECT_EQ(escape_help("say \"x\"\\\nnext"), "say \"x\"\\\\\\nnext");
  PrometheusText w;
  w.family("m_total", "counter", "Help\nwith a line break.");
  w.sample("m_total", 3, {{"a", "x\"y"}, {"b", "back\\slash"}});
  EXPECT_EQ(w.take(),
            "# HELP m_total Help\\nwith a line break.\n"
            "# TYPE m_total counter\n"
            "m_total{a=\"x\\\"y\",b=\"back\\\\slash\"} 3\n");
}

TEST(PrometheusText, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  constexpr double bounds[] = {0.05, 0.1, 0.25, 1};
  Histogram h(bounds);
  // On a bound counts in that bucket ("less than or equal"); past the last bound only in +Inf.
  for (double v : {0.01, 0.05, 0.07, 0.1, 0.3, 2.0}) h.observe(v);
  EXPECT_EQ(h.cumulative_counts(), (std::vector<std::uint64_t>{2, 4, 4, 5}));
  EXPECT_EQ(h.count(), 6u);
  EXPECT_DOUBLE_EQ(h.sum(), 2.53);
  PrometheusText w;
  const Label op{"operation", "ListEngagementInvitations"};
  w.histogram("lat_seconds", h, std::span<const Label>(&op, 1));
  const std::string expected =
      "lat_seconds_bucket{operation=\"ListEngagementInvitations\",le=\"0.05\"} 2\n"
      "lat_seconds_bucket{operation=\"ListEngagementInvitations\",le=\"0.1\"} 4\n"
      "lat_seconds_bucket{operation=\"ListEngagementInvitations\",le=\"0.25\"} 4\n"
      "lat_seconds_bucket{operation=\"ListEngagementInvitations\",le=\"1\"} 5\n"
      "lat_seconds_bucket{operation=\"ListEngagementInvitations\",le=\"+Inf\"} 6\n"
      "lat_seconds_sum{operation=\"ListEngagementInvitations\"} " + format_number(h.sum()) + "\n"
      "lat_seconds_count{operation=\"ListEngagementInvitations\"} 6\n";
  EXPECT_EQ(w.take(), expected);
}

TEST(PrometheusText, TheDocumentedBucketsSpanWhatTheIssueAsks) {
  EXPECT_DOUBLE_EQ(kRequestLatencyBuckets[0], 0.05);
  EXPECT_DOUBLE_EQ(std::end(kRequestLatencyBuckets)[-1], 30);
  EXPECT_DOUBLE_EQ(kCycleDurationBuckets[0], 0.1);
  EXPECT_DOUBLE_EQ(std::end(kCycleDurationBuckets)[-1], 600);
  EXPECT_TRUE(std::is_sorted(std::begin(kRequestLatencyBuckets), std::end(kRequestLatencyBuckets)));
  EXPECT_TRUE(std::is_sorted(std::begin(kCycleDurationBuckets), std::end(kCycleDurationBuckets)));
}

TEST(ProcessMetrics, ProcStatFieldsAreCountedAfterTheLastParenthesis) {
  // A process name with a space and a ')' of its own; utime 250, stime 75, starttime 123456, vsize, rss 5300.
  const std::string line =
      "4242 (pcs yncd) x) S 1 4242 4242 0 -1 4194560 1500 0 0 0 250 75 0 0 20 0 3 0 123456 98492416 5300 "
      "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";
  auto stat = parse_proc_stat(line);
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->utime_ticks, 250u);
  EXPECT_EQ(stat->stime_ticks, 75u);
  EXPECT_EQ(stat->start_ticks, 123456u);
  EXPECT_EQ(stat->virtual_bytes, 98492416u);
  EXPECT_EQ(stat->rss_pages, 5300);
  EXPECT_FALSE(parse_proc_stat("4242 (pcsyncd) S 1 2 3"));
  EXPECT_FALSE(parse_proc_stat("no parenthesis at all"));
  EXPECT_FALSE(parse_proc_stat("1 (x) S 1 1 1 0 -1 0 0 0 0 0 abc 75 0 0 20 0 3 0 1 2 3"));
}

TEST(ProcessMetrics, ThisProcessReadsSensibly) {
  ProcessMetrics metrics;
  auto first = metrics.read();
  ASSERT_TRUE(first) << "/proc/self/stat unreadable";
  EXPECT_GT(first->resident_bytes, 1e6);
  ASSERT_TRUE(first->open_fds);
  EXPECT_GE(*first->open_fds, 3);  // stdin, stdout, stderr at least
  ASSERT_TRUE(first->max_fds);
  EXPECT_GE(*first->max_fds, *first->open_fds);
  const double now = double(std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count());
  EXPECT_LE(first->start_time_seconds, now + 1);
  EXPECT_GT(first->start_time_seconds, now - 3600);  // this test binary started less than an hour ago
  // Computed once: two scrapes agree exactly, so changes(process_start_time_seconds) counts restarts only.
  EXPECT_EQ(metrics.read()->start_time_seconds, first->start_time_seconds);
}

}  // namespace
}  // namespace pcs::service
