#include "sync/decision_request.hpp"

#include <gtest/gtest.h>

#include "partnercentral/enum_values.hpp"
#include "sync/client_token.hpp"
#include "sync/task_failure.hpp"

namespace pcs::sync {
namespace {

store::Invitation invitation(const std::string& id, const std::string& catalog = "Sandbox") {
  store::Invitation i;
  i.summary.id = id;
  i.summary.catalog = catalog;
  i.summary.status = "PENDING";
  return i;
}

TEST(DecisionRequest, AnAcceptRecordsTheRulesTagsAndTheTokenOfItsAttempt) {
  rules::Decision verdict;
  verdict.action = rules::Action::accept;
  verdict.rule = "us-healthcare";
  verdict.reason = "matched rule us-healthcare: ...";
  verdict.tags = {{"source", "pcsyncd"}};
  const auto d = new_decision(verdict, invitation("engi-1"), false, 2);
  EXPECT_EQ(d.catalog, "Sandbox");
  EXPECT_EQ(d.action, store::DecisionAction::accept);
  EXPECT_EQ(d.attempt, 2);
  EXPECT_EQ(d.client_token, make_client_token("Sandbox", "engi-1", 2));
  EXPECT_EQ(d.tags, (std::vector<store::TagRecord>{{"source", "pcsyncd"}}));
  EXPECT_FALSE(d.rejection_reason);
}

// Which operation carries which member is decided here, not in the store: an accept always has its token and a
// Tags list (empty when the rule has none), a reject neither, only its RejectionReason.
TEST(DecisionRequest, EachActionCarriesOnlyItsOperationsMembers) {
  rules::Decision accept;
  accept.action = rules::Action::accept;
  accept.rejection_reason = "never sent with an accept";
  const auto a = new_decision(accept, invitation("engi-1"), false, 1);
  EXPECT_EQ(a.client_token, make_client_token("Sandbox", "engi-1", 1));
  ASSERT_TRUE(a.tags);
  EXPECT_TRUE(a.tags->empty());
  EXPECT_FALSE(a.rejection_reason);

  rules::Decision reject;
  reject.action = rules::Action::reject;
  reject.rejection_reason = "Outside our focus area";
  reject.tags = {{"never", "sent with a reject"}};
  const auto r = new_decision(reject, invitation("engi-2"), false, 1);
  EXPECT_TRUE(r.client_token.empty());
  EXPECT_FALSE(r.tags);
  EXPECT_EQ(r.rejection_reason, "Outside our focus area");

  store::Decision failed_reject;
  failed_reject.invitation_id = "engi-2";
  failed_reject.catalog = "Sandbox";
  failed_reject.action = store::DecisionAction::reject;
  failed_reject.rejection_reason = "Outside our focus area";
  const auto retry = retry_of(failed_reject);
  EXPECT_TRUE(retry.client_token.empty());
  EXPECT_FALSE(retry.tags);
  EXPECT_EQ(retry.rejection_reason, "Outside our focus area");
}

TEST(DecisionRequest, TheRequestIsBuiltFromTheRecordAlone) {
  store::Decision d;
  d.invitation_id = "engi-1";
  d.catalog = "AWS";
  d.action = store::DecisionAction::accept;
  d.client_token = "tok";
  d.tags = {{"k", "v"}};
  const auto a = accept_request(d);
  EXPECT_EQ(a.catalog, "AWS");
  EXPECT_EQ(a.identifier, "engi-1");
  EXPECT_EQ(a.client_token, "tok");
  ASSERT_EQ(a.tags.size(), 1u);
  EXPECT_EQ(a.tags[0].key, "k");
  d.action = store::DecisionAction::reject;
  d.rejection_reason = "Outside our focus area";
  EXPECT_EQ(reject_request(d).rejection_reason, "Outside our focus area");
  d.rejection_reason.reset();
  EXPECT_FALSE(reject_request(d).rejection_reason);
}

TEST(DecisionRequest, TheNextAttemptKeepsTheTokenAfterAbandonmentAndMovesOnAfterFailure) {
  EXPECT_EQ(next_attempt(std::nullopt), 1);
  store::Decision latest;
  latest.attempt = 2;
  latest.state = store::DecisionState::abandoned;
  EXPECT_EQ(next_attempt(latest), 2);
  latest.state = store::DecisionState::failed;
  EXPECT_EQ(next_attempt(latest), 3);

  latest.invitation_id = "engi-9";
  latest.catalog = "AWS";
  latest.rule = "r";
  latest.action = store::DecisionAction::accept;
  latest.tags = {{"a", "b"}};
  const auto retry = retry_of(latest);
  EXPECT_EQ(retry.attempt, 3);
  EXPECT_EQ(retry.client_token, make_client_token("AWS", "engi-9", 3));
  EXPECT_EQ(retry.tags, latest.tags);
  EXPECT_EQ(retry.rule, "r");
}

TEST(TaskFailure, PassingReasonsAreRetriedLastingAndUnknownOnesAreNot) {
  for (const char* passing : {"InternalError", "RequestThrottled", "EngagementConflict", "OpportunitySubmissionFailed"})
    EXPECT_TRUE(classify_task_failure(passing).passing) << passing;
  for (const char* lasting : {"InvitationAccessDenied", "EngagementValidationFailed", "EngagementInvitationConflict",
                              "SomethingNew", ""})
    EXPECT_FALSE(classify_task_failure(lasting).passing) << lasting;
  EXPECT_NE(classify_task_failure("InvitationAccessDenied").why.find("IAM"), std::string::npos);
  for (std::string_view code : pc::kReasonCodeValues)
    EXPECT_EQ(classify_task_failure(code).why.find("not one pcsyncd knows"), std::string::npos)
        << code << ": every ReasonCode of the model has a verdict";
}

}  // namespace
}  // namespace pcs::sync

namespace pcs::sync {
namespace {

// A person's decision takes the same request members and ClientToken derivation as a rule's, with who and why.
TEST(DecisionRequest, APersonsDecisionCarriesWhoWhyAndTheSameToken) {
  PersonVerdict accept{store::DecisionAction::accept, "alice via sudo", "strategic customer", {{"source", "alice"}}};
  const auto a = person_decision(accept, invitation("engi-1"), 1);
  EXPECT_EQ(a.decided_by, "alice via sudo");
  EXPECT_EQ(a.rule, "person");
  EXPECT_EQ(a.reason, "strategic customer");
  EXPECT_EQ(a.client_token, make_client_token("Sandbox", "engi-1", 1));
  EXPECT_EQ(a.tags, (std::vector<store::TagRecord>{{"source", "alice"}}));
  EXPECT_FALSE(a.rejection_reason) << "an accept never sends a RejectionReason";

  PersonVerdict reject{store::DecisionAction::reject, "bob", "Not our region", {}};
  const auto r = person_decision(reject, invitation("engi-2"), 1);
  EXPECT_EQ(r.rejection_reason, "Not our region");
  EXPECT_TRUE(r.client_token.empty());
  EXPECT_FALSE(r.tags);

  // Its retry after a FAILED task stays the person's.
  store::Decision failed;
  failed.rule = a.rule;
  failed.decided_by = a.decided_by;
  EXPECT_EQ(retry_of(failed).decided_by, "alice via sudo");
}

}  // namespace
}  // namespace pcs::sync
