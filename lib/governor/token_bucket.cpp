#include "governor/token_bucket.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pcs::gov {

namespace {
constexpr double kMinRate = 1e-9;
// Floating-point refill may land a hair under a whole token after exactly wait_time(); accept that.
constexpr double kEpsilon = 1e-9;
}  // namespace

TokenBucket::TokenBucket(double rate_per_second, double burst)
    : rate_(std::max(rate_per_second, kMinRate)), burst_(std::max(burst, kMinRate)), tokens_(burst_) {}

double TokenBucket::refilled(SteadyTime now) const {
  if (!started_ || now <= last_) return tokens_;
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  return std::min(burst_, tokens_ + elapsed * rate_);
}

double TokenBucket::tokens(SteadyTime now) const { return refilled(now); }

bool TokenBucket::try_take(SteadyTime now, double n) {
  tokens_ = refilled(now);
  if (!started_ || now > last_) last_ = now;
  started_ = true;
  if (tokens_ + kEpsilon < n) return false;
  tokens_ = std::max(0.0, tokens_ - n);
  return true;
}

std::chrono::nanoseconds TokenBucket::wait_time(SteadyTime now, double n) const {
  if (n > burst_ + kEpsilon) return std::chrono::nanoseconds::max();
  const double have = refilled(now);
  if (have + kEpsilon >= n) return std::chrono::nanoseconds{0};
  const double ns = std::ceil((n - have) / rate_ * 1e9);
  if (ns >= static_cast<double>(std::numeric_limits<std::int64_t>::max())) return std::chrono::nanoseconds::max();
  return std::chrono::nanoseconds{static_cast<std::int64_t>(ns)};
}

void TokenBucket::set_rate(double per_second) { rate_ = std::max(per_second, kMinRate); }

void TokenBucket::set_rate(double per_second, SteadyTime now) {
  tokens_ = refilled(now);
  if (!started_ || now > last_) last_ = now;
  started_ = true;
  set_rate(per_second);
}

void TokenBucket::set_burst(double burst) {
  burst_ = std::max(burst, kMinRate);
  tokens_ = std::min(tokens_, burst_);
}

}  // namespace pcs::gov
