#include "sync/recovery_check.hpp"

#include "sync/mapping.hpp"

namespace pcs::sync {

StillWanted still_wanted(const store::Decision& d, const std::optional<store::Invitation>& mirrored,
                         const config::DaemonConfig& config, WallTime now) {
  auto no = [](std::string why) { return StillWanted{false, std::move(why)}; };
  if (config.dry_run) return no("dry run is on: nothing is sent");
  if (d.catalog != config.catalog) return no("the configured catalog is now " + config.catalog + ", not " + d.catalog);
  if (!d.request_known)
    return no("recorded by a pcsyncd older than schema 3, which did not store the Tags or RejectionReason to send");
  if (!mirrored) return no("the invitation is no longer in the local database");
  const auto& s = mirrored->summary;
  if (s.status != "PENDING") return no("the invitation is now " + (s.status.empty() ? std::string("of unknown status") : s.status));
  if (s.expiration_date && *s.expiration_date <= now) return no("the invitation expired before the decision was carried out");
  // A person's decision overrides the rules: they are not asked again.
  if (!d.decided_by.empty()) return {true, {}};

  const rules::Decision verdict = config.rules.evaluate(to_facts(*mirrored), now);
  const bool same_action =
      (verdict.action == rules::Action::accept && d.action == store::DecisionAction::accept) ||
      (verdict.action == rules::Action::reject && d.action == store::DecisionAction::reject);
  if (verdict.action == rules::Action::ignore)
    return no("the current rules no longer decide it (" + verdict.reason + ")");
  if (!same_action || verdict.rule != d.rule)
    return no("the current rules decide " + std::string(verdict.action == rules::Action::accept ? "accept" : "reject") +
              " by rule " + verdict.rule + " instead of " + std::string(to_string(d.action)) + " by rule " + d.rule);
  return {true, {}};
}

AppliedCheck service_shows_applied(const store::Decision& d, const pc::GetEngagementInvitationResponse& now,
                                   const std::optional<pc::EngagementByAcceptingInvitationTaskSummary>& live_task) {
  const std::string status = now.status.value_or("");
  if (d.action == store::DecisionAction::reject) return {status == "REJECTED", {}};
  if (!live_task || !live_task->task_id) return {};
  const std::string task_status = live_task->task_status.value_or("");
  if (task_status != "IN_PROGRESS" && task_status != "COMPLETE") return {};
  // The invitation shows ACCEPTED from the task's start; PENDING with a live task is the service catching up.
  if (status != "ACCEPTED" && status != "PENDING") return {};
  return {true, *live_task->task_id};
}

}  // namespace pcs::sync
