#pragma once
// Which failures are worth another attempt, and how long to wait before it: the AWS SDKs' "standard" retry
// mode (max 3 attempts, exponential backoff with full jitter, base 1 s, capped at 20 s), with the random
// source injected so tests are deterministic. Pure.
//
// Classification is by ErrorKind alone, read from outcome_of() in core/error.hpp (Error::retryable is a copy
// of the same table for logs and tests; the governor does not read it):
//   throttling                     -> throttling (also lowers the adaptive rate)
//   server, transport              -> transient
//   timeout                        -> timeout (costs more retry budget: the service may still be working)
//   clock_skew, expired_token      -> at_once: once per call, no backoff, no retry budget (the client
//                                     corrected the clock offset or asked for fresh credentials)
//   validation, access_denied, not_found, conflict, quota_exceeded, config, cancelled -> never
//   protocol                       -> never: a complete answer the client cannot read will read the same
//                                     next time. A truncated or garbled response is the transport's
//                                     (ErrorKind::transport), so it IS retried.

#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"

namespace pcs::gov {

// The classes are core's (outcome_of() in core/error.hpp is the one table of what each kind means).
using pcs::RetryClass;
RetryClass classify(ErrorKind kind);
RetryClass classify(const Error& error);

// Full jitter: uniform in [0, min(cap, base x 2^(retry-1))]. `retry` counts from 1 (the wait before the
// second attempt); `unit_random` is in [0, 1). Never above cap.
std::chrono::nanoseconds full_jitter_backoff(int retry, std::chrono::nanoseconds base, std::chrono::nanoseconds cap,
                                             double unit_random);

// A small, portable, seedable generator (splitmix64): the same seed gives the same delays on every
// platform, which std::uniform_real_distribution does not promise.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double unit();  // [0, 1)

 private:
  std::uint64_t state_;
};

struct RetrySettings {
  int max_attempts = 3;  // attempts in all, the first included (SDK standard default)
  std::chrono::nanoseconds backoff_base = std::chrono::seconds{1};
  std::chrono::nanoseconds backoff_cap = std::chrono::seconds{20};
};

class RetryPolicy {
 public:
  RetryPolicy(RetrySettings settings, std::uint64_t seed) : settings_(settings), rng_(seed) {}

  struct Decision {
    bool retry = false;
    RetryClass cls = RetryClass::never;
    std::chrono::nanoseconds delay{0};
    std::string_view reason;  // why not, for the final error ("not retryable", "attempts exhausted")
  };
  // After attempt number `attempt` (1-based) failed with `error`. Does not consult the retry budget; the
  // caller does, so that a refusal by the budget is visible as such. `corrected_before`: an at_once retry
  // was already made in this call.
  Decision on_failure(const Error& error, int attempt, bool corrected_before = false);

  const RetrySettings& settings() const { return settings_; }
  void set_settings(RetrySettings s) { settings_ = s; }

 private:
  RetrySettings settings_;
  Rng rng_;
};

}  // namespace pcs::gov
