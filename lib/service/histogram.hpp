#pragma once
// A Prometheus histogram's state: fixed upper bounds chosen at construction, a count per bucket, the sum and
// the count of observations. Pure and single-threaded (everything runs on the one io_context thread).

#include <cstdint>
#include <span>
#include <vector>

namespace pcs::service {

class Histogram {
 public:
  // `upper_bounds` ascending and finite; the +Inf bucket is implied.
  explicit Histogram(std::span<const double> upper_bounds);

  void observe(double value);

  std::span<const double> upper_bounds() const { return bounds_; }
  // Observations <= upper_bounds()[i], for each i (Prometheus buckets are cumulative); +Inf is count().
  std::vector<std::uint64_t> cumulative_counts() const;
  double sum() const { return sum_; }
  std::uint64_t count() const { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<std::uint64_t> per_bucket_;  // observations in (bounds_[i-1], bounds_[i]]
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

// Seconds. A Partner Central attempt is bounded by request_timeout (default 10 s, at most 30 s in practice);
// 50 ms is a fast answer from a nearby region.
inline constexpr double kRequestLatencyBuckets[] = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
// Seconds. A steady-state cycle is one or two reads (well under a second); a backlog accepted at the write
// quota of 1/s takes minutes, and a reconcile of 100,000 invitations about ten.
inline constexpr double kCycleDurationBuckets[] = {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

}  // namespace pcs::service
