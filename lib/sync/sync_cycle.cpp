#include "sync/sync_cycle.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <span>

#include "partnercentral/paginator.hpp"
#include "sync/mapping.hpp"

namespace pcs::sync {
namespace {

constexpr int kListPageSize = 100;     // ListEngagementInvitations' maximum
constexpr int kTaskPageSize = 1000;    // the task lists' maximum
constexpr std::size_t kTaskIdBatch = 10;  // TaskIdentifier holds at most 10
constexpr int kDecidePageSize = 500;      // undecided invitations read from the mirror at a time

// Errors after which the service certainly did not start a task or reject: the decision has failed for good.
// Anything else (timeout, reset, 5xx, throttling after retries, an unreadable answer) may have reached the
// service, so the decision stays `sent` and the next cycle resends it with the same ClientToken.
bool definitely_not_applied(const Error& e) {
  switch (e.kind) {
    case ErrorKind::validation:
    case ErrorKind::access_denied:
    case ErrorKind::not_found:
    case ErrorKind::conflict:
    case ErrorKind::quota_exceeded:
    case ErrorKind::config:
      return true;
    default:
      return false;
  }
}

const rules::Rule* find_rule(const rules::RuleSet& rules, std::string_view name) {
  for (const auto& r : rules.rules())
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace

struct SyncCycle::Run {
  CycleReport report;
  std::stop_token stop;
  std::int64_t run_id = 0;
  bool aborted = false;  // the store failed: nothing more can be recorded

  void fail(const Error& e, bool fatal = false) {
    if (report.error.empty()) report.error = e.describe();
    report.outcome = fatal ? store::SyncOutcome::failed : store::SyncOutcome::partial;
    if (fatal) aborted = true;
  }
  bool should_stop() const { return aborted || stop.stop_requested(); }
};

boost::asio::awaitable<CycleReport> SyncCycle::run(CycleOptions options, std::stop_token stop) {
  Run run;
  run.stop = stop;
  auto started = store_.begin_sync_run(clock_.wall_now());
  if (!started) {
    run.fail(started.error(), true);
    co_return run.report;
  }
  run.run_id = *started;
  client_.reset_counters();

  co_await recover(run);
  if (!run.should_stop()) co_await list_invitations(run, options.reconcile);
  if (!run.should_stop()) co_await decide_and_act(run);
  if (!run.should_stop()) co_await track_tasks(run, options.reconcile);
  if (stop.stop_requested() && run.report.outcome == store::SyncOutcome::ok) {
    run.report.outcome = store::SyncOutcome::partial;
    run.report.error = "stopped before the cycle finished";
  }

  if (auto tasks = store_.unfinished_tasks()) {
    run.report.unfinished_tasks = std::int64_t(tasks->size());
    run.report.unfinished_accept_tasks = std::count_if(tasks->begin(), tasks->end(), [](const auto& t) {
      return t.kind == store::TaskKind::accept_invitation;
    });
  }
  if (auto accepts = store_.unfinished_accepts()) run.report.unfinished_decisions += std::int64_t(accepts->size());
  if (auto rejects = store_.unfinished_rejects()) run.report.unfinished_decisions += std::int64_t(rejects->size());

  const auto& calls = client_.counters();
  run.report.counters.read_calls = calls.read_calls;
  run.report.counters.write_calls = calls.write_calls;
  run.report.counters.throttled = calls.throttled;
  run.report.detail_reads = calls.detail_reads;
  if (auto finished = store_.finish_sync_run(run.run_id, run.report.outcome, run.report.counters, run.report.error,
                                             clock_.wall_now());
      !finished)
    run.fail(finished.error(), true);
  co_return run.report;
}

// Decisions committed by an earlier cycle whose call did not complete: carry them out again. An accept
// resends its stored ClientToken, so the service answers with the task it may already have started.
boost::asio::awaitable<void> SyncCycle::recover(Run& run) {
  std::vector<store::Decision> pending;
  using Query = Result<std::vector<store::Decision>> (store::Store::*)();
  for (Query query : {Query{&store::Store::unfinished_accepts}, Query{&store::Store::unfinished_rejects}}) {
    auto found = (store_.*query)();
    if (!found) {
      run.fail(found.error(), true);
      co_return;
    }
    for (auto& d : *found)
      if (!d.dry_run) pending.push_back(std::move(d));
  }
  for (const auto& decision : pending) {
    if (run.should_stop()) co_return;
    spdlog::info("resuming {} of {} decided by rule {}", store::to_string(decision.action), decision.invitation_id,
                 decision.rule);
    co_await act(run, decision);
  }
}

boost::asio::awaitable<void> SyncCycle::list_invitations(Run& run, bool reconcile) {
  pc::ListEngagementInvitationsRequest request;
  request.catalog = config_.catalog;
  request.participant_type = "RECEIVER";
  request.max_results = kListPageSize;
  request.sort = pc::Sort{"DESCENDING", "InvitationDate"};
  if (!reconcile) request.status = {"PENDING"};

  std::vector<store::InvitationSummary> records;
  // Named, not a temporary in the co_await expression: GCC 12 destroys such temporaries twice.
  auto on_page = [&](pc::ListEngagementInvitationsResponse& page) -> Status {
    records.clear();
    records.reserve(page.engagement_invitation_summaries.size());
    for (const auto& s : page.engagement_invitation_summaries) records.push_back(to_record(s));
    auto upserted = store_.upsert_invitations(records, clock_.wall_now());
    if (!upserted) return upserted.error();
    run.report.counters.invitations_seen += upserted->seen;
    run.report.counters.invitations_new += upserted->inserted;
    return Ok{};
  };
  auto status = co_await pc::for_each_page(client_, request, on_page, run.stop);
  if (!status) {
    spdlog::warn("listing invitations stopped: {}", status.error().describe());
    run.fail(status.error(), status.error().kind == ErrorKind::config);
  }
}

boost::asio::awaitable<void> SyncCycle::decide_and_act(Run& run) {
  store::PendingQuery query;
  query.dry_run = config_.dry_run;
  query.limit = kDecidePageSize;
  for (;;) {
    auto pending = store_.pending_undecided(clock_.wall_now(), query);
    if (!pending) {
      run.fail(pending.error(), true);
      co_return;
    }
    for (auto& invitation : *pending) {
      if (run.should_stop()) co_return;
      co_await decide_one(run, invitation);
    }
    if (pending->size() < std::size_t(query.limit)) co_return;
    query.after = store::Store::pending_cursor(pending->back());
  }
}

boost::asio::awaitable<void> SyncCycle::decide_one(Run& run, store::Invitation& invitation) {
  const WallTime now = clock_.wall_now();
  auto facts = to_facts(invitation);
  if (!invitation.details && config_.rules.requires_details(facts, now)) {
    pc::GetEngagementInvitationRequest get{invitation.summary.catalog, invitation.summary.id};
    auto details = co_await client_.send(std::move(get));
    if (!details) {
      spdlog::warn("could not read details of {}: {}", invitation.summary.id, details.error().describe());
      run.fail(details.error());
      co_return;  // undecided: the next cycle tries again
    }
    auto records = to_records(*details);
    if (auto stored = store_.set_invitation_details(records.summary, records.details, clock_.wall_now()); !stored) {
      run.fail(stored.error(), true);
      co_return;
    }
    invitation.summary = records.summary;
    invitation.details = records.details;
    facts = to_facts(invitation);
  }

  const rules::Decision verdict = config_.rules.evaluate(facts, clock_.wall_now());
  if (verdict.action == rules::Action::ignore) {
    ++run.report.ignored;
    spdlog::debug("{}: ignored ({})", invitation.summary.id, verdict.reason);
    co_return;
  }
  store::NewDecision decision;
  decision.invitation_id = invitation.summary.id;
  decision.action = verdict.action == rules::Action::accept ? store::DecisionAction::accept
                                                              : store::DecisionAction::reject;
  decision.rule = verdict.rule;
  decision.reason = verdict.reason;
  decision.dry_run = config_.dry_run;
  // Committed before any call: a crash from here on resumes this decision, never a new one.
  auto recorded = store_.record_decision(decision, clock_.wall_now());
  if (!recorded) {
    if (recorded.error().kind == ErrorKind::conflict) co_return;  // another daemon decided it first
    run.fail(recorded.error(), true);
    co_return;
  }
  ++run.report.counters.invitations_decided;
  spdlog::info("{} {}{}: {}", config_.dry_run ? "would" : "decided to", store::to_string(decision.action),
               " " + invitation.summary.id, verdict.reason);
  if (config_.dry_run) {
    ++run.report.dry_run_decisions;
    co_return;
  }
  co_await act(run, *recorded);
}

boost::asio::awaitable<void> SyncCycle::act(Run& run, const store::Decision& decision) {
  if (decision.state == store::DecisionState::recorded) {
    if (auto sent = store_.mark_decision_sent(decision.id, clock_.wall_now()); !sent) {
      run.fail(sent.error(), true);
      co_return;
    }
  }
  // Tags and RejectionReason come from the rule as configured now (a reload may have changed them).
  const rules::Rule* rule = find_rule(config_.rules, decision.rule);

  std::optional<Error> failure;
  if (decision.action == store::DecisionAction::accept) {
    pc::StartEngagementByAcceptingInvitationTaskRequest request;
    request.catalog = decision.catalog;
    request.client_token = decision.client_token;
    request.identifier = decision.invitation_id;
    if (rule)
      for (const auto& t : rule->tags) request.tags.push_back(pc::Tag{t.key, t.value});
    auto started = co_await client_.send(std::move(request));
    if (started) {
      store::Task task = to_record(*started, decision.catalog, decision.invitation_id);
      std::array<store::Task, 1> tasks{task};
      if (!task.task_id.empty()) {
        if (auto up = store_.upsert_tasks(tasks, clock_.wall_now()); !up) {
          run.fail(up.error(), true);
          co_return;
        }
      }
      ++run.report.accepted;
      spdlog::info("accepted {}: task {} {}", decision.invitation_id, task.task_id, task.task_status);
    } else {
      failure = started.error();
    }
  } else {
    pc::RejectEngagementInvitationRequest request;
    request.catalog = decision.catalog;
    request.identifier = decision.invitation_id;
    if (rule && rule->reason) request.rejection_reason = *rule->reason;
    auto rejected = co_await client_.send(std::move(request));
    if (rejected) {
      store::InvitationSummary status_only;
      status_only.id = decision.invitation_id;
      status_only.catalog = decision.catalog;
      status_only.status = "REJECTED";
      std::array<store::InvitationSummary, 1> page{status_only};
      if (auto up = store_.upsert_invitations(page, clock_.wall_now()); !up) {
        run.fail(up.error(), true);
        co_return;
      }
      ++run.report.rejected;
      spdlog::info("rejected {}", decision.invitation_id);
    } else {
      failure = rejected.error();
    }
  }

  const WallTime now = clock_.wall_now();
  if (!failure) {
    if (auto done = store_.mark_decision_done(decision.id, now); !done) run.fail(done.error(), true);
    co_return;
  }
  if (failure->kind == ErrorKind::validation) {
    // Typically "only PENDING invitations can be ...": a retry after a lost answer meets the state our first
    // attempt created, or someone acted in the console. Mirror the invitation as it is now (so it is not
    // offered for a new decision every cycle) and count a reject that did happen as done.
    pc::GetEngagementInvitationRequest get{decision.catalog, decision.invitation_id};
    auto current = co_await client_.send(std::move(get));
    if (current) {
      auto records = to_records(*current);
      if (auto stored = store_.set_invitation_details(records.summary, records.details, clock_.wall_now()); !stored) {
        run.fail(stored.error(), true);
        co_return;
      }
      if (decision.action == store::DecisionAction::reject && current->status == "REJECTED") {
        ++run.report.rejected;
        spdlog::info("rejected {} (confirmed after: {})", decision.invitation_id, failure->describe());
        if (auto done = store_.mark_decision_done(decision.id, clock_.wall_now()); !done) run.fail(done.error(), true);
        co_return;
      }
    }
  }
  run.fail(*failure);
  if (definitely_not_applied(*failure)) {
    spdlog::warn("{} of {} failed: {}", store::to_string(decision.action), decision.invitation_id,
                 failure->describe());
    if (auto failed = store_.mark_decision_failed(decision.id, failure->describe(), now); !failed)
      run.fail(failed.error(), true);
  } else {
    spdlog::warn("{} of {} not confirmed, will resend with the same token: {}", store::to_string(decision.action),
                 decision.invitation_id, failure->describe());
  }
}

boost::asio::awaitable<void> SyncCycle::track_tasks(Run& run, bool reconcile) {
  auto unfinished = store_.unfinished_tasks();
  if (!unfinished) {
    run.fail(unfinished.error(), true);
    co_return;
  }
  std::vector<std::string> accept_ids, opportunity_ids;
  for (const auto& t : *unfinished) {
    if (t.catalog != config_.catalog) continue;
    (t.kind == store::TaskKind::accept_invitation ? accept_ids : opportunity_ids).push_back(t.task_id);
  }

  std::vector<store::Task> records;
  auto store_tasks = [&](std::vector<store::Task>& batch) -> Status {
    auto up = store_.upsert_tasks(batch, clock_.wall_now());
    if (!up) return up.error();
    // A finished accept task is the service's word that the invitation is now accepted.
    std::vector<store::InvitationSummary> accepted;
    for (const auto& t : batch)
      if (t.kind == store::TaskKind::accept_invitation && t.task_status == "COMPLETE" &&
          !t.engagement_invitation_id.empty()) {
        store::InvitationSummary s;
        s.id = t.engagement_invitation_id;
        s.catalog = t.catalog;
        s.status = "ACCEPTED";
        accepted.push_back(std::move(s));
      }
    if (!accepted.empty()) {
      auto inv = store_.upsert_invitations(accepted, clock_.wall_now());
      if (!inv) return inv.error();
    }
    return Ok{};
  };

  auto walk_accept = [&](std::vector<std::string> ids) -> boost::asio::awaitable<Status> {
    pc::ListEngagementByAcceptingInvitationTasksRequest request;
    request.catalog = config_.catalog;
    request.max_results = kTaskPageSize;
    request.task_identifier = std::move(ids);
    auto on_page = [&](pc::ListEngagementByAcceptingInvitationTasksResponse& page) -> Status {
      records.clear();
      for (const auto& s : page.task_summaries)
        if (s.task_id) records.push_back(to_record(s, config_.catalog));
      return store_tasks(records);
    };
    co_return co_await pc::for_each_page(client_, request, on_page, run.stop);
  };
  auto walk_opportunity = [&](std::vector<std::string> ids) -> boost::asio::awaitable<Status> {
    pc::ListOpportunityFromEngagementTasksRequest request;
    request.catalog = config_.catalog;
    request.max_results = kTaskPageSize;
    request.task_identifier = std::move(ids);
    auto on_page = [&](pc::ListOpportunityFromEngagementTasksResponse& page) -> Status {
      records.clear();
      for (const auto& s : page.task_summaries)
        if (s.task_id) records.push_back(to_record(s, config_.catalog));
      return store_tasks(records);
    };
    co_return co_await pc::for_each_page(client_, request, on_page, run.stop);
  };

  auto in_batches = [&](const std::vector<std::string>& ids, auto& walk) -> boost::asio::awaitable<void> {
    for (std::size_t i = 0; i < ids.size() && !run.should_stop(); i += kTaskIdBatch) {
      std::vector<std::string> batch(ids.begin() + std::ptrdiff_t(i),
                                     ids.begin() + std::ptrdiff_t(std::min(ids.size(), i + kTaskIdBatch)));
      if (auto s = co_await walk(std::move(batch)); !s) {
        spdlog::warn("refreshing tasks failed: {}", s.error().describe());
        run.fail(s.error());
        co_return;
      }
    }
  };

  if (reconcile) {
    // The whole history of both kinds, including tasks started outside pcsyncd.
    std::vector<std::string> all;  // no TaskIdentifier filter
    if (auto s = co_await walk_accept(all); !s) run.fail(s.error());
    if (auto s = co_await walk_opportunity(all); !s) run.fail(s.error());
  } else {
    co_await in_batches(accept_ids, walk_accept);
    co_await in_batches(opportunity_ids, walk_opportunity);
  }
}

}  // namespace pcs::sync
