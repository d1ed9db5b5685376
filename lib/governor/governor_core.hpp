#pragma once
// Everything the governor decides, without timers: per quota class a token bucket, an adaptive rate and a
// rolling daily budget; one retry policy and one retry budget for the whole daemon. The async Governor
// (governor.hpp) only sleeps where this core says so. Pure: time is a parameter, so the whole decision
// logic is tested with a FakeClock.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "governor/adaptive_rate.hpp"
#include "governor/governor_config.hpp"
#include "governor/leftover_rate.hpp"
#include "governor/retry_budget.hpp"
#include "governor/retry_policy.hpp"
#include "governor/rolling_budget.hpp"
#include "governor/token_bucket.hpp"

namespace pcs::gov {

// Conditions reported once when they start and once when they end, not per call.
struct GovernorEvent {
  enum class Kind { daily_budget_exhausted, daily_budget_available, circuit_opened, circuit_closed };
  Kind kind;
  QuotaClass cls = QuotaClass::read;  // meaningless for circuit events (the retry budget is shared)
  std::string message;                // for the operator's log
};
std::string_view to_string(GovernorEvent::Kind k);
using GovernorEventHook = std::function<void(const GovernorEvent&)>;

// What the governor counts, per quota class, since start: the one place calls and throttles are counted. A
// sync cycle's own figures are the difference between two readings (CallCounts::since).
struct CallCounts {
  std::uint64_t attempts = 0;   // requests let through, retries included (the service meters each)
  std::uint64_t throttles = 0;  // ThrottlingException answers seen
  std::uint64_t retries = 0;
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;   // calls that ended in an error after the governor gave up

  // The counts since `earlier`, a reading of the same counters.
  CallCounts since(const CallCounts& earlier) const {
    return {attempts - earlier.attempts, throttles - earlier.throttles, retries - earlier.retries,
            successes - earlier.successes, failures - earlier.failures};
  }
};

struct ClassSnapshot {
  bool paced = true;        // false: no client-side rate limit (adaptive mode before its first throttle)
  double rate = 0;          // current requests per second
  double ceiling = 0;       // what the rate recovers to
  double tokens = 0;        // in the bucket now
  double daily_limit = 0;   // the daemon's share of the rolling 24 h quota
  double daily_used = 0;
  double daily_remaining = 0;
  bool daily_exhausted = false;
  CallCounts calls;
};

struct GovernorSnapshot {
  RetryMode mode = RetryMode::pcsyncd;
  ClassSnapshot read;
  ClassSnapshot write;
  double retry_budget = 0;
  double retry_budget_capacity = 0;
  bool circuit_open = false;
};

class GovernorCore {
 public:
  GovernorCore(GovernorConfig config, SteadyTime now, std::uint64_t seed);

  void set_event_hook(GovernorEventHook hook) { hook_ = std::move(hook); }

  // May one more request of this class go now? On `go` one token and one unit of daily budget are spent
  // (every attempt counts: the service meters retries too).
  struct Admission {
    enum class Kind { go, wait, refuse };
    Kind kind = Kind::go;
    std::chrono::nanoseconds wait{0};  // for `wait`: sleep this long, then ask again
    std::optional<Error> error;        // for `refuse`
  };
  Admission admit(QuotaClass cls, SteadyTime now);

  // State of one call across its attempts; the caller keeps it.
  struct Call {
    int attempts = 0;
    double retry_cost_held = 0;
    bool corrected = false;  // an at_once retry was made (clock offset or credentials corrected)
    // Set when the first attempt is admitted (call_timeout from then); no attempt or backoff runs past it.
    std::optional<SteadyTime> deadline;
  };
  // Called when an attempt was admitted: starts the call's deadline on the first one and returns it
  // (SteadyTime::max() without a call_timeout), for the attempt to bound itself with.
  SteadyTime attempt_deadline(Call& call, SteadyTime now) const;
  // After an attempt: done (success, or the caller returns `error` as final), or retry after `delay`.
  struct Step {
    enum class Kind { done, retry };
    Kind kind = Kind::done;
    std::chrono::nanoseconds delay{0};
  };
  // `error` is null on success. On a final failure the governor may append to error->message why it gave up.
  Step after_attempt(QuotaClass cls, SteadyTime now, Call& call, Error* error);

  GovernorSnapshot snapshot(SteadyTime now) const;
  const CallCounts& counts(QuotaClass cls) const { return lane(cls).counters; }
  const GovernorConfig& config() const { return config_; }
  // Counts n calls made at `at` (in the past) against the class's rolling daily budget: the daemon replays its
  // recorded calls at start so a restart does not reset the day.
  void restore_usage(QuotaClass cls, SteadyTime at, double n) { lane(cls).budget.record(at, n); }
  // Applies a reloaded config: ceilings and budgets move, usage and counters stay.
  void reconfigure(const GovernorConfig& config, SteadyTime now);

 private:
  struct Lane {
    QuotaClass cls;
    bool paced;
    bool adaptive;
    TokenBucket bucket;
    AdaptiveRate rate;         // retry_mode adaptive: the SDK's CUBIC
    LeftoverRate leftover;     // retry_mode pcsyncd: the estimated rate the other tools leave
    RollingBudget budget;
    bool exhausted = false;
    CallCounts counters;
  };
  Lane make_lane(QuotaClass cls, SteadyTime now) const;
  Lane& lane(QuotaClass cls) { return cls == QuotaClass::read ? read_ : write_; }
  const Lane& lane(QuotaClass cls) const { return cls == QuotaClass::read ? read_ : write_; }
  double ceiling_of(QuotaClass cls) const;
  ClassSnapshot snapshot_of(const Lane& l, SteadyTime now) const;
  double on_answer(Lane& l, SteadyTime now, bool throttled, bool failed);
  void emit(GovernorEvent::Kind kind, QuotaClass cls, std::string message);
  void note_circuit(bool was_open);

  GovernorConfig config_;
  RetryPolicy policy_;
  RetryBudget retry_budget_;
  Lane read_;
  Lane write_;
  GovernorEventHook hook_;
};

}  // namespace pcs::gov
