#include "governor/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace pcs::gov {

std::string_view to_string(RetryClass c) {
  switch (c) {
    case RetryClass::throttling: return "throttling";
    case RetryClass::transient: return "transient";
    case RetryClass::timeout: return "timeout";
    case RetryClass::never: return "never";
  }
  return "never";
}

RetryClass classify(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::throttling: return RetryClass::throttling;
    case ErrorKind::server:
    case ErrorKind::transport: return RetryClass::transient;
    case ErrorKind::timeout: return RetryClass::timeout;
    case ErrorKind::validation:
    case ErrorKind::access_denied:
    case ErrorKind::not_found:
    case ErrorKind::conflict:
    case ErrorKind::quota_exceeded:
    case ErrorKind::cancelled:
    case ErrorKind::config:
    case ErrorKind::protocol: return RetryClass::never;
  }
  return RetryClass::never;
}

RetryClass classify(const Error& error) {
  const RetryClass c = classify(error.kind);
  // Throttling is always retried: it says "later", whatever a mapper thought.
  if (c == RetryClass::transient || c == RetryClass::timeout) return error.retryable ? c : RetryClass::never;
  return c;
}

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

RetryPolicy::Decision RetryPolicy::on_failure(const Error& error, int attempt) {
  Decision d;
  d.cls = classify(error);
  if (d.cls == RetryClass::never) {
    d.reason = "not retryable";
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
