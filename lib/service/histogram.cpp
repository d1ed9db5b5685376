#include "service/histogram.hpp"

#include <algorithm>

namespace pcs::service {

Histogram::Histogram(std::span<const double> upper_bounds)
    : bounds_(upper_bounds.begin(), upper_bounds.end()), per_bucket_(bounds_.size() + 1, 0) {}

void Histogram::observe(double value) {
  // The first bound >= value: Prometheus buckets are "less than or equal".
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  ++per_bucket_[std::size_t(at)];
  sum_ += value;
  ++count_;
}

std::vector<std::uint64_t> Histogram::cumulative_counts() const {
  std::vector<std::uint64_t> out(bounds_.size());
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < bounds_.size(); ++i) out[i] = running += per_bucket_[i];
  return out;
}

}  // namespace pcs::service
