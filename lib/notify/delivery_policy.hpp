#pragma once
// When a failed webhook delivery is tried again: exponential backoff with jitter, and when pcsyncd gives up on
// it (too many attempts or too old), so a webhook that is gone does not grow the outbox forever. Pure.

#include <chrono>
#include <optional>

#include "core/clock.hpp"

namespace pcs::notify {

struct DeliveryPolicy {
  std::chrono::milliseconds first_retry{std::chrono::seconds{10}};
  std::chrono::milliseconds max_retry{std::chrono::minutes{30}};
  int max_attempts = 12;                           // ~ 3 h of retries at the defaults
  std::chrono::hours max_age{24};                  // a notification older than this is not sent any more
  std::chrono::milliseconds request_timeout{std::chrono::seconds{10}};
};

// After `attempts` failed attempts (1 for the first), at `now`, of a row created at `created`: when to try
// again, or nullopt to give up. `jitter` in [0, 1) spreads retries over [delay/2, delay).
std::optional<WallTime> next_attempt_at(const DeliveryPolicy& policy, int attempts, WallTime created, WallTime now,
                                        double jitter);

}  // namespace pcs::notify
