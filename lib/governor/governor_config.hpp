#pragma once
// What the governor is told: Partner Central's published quotas, the daemon's share of them, and the retry
// behaviour. A plain struct; lib/config fills it (defaults here are the documented quotas).

#include <chrono>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "governor/retry_budget.hpp"

namespace pcs::gov {

// Partner Central meters reads (List*, Get*) and writes (StartEngagementByAcceptingInvitationTask,
// RejectEngagementInvitation) separately.
enum class QuotaClass { read, write };
std::string_view to_string(QuotaClass c);

// standard: the SDK's standard retries; requests paced at the known share of the per-second quota, the rate
//           never adapts.
// adaptive: the SDK's adaptive mode as the SDK does it (for comparison): no pacing until the first throttle,
//           then a CUBIC rate capped at twice the measured send rate and at the full per-second quota.
// pcsyncd:  (default) paced at the known share from the first request; on throttles, the rate the other tools
//           leave is estimated from the throttles and successes (LeftoverRate), under that ceiling, never below
//           a floor.
// The rolling daily budget is enforced in every mode.
enum class RetryMode { standard, adaptive, pcsyncd };
std::string_view to_string(RetryMode m);
// Accepts the AWS_RETRY_MODE / ~/.aws/config spellings ("standard", "adaptive", "legacy" -> standard) and
// "pcsyncd".
std::optional<RetryMode> parse_retry_mode(std::string_view text);

struct QuotaSpec {
  double per_second = 0;
  double daily = 0;  // per rolling 24 h
};

struct GovernorConfig {
  QuotaSpec read{10, 100'000};
  QuotaSpec write{1, 10'000};
  double share = 0.5;  // of each quota; the rest belongs to the partner's other tools
  // Paced modes send this fraction under the share, so timer and network jitter between us and the service's
  // own bucket never push two requests closer than the quota allows (one early arrival is a throttle).
  double pacing_margin = 0.03;
  RetryMode retry_mode = RetryMode::pcsyncd;
  int max_attempts = 3;  // attempts in all (AWS_MAX_ATTEMPTS semantics)
  std::chrono::nanoseconds backoff_base = std::chrono::seconds{1};
  std::chrono::nanoseconds backoff_cap = std::chrono::seconds{20};
  // Bucket capacity: max(1, rate x burst_seconds). 0 paces strictly evenly, which is what keeps a shared
  // quota free of throttles.
  double burst_seconds = 0;
  double floor_fraction = 0.1;  // adaptive rate floor, as a fraction of the ceiling
  // pcsyncd mode: after a throttle (or a probe), how long the rate holds before it probes upward (also at least
  // 20 successes). The SDK climbs back to the throttle point within ~1.5 s at these small rates and so probes
  // into the other tools' share every couple of seconds; holding keeps throttles rare in steady state.
  std::chrono::nanoseconds probe_after = std::chrono::seconds{30};
  RetryBudget::Params retry_budget{};
  // One call's deadline across all its attempts and backoffs, from its first admitted attempt (0: none).
  // Waiting for a token before the first attempt does not count: a write waiting for the daily budget must
  // not be lost to a deadline.
  std::chrono::nanoseconds call_timeout{0};
  // Writes wait for the daily budget (an accept must not be lost). Reads fail fast with quota_exceeded by
  // default, so a sync cycle ends and the scheduler decides, instead of hanging for hours.
  bool reads_wait_for_daily_budget = false;
  std::chrono::nanoseconds budget_window = std::chrono::hours{24};
  std::chrono::nanoseconds budget_bucket = std::chrono::minutes{1};

  const QuotaSpec& quota(QuotaClass c) const { return c == QuotaClass::read ? read : write; }
};

// Rejects values that would stall or flood the daemon; the message names the setting to fix.
Status validate(const GovernorConfig& config);

}  // namespace pcs::gov
