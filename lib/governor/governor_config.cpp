#include "governor/governor_config.hpp"

#include <string>

#include "core/enum_names.hpp"

namespace pcs::gov {

namespace {

constexpr EnumName<RetryMode> kRetryModeNames[]{
    {RetryMode::standard, "standard"}, {RetryMode::adaptive, "adaptive"}, {RetryMode::pcsyncd, "pcsyncd"}};

}  // namespace

std::string_view to_string(QuotaClass c) { return c == QuotaClass::read ? "read" : "write"; }

std::string_view to_string(RetryMode m) { return name_of(kRetryModeNames, m); }

std::optional<RetryMode> parse_retry_mode(std::string_view text) {
  if (text == "legacy") return RetryMode::standard;  // the SDKs' old name for standard
  return value_of(kRetryModeNames, text);
}

namespace {
Status bad(std::string message) { return make_error(ErrorKind::config, "InvalidGovernorConfig", std::move(message)); }
}  // namespace

Status validate(const GovernorConfig& c) {
  if (!(c.share > 0 && c.share <= 1))
    return bad("governor share must be in (0, 1]: it is the fraction of the account's quotas this daemon may use");
  for (auto cls : {QuotaClass::read, QuotaClass::write}) {
    const auto& q = c.quota(cls);
    const std::string name(to_string(cls));
    if (!(q.per_second > 0)) return bad("governor " + name + " per-second quota must be > 0");
    if (!(q.daily >= 1)) return bad("governor " + name + " daily quota must be >= 1");
  }
  if (c.max_attempts < 1 || c.max_attempts > 20) return bad("governor max_attempts must be between 1 and 20");
  if (c.backoff_base.count() < 0 || c.backoff_cap < c.backoff_base)
    return bad("governor backoff base must be >= 0 and not above the backoff cap");
  if (!(c.floor_fraction > 0 && c.floor_fraction <= 1)) return bad("governor floor_fraction must be in (0, 1]");
  if (c.probe_after < std::chrono::milliseconds{100} || c.probe_after > std::chrono::hours{1})
    return bad("governor probe_after must be between 100 ms and 1 h");
  if (c.burst_seconds < 0) return bad("governor burst_seconds must be >= 0");
  if (c.retry_budget.capacity < 0 || c.retry_budget.retry_cost <= 0 || c.retry_budget.timeout_cost <= 0)
    return bad("governor retry budget capacity must be >= 0 and retry costs > 0");
  if (c.budget_window.count() <= 0 || c.budget_bucket.count() <= 0 || c.budget_bucket > c.budget_window)
    return bad("governor budget window and bucket must be > 0, bucket not above window");
  return Ok{};
}

}  // namespace pcs::gov
