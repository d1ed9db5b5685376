#include "governor/governor_core.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/enum_names.hpp"

namespace pcs::gov {

namespace {

using EventKind = GovernorEvent::Kind;
constexpr EnumName<EventKind> kEventNames[]{{EventKind::daily_budget_exhausted, "daily_budget_exhausted"},
                                            {EventKind::daily_budget_available, "daily_budget_available"},
                                            {EventKind::circuit_opened, "circuit_opened"},
                                            {EventKind::circuit_closed, "circuit_closed"}};

RetrySettings retry_settings(const GovernorConfig& c) {
  return RetrySettings{c.max_attempts, c.backoff_base, c.backoff_cap};
}

std::string minutes_text(std::chrono::nanoseconds d) {
  const auto m = std::chrono::ceil<std::chrono::minutes>(d).count();
  return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

std::string number_text(double v) { return std::to_string(static_cast<long long>(std::llround(v))); }

}  // namespace

std::string_view to_string(GovernorEvent::Kind k) { return name_of(kEventNames, k); }

double GovernorCore::ceiling_of(QuotaClass cls) const {
  const auto& q = config_.quota(cls);
  // The SDK's adaptive mode does not know the account's share; its only ceiling is the service's own.
  return config_.retry_mode == RetryMode::adaptive ? q.per_second
                                                    : q.per_second * config_.share * (1.0 - config_.pacing_margin);
}

GovernorCore::Lane GovernorCore::make_lane(QuotaClass cls, SteadyTime now) const {
  const double ceiling = ceiling_of(cls);
  AdaptiveRate::Params p;
  p.ceiling = ceiling;
  p.floor = ceiling * config_.floor_fraction;
  p.cap_to_measured = true;  // only the SDK-like adaptive mode uses this curve
  LeftoverRate::Params lp;
  lp.ceiling = ceiling;
  lp.floor = ceiling * config_.floor_fraction;
  lp.probe_after = config_.probe_after;
  const double burst = std::max(1.0, ceiling * config_.burst_seconds);
  return Lane{cls,
              config_.retry_mode != RetryMode::adaptive,
              config_.retry_mode != RetryMode::standard,
              TokenBucket(ceiling, burst),
              AdaptiveRate(p, now),
              LeftoverRate(lp, now),
              RollingBudget(config_.quota(cls).daily * config_.share, config_.budget_window, config_.budget_bucket),
              false,
              CallCounts{}};
}

GovernorCore::GovernorCore(GovernorConfig config, SteadyTime now, std::uint64_t seed)
    : config_(std::move(config)),
      policy_(retry_settings(config_), seed),
      retry_budget_(config_.retry_budget),
      read_(make_lane(QuotaClass::read, now)),
      write_(make_lane(QuotaClass::write, now)) {}

void GovernorCore::emit(GovernorEvent::Kind kind, QuotaClass cls, std::string message) {
  if (hook_) hook_(GovernorEvent{kind, cls, std::move(message)});
}

void GovernorCore::note_circuit(bool was_open) {
  const bool open = retry_budget_.circuit_open();
  if (open == was_open) return;
  if (open)
    emit(GovernorEvent::Kind::circuit_opened, QuotaClass::read,
         "retry budget exhausted by repeated failures: failed Partner Central calls are no longer retried until "
         "calls succeed again; check the service health and the network");
  else
    emit(GovernorEvent::Kind::circuit_closed, QuotaClass::read, "retry budget refilled: failed calls are retried again");
}

GovernorCore::Admission GovernorCore::admit(QuotaClass cls, SteadyTime now) {
  Lane& l = lane(cls);
  Admission a;

  if (l.budget.remaining(now) < 1) {
    const auto when = l.budget.when_available(now, 1);
    const auto wait = when ? std::chrono::duration_cast<std::chrono::nanoseconds>(*when - now)
                           : std::chrono::duration_cast<std::chrono::nanoseconds>(config_.budget_window);
    const bool waits = cls == QuotaClass::write || config_.reads_wait_for_daily_budget;
    if (!l.exhausted) {
      l.exhausted = true;
      emit(GovernorEvent::Kind::daily_budget_exhausted, cls,
           "daily " + std::string(to_string(cls)) + " budget of " + number_text(l.budget.limit()) +
               " calls (" + number_text(config_.share * 100) + " % of the account's 24 h quota) is used up; " +
               (waits ? "calls wait" : "calls fail") + " until the next one frees up in " + minutes_text(wait) +
               ". Raise the governor share if the partner's other tools leave room.");
    }
    if (!waits) {
      a.kind = Admission::Kind::refuse;
      a.error = make_error(ErrorKind::quota_exceeded, "DailyBudgetExhausted",
                           "pcsyncd's daily " + std::string(to_string(cls)) + " budget (" +
                               number_text(l.budget.limit()) + " calls per 24 h) is used up; the next call is possible in " +
                               minutes_text(wait) + "; raise the governor share or wait");
      return a;
    }
    a.kind = Admission::Kind::wait;
    a.wait = std::max(wait, std::chrono::nanoseconds{1});
    return a;
  }
  if (l.exhausted) {
    l.exhausted = false;
    emit(GovernorEvent::Kind::daily_budget_available, cls,
         "daily " + std::string(to_string(cls)) + " budget has room again; calls resume");
  }

  if (l.paced) {
    const auto wait = l.bucket.wait_time(now, 1);
    if (wait.count() > 0) {
      a.kind = Admission::Kind::wait;
      a.wait = wait;
      return a;
    }
    (void)l.bucket.try_take(now, 1);
  }
  (void)l.budget.try_take(now, 1);  // fits: checked above; also drops expired buckets
  // Only the mode's own estimator reads its sends (on_answer).
  if (config_.retry_mode == RetryMode::pcsyncd) l.leftover.record_send(now);
  else l.rate.record_send(now);
  ++l.counters.attempts;
  return a;
}

SteadyTime GovernorCore::attempt_deadline(Call& call, SteadyTime now) const {
  if (!call.deadline) {
    if (config_.call_timeout.count() <= 0) return SteadyTime::max();
    call.deadline = now + config_.call_timeout;
  }
  return *call.deadline;
}

double GovernorCore::on_answer(Lane& l, SteadyTime now, bool throttled, bool failed) {
  if (config_.retry_mode == RetryMode::pcsyncd) {
    if (throttled) return l.leftover.on_throttle(now);
    // Only a success shows a token granted: a timeout or a dropped connection may never have reached the service.
    return failed ? l.leftover.rate() : l.leftover.on_success(now);
  }
  return throttled ? l.rate.on_throttle(now) : l.rate.on_success(now);  // the SDK: any other answer
}

GovernorCore::Step GovernorCore::after_attempt(QuotaClass cls, SteadyTime now, Call& call, Error* error) {
  Lane& l = lane(cls);
  ++call.attempts;
  const bool was_open = retry_budget_.circuit_open();

  const bool throttled = error && outcome_of(error->kind).throttle();
  if (throttled) ++l.counters.throttles;
  if (l.adaptive) {
    const double r = on_answer(l, now, throttled, error != nullptr);
    if (throttled && !l.paced) {
      // The SDK's adaptive mode switches its limiter on at the first throttle; start with an empty bucket so
      // the next request waits for the new, lower rate.
      l.paced = true;
      l.bucket = TokenBucket(r, 1);
      (void)l.bucket.try_take(now, 1);
    }
    l.bucket.set_rate(r, now);
  }

  if (!error) {
    ++l.counters.successes;
    retry_budget_.on_success(call.retry_cost_held);
    call.retry_cost_held = 0;
    note_circuit(was_open);
    return Step{};
  }

  const auto decision = policy_.on_failure(*error, call.attempts, call.corrected);
  if (!decision.retry) {
    ++l.counters.failures;
    if (call.attempts > 1) error->message += " (gave up after " + std::to_string(call.attempts) + " attempts)";
    return Step{};
  }
  if (decision.cls == RetryClass::at_once) {
    // A correction, not a failure of the service: no backoff and no retry budget.
    call.corrected = true;
    ++l.counters.retries;
    return Step{Step::Kind::retry, std::chrono::nanoseconds{0}};
  }
  if (call.deadline && now + decision.delay >= *call.deadline) {
    ++l.counters.failures;
    error->message += " (gave up after " + std::to_string(call.attempts) + (call.attempts == 1 ? " attempt" : " attempts") +
                      ": the next one would end past call_timeout)";
    return Step{};
  }
  if (!retry_budget_.try_acquire(decision.cls)) {
    ++l.counters.failures;
    error->message += " (not retried: too many recent failures emptied the retry budget)";
    note_circuit(was_open);
    return Step{};
  }
  call.retry_cost_held += retry_budget_.cost_of(decision.cls);
  ++l.counters.retries;
  note_circuit(was_open);
  return Step{Step::Kind::retry, decision.delay};
}

ClassSnapshot GovernorCore::snapshot_of(const Lane& l, SteadyTime now) const {
  ClassSnapshot s;
  s.calls = l.counters;
  s.paced = l.paced;
  s.rate = l.paced ? l.bucket.rate() : l.rate.ceiling();
  s.ceiling = l.rate.ceiling();
  s.tokens = l.paced ? l.bucket.tokens(now) : 0;
  s.daily_limit = l.budget.limit();
  s.daily_used = l.budget.used(now);
  s.daily_remaining = l.budget.remaining(now);
  s.daily_exhausted = s.daily_remaining < 1;
  return s;
}

GovernorSnapshot GovernorCore::snapshot(SteadyTime now) const {
  GovernorSnapshot s;
  s.mode = config_.retry_mode;
  s.read = snapshot_of(read_, now);
  s.write = snapshot_of(write_, now);
  s.retry_budget = retry_budget_.level();
  s.retry_budget_capacity = retry_budget_.capacity();
  s.circuit_open = retry_budget_.circuit_open();
  return s;
}

void GovernorCore::reconfigure(const GovernorConfig& config, SteadyTime now) {
  const bool mode_changed = config.retry_mode != config_.retry_mode;
  config_ = config;
  policy_.set_settings(retry_settings(config_));
  for (auto cls : {QuotaClass::read, QuotaClass::write}) {
    Lane& l = lane(cls);
    if (mode_changed) {
      // A different mode is a different machine; keep only what the service counts (usage) and the counters.
      Lane fresh = make_lane(cls, now);
      fresh.budget = std::move(l.budget);
      fresh.counters = l.counters;
      fresh.exhausted = l.exhausted;
      l = std::move(fresh);
    }
    const double ceiling = ceiling_of(cls);
    l.rate.set_ceiling(ceiling, ceiling * config_.floor_fraction);
    l.leftover.set_ceiling(ceiling, ceiling * config_.floor_fraction);
    l.bucket.set_burst(std::max(1.0, ceiling * config_.burst_seconds));
    const double rate = config_.retry_mode == RetryMode::pcsyncd ? l.leftover.rate() : l.rate.rate();
    l.bucket.set_rate(l.adaptive ? rate : ceiling, now);
    l.budget.set_limit(config_.quota(cls).daily * config_.share);
  }
}

}  // namespace pcs::gov
