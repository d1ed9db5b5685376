#include "aws/credentials/refresh_policy.hpp"

#include <algorithm>

namespace pcs::aws {

bool still_valid(const Credentials& c, WallTime now) {
  if (c.empty()) return false;
  return !c.expiration || *c.expiration > now;
}

CacheDecision decide(const CacheView& view, WallTime wall_now, SteadyTime steady_now, const RefreshOptions& options) {
  if (!view.cached || !still_valid(*view.cached, wall_now)) {
    if (view.refreshing) return CacheDecision::refresh_and_wait;  // join the refresh in flight
    if (view.has_last_error && steady_now < view.next_attempt_at) return CacheDecision::fail_fast;
    return CacheDecision::refresh_and_wait;
  }
  if (!view.cached->expiration) return CacheDecision::use_cached;
  const bool due = wall_now >= *view.cached->expiration - options.refresh_before;
  if (!due || view.refreshing || steady_now < view.next_attempt_at) return CacheDecision::use_cached;
  return CacheDecision::use_cached_and_refresh;
}

SteadyTime next_attempt_after_failure(SteadyTime steady_now, int consecutive_failures, const RefreshOptions& options) {
  auto wait = options.min_retry;
  for (int i = 1; i < consecutive_failures && wait < options.max_retry; ++i) wait *= 2;
  return steady_now + std::min(wait, options.max_retry);
}

}  // namespace pcs::aws
