#include "governor/retry_budget.hpp"

#include <algorithm>

#include "governor/retry_policy.hpp"

namespace pcs::gov {

double RetryBudget::cost_of(RetryClass cls) const {
  return cls == RetryClass::timeout ? p_.timeout_cost : p_.retry_cost;
}

bool RetryBudget::try_acquire(RetryClass cls) {
  const double cost = cost_of(cls);
  if (level_ < cost) return false;
  level_ -= cost;
  return true;
}

void RetryBudget::on_success(double refund) {
  level_ = std::min(p_.capacity, level_ + (refund > 0 ? refund : p_.success_refill));
}

}  // namespace pcs::gov
