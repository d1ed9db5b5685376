#include "governor/rolling_budget.hpp"

#include <algorithm>
#include <iterator>

namespace pcs::gov {

namespace {
constexpr double kEpsilon = 1e-9;
}

RollingBudget::RollingBudget(double limit, std::chrono::nanoseconds window, std::chrono::nanoseconds bucket)
    : limit_(std::max(0.0, limit)),
      window_(std::max(window, std::chrono::nanoseconds{1})),
      bucket_(std::clamp(bucket, std::chrono::nanoseconds{1}, window_)) {}

void RollingBudget::set_limit(double limit) { limit_ = std::max(0.0, limit); }

std::int64_t RollingBudget::index_of(SteadyTime t) const {
  const auto since = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch());
  auto q = since.count() / bucket_.count();
  if (since.count() < 0 && since.count() % bucket_.count() != 0) --q;  // floor, not truncation
  return q;
}

SteadyTime RollingBudget::expiry_of(std::int64_t index) const {
  return SteadyTime{} + std::chrono::duration_cast<SteadyTime::duration>(bucket_ * (index + 1) + window_);
}

void RollingBudget::expire(SteadyTime now) {
  while (!buckets_.empty() && expiry_of(buckets_.front().index) <= now) {
    total_ -= buckets_.front().count;
    buckets_.pop_front();
  }
  if (buckets_.empty()) total_ = 0;  // drop accumulated rounding
}

double RollingBudget::used(SteadyTime now) const {
  // Buckets are in expiry order: only the oldest few can have expired since the last expire().
  double total = total_;
  for (const auto& b : buckets_) {
    if (expiry_of(b.index) > now) break;
    total -= b.count;
  }
  return std::max(0.0, total);
}

double RollingBudget::remaining(SteadyTime now) const { return std::max(0.0, limit_ - used(now)); }

void RollingBudget::record(SteadyTime at, double n) {
  if (n <= 0) return;
  const auto idx = index_of(at);
  total_ += n;
  // Searched from the back: nearly every record is for the newest bucket.
  auto it = buckets_.end();
  while (it != buckets_.begin() && std::prev(it)->index >= idx) --it;
  if (it != buckets_.end() && it->index == idx)
    it->count += n;
  else
    buckets_.insert(it, Bucket{idx, n});
}

bool RollingBudget::try_take(SteadyTime now, double n) {
  expire(now);
  if (used(now) + n > limit_ + kEpsilon) return false;
  record(now, n);
  return true;
}

std::optional<SteadyTime> RollingBudget::when_available(SteadyTime now, double n) const {
  if (n > limit_ + kEpsilon) return std::nullopt;
  double in_use = used(now);
  if (in_use + n <= limit_ + kEpsilon) return now;
  for (const auto& b : buckets_) {  // oldest first: the order in which units free up
    const SteadyTime exp = expiry_of(b.index);
    if (exp <= now) continue;
    in_use -= b.count;
    if (in_use + n <= limit_ + kEpsilon) return exp;
  }
  return std::nullopt;  // unreachable while n <= limit
}

}  // namespace pcs::gov
