#pragma once
// The retry quota of the AWS SDKs' standard mode, shared by every call of the daemon: a retry costs 5 tokens
// (10 after a timeout), a first-attempt success returns 1, a success after retries returns what its retries
// cost; the level never exceeds the capacity (500). When a retry cannot be paid for, retries fail fast
// (the circuit is open) until successes refill the budget: during an outage the daemon stops multiplying
// its load by max_attempts. Pure.

#include "core/error.hpp"

namespace pcs::gov {

using pcs::RetryClass;

class RetryBudget {
 public:
  struct Params {
    double capacity = 500;
    double retry_cost = 5;
    double timeout_cost = 10;
    double success_refill = 1;
  };
  RetryBudget() : RetryBudget(Params{}) {}
  explicit RetryBudget(Params p) : p_(p), level_(p.capacity) {}

  double cost_of(RetryClass cls) const;
  // Takes the cost of one retry; false (and nothing taken) when the budget cannot pay.
  bool try_acquire(RetryClass cls);
  // A call succeeded; `refund` is what its retries cost (0 when it succeeded the first time).
  void on_success(double refund);

  double level() const { return level_; }
  double capacity() const { return p_.capacity; }
  // Open when even the cheapest retry cannot be paid for.
  bool circuit_open() const { return level_ < p_.retry_cost; }
  const Params& params() const { return p_; }

 private:
  Params p_;
  double level_;
};

}  // namespace pcs::gov
