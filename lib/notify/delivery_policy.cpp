#include "notify/delivery_policy.hpp"

#include <algorithm>
#include <cmath>

namespace pcs::notify {

std::optional<WallTime> next_attempt_at(const DeliveryPolicy& p, int attempts, WallTime created, WallTime now,
                                        double jitter) {
  if (attempts >= p.max_attempts || now - created >= p.max_age) return std::nullopt;
  const double base = double(p.first_retry.count()) * std::pow(2.0, double(std::max(attempts, 1) - 1));
  const double capped = std::min(base, double(p.max_retry.count()));
  const double spread = capped * (0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0));
  const WallTime at = now + std::chrono::duration_cast<WallTime::duration>(std::chrono::duration<double, std::milli>(spread));
  if (at - created >= p.max_age) return std::nullopt;
  return at;
}

}  // namespace pcs::notify
