#pragma once
// When cached credentials are used, refreshed in the background, or must be fetched before answering.
// Pure: every time is a parameter, so FakeClock tests drive it.

#include <chrono>
#include <optional>

#include "aws/credentials/credentials.hpp"
#include "core/clock.hpp"

namespace pcs::aws {

struct RefreshOptions {
  // Refresh this long before expiry (the SDKs use about 5 minutes; IMDS and STS hand out >= 15 minutes).
  std::chrono::seconds refresh_before{300};
  // After a failed refresh, wait min_retry, doubling per consecutive failure up to max_retry.
  std::chrono::seconds min_retry{5};
  std::chrono::seconds max_retry{300};
};

enum class CacheDecision {
  use_cached,              // valid and not yet due (or a refresh is already running, or backing off)
  use_cached_and_refresh,  // still valid but due: answer now, refresh in the background
  refresh_and_wait,        // nothing valid: the caller must wait for a refresh
  fail_fast,               // nothing valid and the last refresh failed within the backoff: repeat its error
};

struct CacheView {
  std::optional<Credentials> cached;
  bool refreshing = false;
  bool has_last_error = false;
  SteadyTime next_attempt_at{};  // no refresh attempt (background or after a failure) before this
};

// True while the credentials can still sign a request (no expiry, or expiry strictly in the future).
bool still_valid(const Credentials& c, WallTime now);

CacheDecision decide(const CacheView& view, WallTime wall_now, SteadyTime steady_now, const RefreshOptions& options);

// When to try again after `consecutive_failures` (>= 1) failures in a row.
SteadyTime next_attempt_after_failure(SteadyTime steady_now, int consecutive_failures, const RefreshOptions& options);

}  // namespace pcs::aws
