#pragma once
// One sync cycle: recover interrupted decisions, list invitations, decide, act, track tasks, record the run.
// See docs/design.md. Never throws; every failure ends up in the run record or on its decision.
//
// The cycle runs on one configuration snapshot from start to end (a reload takes effect at the next cycle),
// and everything it sends is built from what the store recorded, never from the configuration.

#include <boost/asio/awaitable.hpp>
#include <stop_token>
#include <string>

#include "config/daemon_config.hpp"
#include "core/clock.hpp"
#include "store/store.hpp"
#include "sync/cycle_report.hpp"
#include "sync/governed_client.hpp"
#include "sync/listing_memo.hpp"

namespace pcs::sync {

struct CycleOptions {
  // List every status (not only PENDING) and every opportunity-from-engagement task.
  bool reconcile = false;
  // Only carry out recorded decisions (recovery): no listing, no new decision, no task walk. Run when a
  // person's decision was committed, so it is sent within seconds instead of at the next poll.
  bool decisions_only = false;
  // With decisions_only: only this decision (pcsyncctl --now); 0 for every unfinished one.
  std::int64_t only_decision = 0;
};

class SyncCycle {
 public:
  SyncCycle(GovernedClient& client, store::Store& store, const Clock& clock)
      : client_(client), store_(store), clock_(clock) {}

  // `config` must stay alive until the returned awaitable completes.
  boost::asio::awaitable<CycleReport> run(CycleOptions options, const config::DaemonConfig& config,
                                          std::stop_token stop = {});

  // The report of the cycle running now, as far as it got (null between cycles): the metrics read its
  // decisions as they happen instead of a second count. Its call figures are filled only at the end; the
  // governor's counts are live.
  const CycleReport* running() const { return running_; }

 private:
  struct Run;
  boost::asio::awaitable<void> recover(Run& run, std::int64_t only_decision);
  boost::asio::awaitable<void> recover_one(Run& run, const store::Decision& decision);
  boost::asio::awaitable<void> list_invitations(Run& run, bool reconcile);
  boost::asio::awaitable<void> decide_and_act(Run& run);
  boost::asio::awaitable<void> decide_one(Run& run, store::Invitation& invitation);
  void request_review(Run& run, const store::Invitation& invitation, const rules::Decision& verdict);
  boost::asio::awaitable<void> act(Run& run, const store::Decision& decision);
  boost::asio::awaitable<void> after_refused_write(Run& run, const store::Decision& decision, const Error& failure);
  boost::asio::awaitable<void> track_tasks(Run& run, bool reconcile);
  void warn_expiring(Run& run);
  template <class Request>
  boost::asio::awaitable<Status> walk_tasks(Run& run, std::vector<std::string> ids);
  Status store_task_page(Run& run, std::span<const store::Task> batch);
  Status retry_failed_tasks(Run& run, std::span<const store::Task> tasks);
  boost::asio::awaitable<Result<pc::GetEngagementInvitationResponse>> fetch_invitation(Run& run,
                                                                                     const std::string& catalog,
                                                                                     const std::string& id);

  GovernedClient& client_;
  store::Store& store_;
  const Clock& clock_;
  const CycleReport* running_ = nullptr;
  // The last listing of each scope, page by page: a page with the same bytes again is not parsed or written.
  ListingMemo memo_all_;
  ListingMemo memo_pending_;
  std::string memo_catalog_;
};

}  // namespace pcs::sync
