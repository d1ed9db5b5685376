#include "sync/task_failure.hpp"

#include <array>

namespace pcs::sync {
namespace {

struct Reason {
  std::string_view code;
  bool passing;
  std::string_view why;
};

// The model's ReasonCode values.
constexpr std::array<Reason, 19> kReasons{{
    {"InternalError", true, "a service-side error"},
    {"RequestThrottled", true, "the service throttled the task's own calls"},
    {"ServiceQuotaExceeded", true, "a service quota was reached; it may free up"},
    {"EngagementConflict", true, "the engagement was being changed at the same time"},
    {"OpportunityConflict", true, "the opportunity was being changed at the same time"},
    {"ResourceSnapshotConflict", true, "the resource snapshot was being changed at the same time"},
    {"ResourceSnapshotJobConflict", true, "the snapshot job was being changed at the same time"},
    {"OpportunitySubmissionFailed", true, "submitting the opportunity failed"},
    {"InvitationAccessDenied", false, "the role may not accept this invitation: check the IAM policy"},
    {"EngagementAccessDenied", false, "the role may not join the engagement: check the IAM policy"},
    {"OpportunityAccessDenied", false, "the role may not create the opportunity: check the IAM policy"},
    {"ResourceSnapshotJobAccessDenied", false, "the role may not run snapshot jobs: check the IAM policy"},
    {"ResourceSnapshotAccessDenied", false, "the role may not create snapshots: check the IAM policy"},
    {"InvitationValidationFailed", false, "the service refuses the invitation as it is"},
    {"EngagementValidationFailed", false, "the service refuses the engagement as it is"},
    {"OpportunityValidationFailed", false, "the service refuses the opportunity as it is"},
    {"ResourceSnapshotValidationFailed", false, "the service refuses the resource snapshot as it is"},
    {"ResourceSnapshotJobValidationFailed", false, "the service refuses the snapshot job as it is"},
    {"EngagementInvitationConflict", false, "the invitation was answered elsewhere"},
}};

}  // namespace

TaskFailureVerdict classify_task_failure(std::string_view reason_code) {
  for (const auto& r : kReasons)
    if (r.code == reason_code) return {r.passing, std::string(r.why)};
  return {false, reason_code.empty() ? std::string("the task gave no ReasonCode")
                                     : "ReasonCode " + std::string(reason_code) + " is not one pcsyncd knows"};
}

}  // namespace pcs::sync
