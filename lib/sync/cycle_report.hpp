#pragma once
// What one sync cycle did, for the run record, the log line, the status line and the metrics. Plain data:
// no Asio here, so pure consumers (metrics rendering) do not pull the network headers in.

#include <chrono>
#include <cstdint>
#include <string>

#include "store/records.hpp"

namespace pcs::sync {

struct CycleReport {
  // ok: everything done. partial: some calls failed but the listing completed (or a stop cut the cycle
  // short). failed: the listing did not complete, or the database failed.
  store::SyncOutcome outcome = store::SyncOutcome::ok;
  store::SyncCounters counters;
  std::int64_t accepted = 0;  // accept calls that returned a task this cycle
  std::int64_t rejected = 0;
  std::int64_t ignored = 0;
  std::int64_t reviews_requested = 0;  // invitations newly left to a person (action: review)
  std::int64_t dry_run_decisions = 0;
  std::int64_t abandoned = 0;  // unconfirmed decisions not carried out because the situation changed
  std::int64_t invitations_changed = 0;  // listed rows that differed from the mirror and were rewritten
  std::int64_t pages_recognised = 0;     // listing pages with the same bytes as last time: not parsed or written
  std::int64_t refused_items = 0;  // listed items of another catalog or participant type, tasks with
                                   // ids not of the service's form: never stored or acted on
  std::int64_t retries_recorded = 0;  // new attempts recorded after an accept task FAILED for a passing reason
  std::int64_t unfinished_tasks = 0;  // still IN_PROGRESS after the cycle, both kinds
  // Of those, the accept tasks pcsyncd started; opportunity-from-engagement tasks are only mirrored, so
  // `--until-idle` does not wait for them.
  std::int64_t unfinished_accept_tasks = 0;
  std::int64_t unfinished_decisions = 0;  // recorded or sent, waiting for the next cycle
  std::int64_t detail_reads = 0;  // of counters.read_calls, the GetEngagementInvitation ones
  std::int64_t reviews_waiting = -1;  // waiting for a person after the cycle (-1: not counted)
  // Decisions failed for good this cycle (a lasting refusal, or an accept task that failed and is not retried):
  // each needs the operator.
  std::int64_t decisions_failed = 0;
  std::chrono::nanoseconds duration{0};  // from the cycle's start to its run record
  std::string error;                  // first failure, for the run record and the log
  // A decisions-only pass (a person's decision carried out between cycles): not a sync run of its own.
  bool decisions_only = false;
  // A call was refused for a setup reason (credentials, IAM, clock): the daemon is degraded.
  bool setup_failure = false;
  std::int64_t expiry_warnings = 0;  // invitations announced as expiring soon (notify.expiry_warning)

  // Adds the counts of another cycle (the metrics' totals since start). The outcome, the error and the
  // end-of-cycle gauges (unfinished_*) are not counts and stay as they are.
  CycleReport& add_counts(const CycleReport& o) {
    counters += o.counters;
    for (auto count : {&CycleReport::accepted, &CycleReport::rejected, &CycleReport::ignored, &CycleReport::reviews_requested,
                       &CycleReport::dry_run_decisions, &CycleReport::abandoned, &CycleReport::refused_items,
                       &CycleReport::retries_recorded, &CycleReport::detail_reads, &CycleReport::decisions_failed})
      this->*count += o.*count;
    return *this;
  }
};

}  // namespace pcs::sync
