#include "governor/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace pcs::gov {

RetryClass classify(ErrorKind kind) { return outcome_of(kind).retry; }

RetryClass classify(const Error& error) { return classify(error.kind); }

std::chrono::nanoseconds full_jitter_backoff(int retry, std::chrono::nanoseconds base, std::chrono::nanoseconds cap,
                                             double unit_random) {
  if (cap.count() <= 0 || base.count() <= 0) return std::chrono::nanoseconds{0};
  const int exponent = std::clamp(retry - 1, 0, 62);
  // In double to avoid overflowing base x 2^exponent; the cap bounds the result anyway.
  const double ceiling = std::min(static_cast<double>(cap.count()), static_cast<double>(base.count()) * std::ldexp(1.0, exponent));
  const double u = std::clamp(unit_random, 0.0, 1.0);
  auto ns = static_cast<std::int64_t>(std::floor(ceiling * u));
  return std::chrono::nanoseconds{std::min<std::int64_t>(ns, cap.count())};
}

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double Rng::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

RetryPolicy::Decision RetryPolicy::on_failure(const Error& error, int attempt, bool corrected_before) {
  Decision d;
  d.cls = classify(error);
  if (d.cls == RetryClass::never) {
    d.reason = "not retryable";
    return d;
  }
  if (d.cls == RetryClass::at_once) {
    // The client corrected the cause (clock offset, fresh credentials): one more try, at once, whatever the
    // attempt count; a second such failure means the correction did not help.
    d.retry = !corrected_before;
    if (!d.retry) d.reason = "still refused after correcting the clock offset or refreshing the credentials";
    return d;
  }
  if (attempt >= settings_.max_attempts) {
    d.reason = "attempts exhausted";
    return d;
  }
  d.retry = true;
  d.delay = full_jitter_backoff(attempt, settings_.backoff_base, settings_.backoff_cap, rng_.unit());
  return d;
}

}  // namespace pcs::gov
