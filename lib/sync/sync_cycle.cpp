#include "sync/sync_cycle.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <span>

#include "core/printable.hpp"
#include "partnercentral/paginator.hpp"
#include "partnercentral/patterns.hpp"
#include "sync/decision_request.hpp"
#include "sync/listing_memo.hpp"
#include "sync/mapping.hpp"
#include "sync/recovery_check.hpp"
#include "sync/task_failure.hpp"

namespace pcs::sync {
namespace {

constexpr int kListPageSize = 100;     // ListEngagementInvitations' maximum
constexpr int kTaskPageSize = 1000;    // the task lists' maximum
constexpr std::size_t kTaskIdBatch = 10;  // TaskIdentifier holds at most 10
constexpr int kDecidePageSize = 500;      // undecided invitations read from the mirror at a time
// Rule evaluation needs no I/O, so a backlog is decided without awaiting anything; every this many
// invitations the cycle lets the event loop run (signals, the metrics endpoint, the watchdog).
constexpr int kDecisionsPerYield = 64;
constexpr std::string_view kReceiver = "RECEIVER";
// A listing's open transaction is committed once a page call has been out this long (see list_invitations).
constexpr std::chrono::milliseconds kFlushAfter{50};

// While a listing runs: whether a page call is out, since when, and the timer of the watch that commits the
// listing's transaction when one is out for long.
struct PageCallWatch {
  explicit PageCallWatch(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}
  boost::asio::steady_timer timer;
  std::optional<SteadyTime> call_since;
  bool done = false;
};

// Every kFlushAfter while the listing runs (a few wake-ups a second, none per page): commits its transaction
// when a page call has been out that long. Owns the watch with the listing, so either may end first.
boost::asio::awaitable<void> flush_during_slow_calls(std::shared_ptr<PageCallWatch> watch, store::Store& store,
                                                     const Clock& clock) {
  while (!watch->done) {
    watch->timer.expires_after(kFlushAfter);
    co_await watch->timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));  // cancelled: done
    if (watch->done) co_return;
    if (watch->call_since && clock.steady_now() - *watch->call_since >= kFlushAfter) (void)store.flush_listing();
  }
}

// For the log: "rule us-healthcare" or "alice via sudo".
std::string decided_by(const store::Decision& d) { return d.decided_by.empty() ? "rule " + d.rule : d.decided_by; }

// What is wrong with a task the service reported, or nothing. Only ids of the exact form the service hands out
// are stored: a TaskId kept as it came is sent back in every TaskIdentifier filter (where a malformed one is
// refused, and with it the tracking of its whole batch), and a task's invitation id becomes an invitation row.
// `for_invitation`: the invitation the task must be for, named in the answer (a recovery lookup).
std::optional<std::string> task_problem(const std::optional<std::string>& task_id,
                                        const std::optional<std::string>& invitation_id,
                                        std::optional<std::string_view> for_invitation = std::nullopt) {
  if (!task_id) return "no TaskId";
  if (!pc::patterns::task_id(*task_id)) return "TaskId " + printable(*task_id, 64) + " is not a task id";
  if (invitation_id && !pc::patterns::invitation_id(*invitation_id))
    return "EngagementInvitationId " + printable(*invitation_id, 64) + " is not an invitation id";
  if (for_invitation && invitation_id != std::optional<std::string>(*for_invitation))
    return "it is for invitation " + printable(invitation_id.value_or("(none)"), 64);
  return std::nullopt;
}

// Lets every other handler on the loop run before the cycle goes on.
boost::asio::awaitable<void> yield_to_loop() {
  co_await boost::asio::post(co_await boost::asio::this_coro::executor, boost::asio::use_awaitable);
}

}  // namespace

struct SyncCycle::Run {
  const config::DaemonConfig& config;
  std::stop_token stop;
  gov::CallCounts reads_at_start;
  gov::CallCounts writes_at_start;
  CycleReport report;
  std::int64_t run_id = 0;
  bool aborted = false;        // the store failed: nothing more can be recorded
  bool writes_blocked = false;  // a write failed for a setup reason (IAM, credentials, clock): stop writing
  // The listing ended on an answer pcsyncd cannot read (kind protocol: bad JSON, a bound broken, NextTokens
  // repeated or endless): what its earlier pages said is mirrored, but nothing is decided on it this cycle.
  bool listing_untrusted = false;

  // A call failed; the cycle goes on. The listing's failure makes the cycle `failed` (see list_invitations).
  void fail(const Error& e) {
    if (outcome_of(e.kind).setup) report.setup_failure = true;
    if (report.error.empty()) report.error = e.describe();
    if (report.outcome == store::SyncOutcome::ok) report.outcome = store::SyncOutcome::partial;
  }
  // The cycle cannot do its job: the listing did not complete, or the store failed (then `abort`).
  void fail_cycle(const Error& e, bool abort) {
    if (outcome_of(e.kind).setup) report.setup_failure = true;
    if (report.error.empty() || report.outcome != store::SyncOutcome::failed) report.error = e.describe();
    report.outcome = store::SyncOutcome::failed;
    if (abort) aborted = true;
  }
  bool should_stop() const { return aborted || stop.stop_requested(); }
};

boost::asio::awaitable<CycleReport> SyncCycle::run(CycleOptions options, const config::DaemonConfig& config,
                                                    std::stop_token stop) {
  Run run{config, stop, client_.counts(gov::QuotaClass::read), client_.counts(gov::QuotaClass::write), {}};
  run.report.decisions_only = options.decisions_only;
  const SteadyTime began = clock_.steady_now();
  running_ = &run.report;
  // Cleared on every way out, before the caller sees the report (no suspension lies between the two).
  struct ClearRunning {
    const CycleReport*& running;
    ~ClearRunning() { running = nullptr; }
  } clear_running{running_};
  // A decisions-only pass is not a sync run: it lists nothing, so it must not count as the last (successful)
  // sync that status and its staleness warning read. Its calls are recorded apart (calls_outside_runs), for the
  // daily budgets' replay after a restart; the decisions themselves are the audit trail.
  const WallTime started_at = clock_.wall_now();
  if (!options.decisions_only) {
    auto started = store_.begin_sync_run(started_at);
    if (!started) {
      run.fail_cycle(started.error(), true);
      run.report.duration = clock_.steady_now() - began;
      co_return run.report;
    }
    run.run_id = *started;
  }
  client_.set_request_timeout(config.request_timeout);

  co_await recover(run, options.only_decision);
  if (!options.decisions_only) {
    if (!run.should_stop()) co_await list_invitations(run, options.reconcile);
    if (!run.should_stop() && !run.listing_untrusted) co_await decide_and_act(run);
    if (!run.should_stop()) co_await track_tasks(run, options.reconcile);
    if (!run.should_stop() && !config.notify.webhooks.empty()) warn_expiring(run);
  }
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
  if (auto open = store_.unfinished_decisions()) run.report.unfinished_decisions = std::int64_t(open->size());
  if (auto waiting = store_.reviews_waiting(clock_.wall_now())) run.report.reviews_waiting = *waiting;

  // The cycle is the governor's only caller while it runs: what the governor counted since the start is the
  // cycle's.
  const auto reads = client_.counts(gov::QuotaClass::read).since(run.reads_at_start);
  const auto writes = client_.counts(gov::QuotaClass::write).since(run.writes_at_start);
  run.report.counters.read_calls = std::int64_t(reads.attempts);
  run.report.counters.write_calls = std::int64_t(writes.attempts);
  run.report.counters.throttled = std::int64_t(reads.throttles + writes.throttles);
  if (options.decisions_only) {
    if (reads.attempts + writes.attempts > 0) {
      // The pass's work is done whatever this says: a failure costs only the replay's count of these calls.
      if (auto recorded = store_.record_calls_outside_runs(started_at, std::int64_t(reads.attempts),
                                                           std::int64_t(writes.attempts));
          !recorded)
        spdlog::warn("the {} calls of this decisions pass are not recorded for the daily budgets after a restart: {}",
                     reads.attempts + writes.attempts, recorded.error().describe());
    }
    run.report.duration = clock_.steady_now() - began;
    co_return run.report;
  }
  if (auto finished = store_.finish_sync_run(run.run_id, run.report.outcome, run.report.counters, run.report.error,
                                             clock_.wall_now());
      !finished)
    run.fail_cycle(finished.error(), true);
  run.report.duration = clock_.steady_now() - began;
  co_return run.report;
}

// ---- recover ----

// Decisions committed by an earlier cycle whose call did not complete. Each is resent only if the running
// configuration would still make it; otherwise the service is asked whether it took effect after all, and the
// decision is recorded as done or abandoned. Nothing is sent in dry run.
boost::asio::awaitable<void> SyncCycle::recover(Run& run, std::int64_t only_decision) {
  auto pending = store_.unfinished_decisions();
  if (!pending) {
    run.fail_cycle(pending.error(), true);
    co_return;
  }
  for (const auto& decision : *pending) {
    if (run.should_stop()) co_return;
    if (only_decision != 0 && decision.id != only_decision) continue;
    co_await recover_one(run, decision);
  }
}

boost::asio::awaitable<void> SyncCycle::recover_one(Run& run, const store::Decision& decision) {
  const WallTime now = clock_.wall_now();
  auto mirrored = store_.invitation(decision.invitation_id);
  if (!mirrored) {
    run.fail_cycle(mirrored.error(), true);
    co_return;
  }
  if (auto wanted = still_wanted(decision, *mirrored, run.config, now); wanted.yes) {
    spdlog::info("{} {} of {} (attempt {}) decided by {}", decision.state == store::DecisionState::recorded ? "carrying out" : "resuming",
                 store::to_string(decision.action), decision.invitation_id, decision.attempt, decided_by(decision));
    co_await act(run, decision);
    co_return;
  }

  // Not wanted as the mirror stands: the mirror may be stale, and the call may have taken effect. Ask.
  auto current = co_await fetch_invitation(run, decision.catalog, decision.invitation_id);
  if (!current) {
    spdlog::warn("{} of {} is left unconfirmed: cannot read the invitation: {}", store::to_string(decision.action),
                 decision.invitation_id, current.error().describe());
    run.fail(current.error());
    co_return;
  }
  std::optional<pc::EngagementByAcceptingInvitationTaskSummary> live_task;
  if (decision.action == store::DecisionAction::accept) {
    pc::ListEngagementByAcceptingInvitationTasksRequest request;
    request.catalog = decision.catalog;
    request.engagement_invitation_identifier = {decision.invitation_id};
    request.max_results = 10;
    request.sort = pc::Sort{"DESCENDING", "StartTime"};
    auto tasks = co_await client_.send(std::move(request));
    if (!tasks) {
      run.fail(tasks.error());
      co_return;
    }
    for (const auto& t : tasks->task_summaries) {
      const std::string status = t.task_status.value_or("");
      if (status != "IN_PROGRESS" && status != "COMPLETE") continue;
      // Taken as proof only when it names this invitation: another one's task would mark ours done unsent.
      if (auto problem = task_problem(t.task_id, t.engagement_invitation_id, decision.invitation_id)) {
        ++run.report.refused_items;
        spdlog::warn("refused task in the answer for {}: {}", decision.invitation_id, *problem);
        continue;
      }
      live_task = t;
      break;
    }
  }

  const WallTime later = clock_.wall_now();
  if (auto applied = service_shows_applied(decision, *current, live_task); applied.applied) {
    if (live_task) {
      std::array<store::Task, 1> task{to_record(*live_task, decision.catalog)};
      if (auto up = store_.upsert_tasks(task, later); !up) co_return run.fail_cycle(up.error(), true);
    }
    if (auto done = store_.mark_decision_done(decision.id, applied.task_id, later); !done)
      co_return run.fail_cycle(done.error(), true);
    spdlog::info("{} of {} had taken effect ({}): recorded as done", store::to_string(decision.action),
                 decision.invitation_id, applied.task_id.empty() ? "invitation REJECTED" : "task " + applied.task_id);
    co_return;
  }

  auto fresh = store_.invitation(decision.invitation_id);
  if (!fresh) co_return run.fail_cycle(fresh.error(), true);
  if (auto wanted = still_wanted(decision, *fresh, run.config, later); wanted.yes) {
    spdlog::info("resuming {} of {} (attempt {}) decided by {}", store::to_string(decision.action),
                 decision.invitation_id, decision.attempt, decided_by(decision));
    co_await act(run, decision);
  } else {
    if (auto abandoned = store_.mark_decision_abandoned(decision.id, wanted.why_not, later); !abandoned)
      co_return run.fail_cycle(abandoned.error(), true);
    ++run.report.abandoned;
    spdlog::warn("{} of {} abandoned, not sent: {}", store::to_string(decision.action), decision.invitation_id,
                 wanted.why_not);
  }
}

// GetEngagementInvitation, checked to be the invitation asked for, and stored.
boost::asio::awaitable<Result<pc::GetEngagementInvitationResponse>> SyncCycle::fetch_invitation(
    Run& run, const std::string& catalog, const std::string& id) {
  pc::GetEngagementInvitationRequest get{catalog, id};
  const auto reads_before = client_.counts(gov::QuotaClass::read).attempts;
  auto details = co_await client_.send(std::move(get));
  run.report.detail_reads += std::int64_t(client_.counts(gov::QuotaClass::read).attempts - reads_before);
  if (!details) co_return details.error();
  if (details->catalog != catalog || details->id != id)
    co_return make_error(ErrorKind::protocol, "UnexpectedInvitation",
                         "GetEngagementInvitation for " + id + " in " + catalog + " answered with invitation " +
                             printable(details->id, 64) + " in catalog " + printable(details->catalog, 16) +
                             "; not used (report the request id to AWS support)");
  auto records = to_records(*details);
  if (auto stored = store_.set_invitation_details(records.summary, records.details, clock_.wall_now()); !stored) {
    run.fail_cycle(stored.error(), true);
    co_return stored.error();
  }
  co_return details;
}

// ---- list ----

namespace {

// A listing page as the governed attempt read it: recognised by its bytes, or decoded (with its body kept, to be
// recorded once its rows are stored).
struct ListedPage {
  std::optional<ListingMemo::Recognized> known;
  std::optional<pc::ListEngagementInvitationsResponse> page;
  std::string body;
};

}  // namespace

boost::asio::awaitable<void> SyncCycle::list_invitations(Run& run, bool reconcile) {
  pc::ListEngagementInvitationsRequest request;
  request.catalog = run.config.catalog;
  request.participant_type = std::string(kReceiver);
  request.max_results = kListPageSize;
  // Oldest first: an invitation that arrives is added at the end, so the pages before it keep their bytes and
  // are recognised next time (ListingMemo); newest first, one arrival would shift every page.
  request.sort = pc::Sort{"ASCENDING", "InvitationDate"};
  // What the listing covers: every status on reconcile, else PENDING only.
  const std::string scope = reconcile ? "" : "PENDING";
  if (!reconcile) request.status = {scope};
  if (memo_catalog_ != run.config.catalog) {
    memo_all_.clear();
    memo_pending_.clear();
    memo_catalog_ = run.config.catalog;
  }
  ListingMemo& memo = reconcile ? memo_all_ : memo_pending_;
  const WallTime started = clock_.wall_now();
  // The pages share one open transaction (Store::upsert_listed_invitations), whose write lock stops every
  // other writer (a person's pcsyncctl accept). A page call out for kFlushAfter or more (a slow network, the
  // governor pacing or backing off, a credentials refresh) has it committed by this watch; fast pages, as on
  // loopback, share it. A failed commit there reaches the listing at its next store call.
  auto watch = std::make_shared<PageCallWatch>(co_await boost::asio::this_coro::executor);
  boost::asio::co_spawn(watch->timer.get_executor(), flush_during_slow_calls(watch, store_, clock_),
                        boost::asio::detached);
  struct StopWatch {
    PageCallWatch& watch;
    ~StopWatch() {
      watch.done = true;
      watch.timer.cancel();
    }
  } stop_watch{*watch};

  std::vector<store::InvitationSummary> records;
  store::SeenIds seen_ids;
  std::vector<std::size_t> recognised;  // pages whose ids are the memo's, added once the listing is complete
  pc::PaginationState pages;
  Status status = Ok{};
  while (!pages.done()) {
    if (run.stop.stop_requested()) {
      status = pc::cancelled_error(pages.pages());
      break;
    }
    request.next_token = pages.next_request_token();
    const std::size_t index = pages.pages();
    // Read inside the governed attempt, as send() decodes there: a page whose bytes were seen is not decoded.
    std::function<Result<ListedPage>(net::HttpResponse&)> read = [&memo, index](net::HttpResponse& response) {
      ListedPage out;
      if (auto known = memo.recognize(index, response.body)) {
        out.known = std::move(known);
        return Result<ListedPage>(std::move(out));
      }
      auto decoded = pc::PartnerCentralClient::decode<pc::ListEngagementInvitationsResponse>(response);
      if (!decoded) return Result<ListedPage>(decoded.error());
      out.page = std::move(decoded).value();
      out.body = std::move(response.body);
      return Result<ListedPage>(std::move(out));
    };
    watch->call_since = clock_.steady_now();
    auto listed = co_await client_.send_raw(request, std::move(read));
    watch->call_since.reset();
    if (!listed) {
      status = listed.error();
      break;
    }
    if (run.stop.stop_requested()) {
      status = pc::cancelled_error(pages.pages());
      break;
    }
    const std::size_t items = listed->known ? listed->known->items : listed->page->engagement_invitation_summaries.size();
    if (items > std::size_t(kListPageSize)) {
      status = pc::oversized_page_error(pc::ListEngagementInvitationsRequest::operation, items, kListPageSize);
      break;
    }
    const std::optional<std::string> next = listed->known ? listed->known->next_token : listed->page->next_token;
    if (auto progress = pages.on_page(next); !progress) {
      status = progress.error();
      break;
    }
    if (listed->known) {
      // The same bytes as when its rows were stored: nothing to parse or write, and its ids are known.
      recognised.push_back(index);
      run.report.counters.invitations_seen += std::int64_t(items);
      ++run.report.pages_recognised;
      continue;
    }

    records.clear();
    std::vector<std::uint64_t> keys;
    bool refused = false;
    for (auto& s : listed->page->engagement_invitation_summaries) {
      // Only what was asked for is mirrored, so nothing else can ever be decided or acted on.
      // An id that is not one (control characters, not the model's pattern) could forge log lines and SQL-side
      // lookups; it is refused like another catalog's item.
      const bool id_ok = pc::patterns::invitation_arn_or_id(s.id) && is_printable(s.id);
      if (!id_ok || s.catalog != run.config.catalog || (s.participant_type && *s.participant_type != kReceiver)) {
        ++run.report.refused_items;
        refused = true;
        spdlog::warn("refused listed invitation {}: id, catalog {} or participant {} is not what was asked for",
                     printable(s.id, 64),
                     printable(s.catalog, 16), printable(s.participant_type.value_or("-"), 16));
        continue;
      }
      if (scope.empty() || s.status == scope) {
        keys.push_back(store::SeenIds::key(s.id));
        seen_ids.add_key(keys.back());
      }
      records.push_back(to_record(std::move(s)));  // the page is ours and read once: its strings move
    }
    // Into the listing's open transaction (committed every 25,000 rows, and below).
    auto upserted = store_.upsert_listed_invitations(records, clock_.wall_now());
    if (!upserted) {
      status = upserted.error();
      break;
    }
    run.report.counters.invitations_seen += upserted->seen;
    run.report.counters.invitations_new += upserted->inserted;
    run.report.invitations_changed += upserted->changed;
    // A page with refused items is decoded every time, so that each listing says so.
    if (refused)
      memo.forget(index);
    else
      memo.record(index, listed->body, next, std::move(keys), items);
  }
  // What was listed before a failure is still what the service said: keep it. A failed commit (or one lost
  // earlier, see Store::flush_listing) means the pages the memo recorded may not be stored, whatever else failed.
  if (auto committed = store_.commit_listed_invitations(); !committed) {
    memo.clear();
    if (status) status = committed.error();
  }
  if (!status && status.error().code.rfind("Store", 0) == 0) memo.clear();  // recorded pages may not be stored
  if (status) {
    memo.keep_first(pages.pages());
    for (std::size_t index : recognised)
      for (std::uint64_t key : memo.keys(index)) seen_ids.add_key(key);
    const bool memo_holds_listing = memo.holds_listing(pages.pages());
    // Every page recognised: the ids are the previous complete listing's, and so is their count (ListingMemo).
    if (recognised.size() == pages.pages() && memo_holds_listing)
      if (auto ids = memo.listing_distinct()) seen_ids.know_distinct(*ids);
    // Every page came back: rows of the scope that no page held are now known to be unlisted, and the others
    // were seen now, rewritten or not.
    status = store_.record_listing(run.config.catalog, scope, started, seen_ids);
    if (status && memo_holds_listing) memo.keep_listing_distinct(seen_ids.distinct());
  }
  if (!status) {
    if (status.error().kind == ErrorKind::cancelled && run.stop.stop_requested()) co_return;
    spdlog::warn("listing invitations did not complete: {}", status.error().describe());
    // Without the listing the cycle has not seen what it is there to see: an outage must be visible.
    run.fail_cycle(status.error(), status.error().code.rfind("Store", 0) == 0);
    if (status.error().kind == ErrorKind::protocol) {
      // A service that answers what pcsyncd cannot read may have sent anything on its other pages too: an
      // endless listing's pages, or the ones before a broken one. Outages (transport, timeouts, 5xx) differ:
      // the mirror is still what the service said, and the backlog is decided as usual.
      run.listing_untrusted = true;
      spdlog::warn("no new decision this cycle: the listing ended on an answer pcsyncd cannot read; undecided "
                   "invitations wait for a listing that completes");
    }
  }
}

// ---- decide and act ----

boost::asio::awaitable<void> SyncCycle::decide_and_act(Run& run) {
  // Rules that can only ignore (none, and default_action ignore: a mirror only) would read every undecided
  // invitation for nothing.
  if (!run.config.rules.can_act()) co_return;
  store::PendingQuery query;
  query.catalog = run.config.catalog;
  query.dry_run = run.config.dry_run;
  query.limit = kDecidePageSize;
  int since_yield = 0;
  for (;;) {
    auto pending = store_.pending_undecided(clock_.wall_now(), query);
    if (!pending) {
      run.fail_cycle(pending.error(), true);
      co_return;
    }
    for (auto& invitation : *pending) {
      if (++since_yield == kDecisionsPerYield) {
        since_yield = 0;
        co_await yield_to_loop();
      }
      if (run.should_stop()) co_return;
      co_await decide_one(run, invitation);
    }
    if (pending->size() < std::size_t(query.limit)) co_return;
    query.after = store::Store::pending_cursor(pending->back());
  }
}

boost::asio::awaitable<void> SyncCycle::decide_one(Run& run, store::Invitation& invitation) {
  const auto& rules = run.config.rules;
  auto facts = to_facts(invitation);
  // Most of a backlog is decided on its summary alone: one pass over the rules says so or asks for the details.
  std::optional<rules::Decision> verdict;
  if (!invitation.details) verdict = rules.evaluate_without_details(facts, clock_.wall_now());
  if (!invitation.details && !verdict) {
    auto details = co_await fetch_invitation(run, invitation.summary.catalog, invitation.summary.id);
    if (!details) {
      spdlog::warn("could not read details of {}: {}", invitation.summary.id, details.error().describe());
      run.fail(details.error());
      co_return;  // undecided: the next cycle tries again
    }
    auto records = to_records(*details);
    invitation.summary = records.summary;
    invitation.details = records.details;
    facts = to_facts(invitation);
  }
  if (!verdict) verdict = rules.evaluate(facts, clock_.wall_now());
  if (verdict->action == rules::Action::ignore) {
    ++run.report.ignored;
    spdlog::debug("{}: ignored ({})", invitation.summary.id, verdict->reason);
    co_return;
  }
  if (verdict->action == rules::Action::review) {
    request_review(run, invitation, *verdict);
    co_return;
  }
  auto latest = store_.latest_decision(invitation.summary.id, run.config.dry_run);
  if (!latest) co_return run.fail_cycle(latest.error(), true);
  const store::NewDecision decision =
      new_decision(*verdict, invitation, run.config.dry_run, run.config.dry_run ? 1 : next_attempt(*latest));
  // Committed before any call: a crash from here on resumes this decision, never a new one.
  auto recorded = store_.record_decision(decision, clock_.wall_now());
  if (!recorded) {
    if (recorded.error().kind == ErrorKind::conflict) co_return;  // another daemon decided it first
    run.fail_cycle(recorded.error(), true);
    co_return;
  }
  ++run.report.counters.invitations_decided;
  spdlog::info("{} {} {}: {}", run.config.dry_run ? "would" : "decided to", store::to_string(decision.action),
               invitation.summary.id, verdict->reason);
  if (run.config.dry_run) {
    ++run.report.dry_run_decisions;
    co_return;
  }
  co_await act(run, *recorded);
}

// A person decides (pcsyncctl accept/reject): recorded once, nothing sent. In dry run nothing is recorded:
// a person could not answer it there anyway.
void SyncCycle::request_review(Run& run, const store::Invitation& invitation, const rules::Decision& verdict) {
  if (run.config.dry_run) {
    spdlog::debug("{}: would be left to a person ({})", invitation.summary.id, verdict.reason);
    return;
  }
  store::Review review{invitation.summary.id, invitation.summary.catalog, verdict.rule, verdict.reason,
                       clock_.wall_now()};
  auto recorded = store_.record_review(review);
  if (!recorded) return run.fail_cycle(recorded.error(), true);
  if (!*recorded) return;  // waiting since an earlier cycle; told once already
  ++run.report.reviews_requested;
  spdlog::info("{} waits for a person ({}): pcsyncctl accept|reject {}", invitation.summary.id, verdict.reason,
               invitation.summary.id);
}

// Carries out a recorded decision exactly as recorded.
boost::asio::awaitable<void> SyncCycle::act(Run& run, const store::Decision& decision) {
  // The one place a write is sent; these guards hold whatever path led here.
  if (run.config.dry_run || decision.dry_run || decision.catalog != run.config.catalog || run.writes_blocked) co_return;
  if (decision.state == store::DecisionState::recorded) {
    if (auto sent = store_.mark_decision_sent(decision.id, clock_.wall_now()); !sent) {
      run.fail_cycle(sent.error(), true);
      co_return;
    }
  }

  std::optional<Error> failure;
  if (decision.action == store::DecisionAction::accept) {
    auto started = co_await client_.send(accept_request(decision));
    // Done only with the task that tracks it: a done decision with no usable task is never retried if it FAILS.
    // The answer may leave its invitation out (it is the one asked for); when it names one, it must be ours.
    std::optional<std::string> problem;
    if (started)
      problem = task_problem(started->task_id, started->engagement_invitation_id,
                             started->engagement_invitation_id ? std::optional<std::string_view>(decision.invitation_id)
                                                               : std::nullopt);
    if (problem) {
      started = make_error(ErrorKind::protocol, "UnexpectedTask",
                           "StartEngagementByAcceptingInvitationTask for " + decision.invitation_id +
                               " answered without a task to track (" + *problem +
                               "); the accept stays sent and is resent with the same ClientToken (report the "
                               "request id to AWS support)");
    }
    if (started) {
      store::Task task = to_record(*started, decision.catalog, decision.invitation_id);
      std::array<store::Task, 1> tasks{task};
      if (auto up = store_.upsert_tasks(tasks, clock_.wall_now()); !up) co_return run.fail_cycle(up.error(), true);
      if (auto done = store_.mark_decision_done(decision.id, task.task_id, clock_.wall_now()); !done)
        co_return run.fail_cycle(done.error(), true);
      ++run.report.accepted;
      spdlog::info("accepted {}: task {} {}", decision.invitation_id, printable(task.task_id, 64),
                   printable(task.task_status, 32));
      co_return;
    }
    failure = started.error();
  } else {
    auto rejected = co_await client_.send(reject_request(decision));
    if (rejected) {
      store::InvitationSummary status_only;
      status_only.id = decision.invitation_id;
      status_only.catalog = decision.catalog;
      status_only.status = "REJECTED";
      std::array<store::InvitationSummary, 1> page{status_only};
      if (auto up = store_.upsert_invitations(page, clock_.wall_now()); !up) co_return run.fail_cycle(up.error(), true);
      if (auto done = store_.mark_decision_done(decision.id, "", clock_.wall_now()); !done)
        co_return run.fail_cycle(done.error(), true);
      ++run.report.rejected;
      spdlog::info("rejected {}", decision.invitation_id);
      co_return;
    }
    failure = rejected.error();
  }
  co_await after_refused_write(run, decision, *failure);
}

boost::asio::awaitable<void> SyncCycle::after_refused_write(Run& run, const store::Decision& decision,
                                                            const Error& failure) {
  if (failure.kind == ErrorKind::validation) {
    // Typically "only PENDING invitations can be ...": a retry after a lost answer meets the state our first
    // attempt created, or someone acted in the console. Mirror the invitation as it is now (so it is not
    // offered for a new decision every cycle) and count a reject that did happen as done.
    auto current = co_await fetch_invitation(run, decision.catalog, decision.invitation_id);
    if (run.aborted) co_return;
    if (current && decision.action == store::DecisionAction::reject && current->status == "REJECTED") {
      ++run.report.rejected;
      spdlog::info("rejected {} (confirmed after: {})", decision.invitation_id, failure.describe());
      if (auto done = store_.mark_decision_done(decision.id, "", clock_.wall_now()); !done)
        run.fail_cycle(done.error(), true);
      co_return;
    }
  }
  run.fail(failure);
  const ErrorOutcome& outcome = outcome_of(failure.kind);
  if (outcome.setup) {
    run.writes_blocked = true;  // the next write would meet the same refusal
    spdlog::error("{} of {} refused ({}); no further accept or reject this cycle: {}",
                  store::to_string(decision.action), decision.invitation_id, failure.describe(),
                  "fix the setup named above; the decision is resent next cycle");
    co_return;
  }
  if (outcome.permanent) {
    spdlog::warn("{} of {} failed: {}", store::to_string(decision.action), decision.invitation_id, failure.describe());
    if (auto failed = store_.mark_decision_failed(decision.id, failure.describe(), clock_.wall_now()); !failed)
      run.fail_cycle(failed.error(), true);
    else
      ++run.report.decisions_failed;
    co_return;
  }
  spdlog::warn("{} of {} not confirmed, will resend with the same token: {}", store::to_string(decision.action),
               decision.invitation_id, failure.describe());
}

// ---- tell ----

// Undecided and review invitations about to expire are announced once each (the store writes the outbox rows).
void SyncCycle::warn_expiring(Run& run) {
  auto warned = store_.warn_expiring(run.config.catalog, clock_.wall_now(), run.config.notify.expiry_warning);
  if (!warned) return run.fail_cycle(warned.error(), true);
  run.report.expiry_warnings = *warned;
  if (*warned > 0) spdlog::info("{} invitation(s) expire within {} s without a decision: announced", *warned,
                                run.config.notify.expiry_warning.count());
}

// ---- track ----

// An accept task that FAILED ends its decision; a passing reason is retried as the next attempt (a new
// ClientToken, so a new task), recorded now and sent by the next cycle's recovery, which checks first that
// the invitation is PENDING again and the rules still want it.
Status SyncCycle::retry_failed_tasks(Run& run, std::span<const store::Task> tasks) {
  for (const auto& t : tasks) {
    if (t.kind != store::TaskKind::accept_invitation || t.task_status != "FAILED") continue;
    auto decision = store_.decision_for_task(t.task_id);
    if (!decision) return decision.error();
    if (!*decision || (*decision)->state != store::DecisionState::done) continue;  // not ours, or handled
    const store::Decision& d = **decision;
    const auto verdict = classify_task_failure(t.reason_code);
    const bool retry = verdict.passing && d.attempt < run.config.max_accept_attempts;
    std::string error = "task " + printable(t.task_id, 64) + " FAILED (" + printable(t.reason_code.empty() ? "-" : t.reason_code, 64) +
                        "): " + verdict.why + "; ";
    if (retry)
      error += "retrying as attempt " + std::to_string(d.attempt + 1) + " of " +
               std::to_string(run.config.max_accept_attempts);
    else if (verdict.passing)
      error += "not retried: all " + std::to_string(run.config.max_accept_attempts) +
               " attempts (max_accept_attempts) are used; accept it in Partner Central if it is still wanted";
    else
      error += "not retried: this reason lasts; fix it, then accept the invitation in Partner Central";
    const WallTime now = clock_.wall_now();
    if (retry) {
      // One transaction: the failure is recorded only together with its retry (a crash between the two would
      // leave the invitation failed for good). On an error the decision stays done and the next reconcile,
      // which lists every task, comes back here.
      auto next = store_.fail_decision_and_retry(d.id, error, retry_of(d), now);
      if (!next && next.error().kind != ErrorKind::conflict) return next.error();
      if (next) ++run.report.retries_recorded;
      spdlog::warn("accept of {}: {}", d.invitation_id, error);
    } else {
      if (auto failed = store_.mark_decision_failed(d.id, error, now); !failed) return failed.error();
      ++run.report.decisions_failed;
      spdlog::error("accept of {}: {}", d.invitation_id, error);
    }
  }
  return Ok{};
}

// One listing of either task kind (filtered by TaskIdentifier, or everything when `ids` is empty), each page
// stored as it comes.
template <class Request>
boost::asio::awaitable<Status> SyncCycle::walk_tasks(Run& run, std::vector<std::string> ids) {
  Request request;
  request.catalog = run.config.catalog;
  request.max_results = kTaskPageSize;
  request.task_identifier = std::move(ids);
  std::vector<store::Task> records;
  auto on_page = [&](typename Request::Response& page) -> Status {
    records.clear();
    for (const auto& s : page.task_summaries) {
      std::optional<std::string> problem;
      if constexpr (requires { s.engagement_invitation_id; })
        problem = task_problem(s.task_id, s.engagement_invitation_id);
      else
        problem = task_problem(s.task_id, std::nullopt);
      if (problem) {
        ++run.report.refused_items;
        spdlog::warn("refused listed task: {}", *problem);
        continue;
      }
      records.push_back(to_record(s, request.catalog));
    }
    return store_task_page(run, records);
  };
  co_return co_await pc::for_each_page(client_, request, on_page, run.stop);
}

// A page of tasks: mirrored; a finished accept task is the service's word that its invitation is now accepted;
// a FAILED one ends its decision (retry_failed_tasks).
Status SyncCycle::store_task_page(Run& run, std::span<const store::Task> batch) {
  auto up = store_.upsert_tasks(batch, clock_.wall_now());
  if (!up) return up.error();
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
  return retry_failed_tasks(run, batch);
}

boost::asio::awaitable<void> SyncCycle::track_tasks(Run& run, bool reconcile) {
  auto unfinished = store_.unfinished_tasks();
  if (!unfinished) {
    run.fail_cycle(unfinished.error(), true);
    co_return;
  }
  std::vector<std::string> accept_ids, opportunity_ids;
  for (const auto& t : *unfinished) {
    if (t.catalog != run.config.catalog) continue;
    (t.kind == store::TaskKind::accept_invitation ? accept_ids : opportunity_ids).push_back(t.task_id);
  }

  auto walk_accept = [&](std::vector<std::string> ids) {
    return walk_tasks<pc::ListEngagementByAcceptingInvitationTasksRequest>(run, std::move(ids));
  };
  auto walk_opportunity = [&](std::vector<std::string> ids) {
    return walk_tasks<pc::ListOpportunityFromEngagementTasksRequest>(run, std::move(ids));
  };

  auto note = [&](const Status& s) {
    if (s) return;
    if (s.error().code.rfind("Store", 0) == 0) return run.fail_cycle(s.error(), true);
    if (s.error().kind == ErrorKind::cancelled && run.stop.stop_requested()) return;
    spdlog::warn("refreshing tasks failed: {}", s.error().describe());
    run.fail(s.error());
  };
  auto in_batches = [&](const std::vector<std::string>& ids, auto& walk) -> boost::asio::awaitable<void> {
    for (std::size_t i = 0; i < ids.size() && !run.should_stop(); i += kTaskIdBatch) {
      std::vector<std::string> batch(ids.begin() + std::ptrdiff_t(i),
                                     ids.begin() + std::ptrdiff_t(std::min(ids.size(), i + kTaskIdBatch)));
      auto s = co_await walk(std::move(batch));
      note(s);
      if (!s) co_return;
    }
  };

  if (reconcile) {
    // The whole history of both kinds, including tasks started outside pcsyncd.
    std::vector<std::string> all;  // no TaskIdentifier filter
    note(co_await walk_accept(all));
    if (!run.should_stop()) note(co_await walk_opportunity(all));
  } else {
    co_await in_batches(accept_ids, walk_accept);
    co_await in_batches(opportunity_ids, walk_opportunity);
  }
}

}  // namespace pcs::sync
