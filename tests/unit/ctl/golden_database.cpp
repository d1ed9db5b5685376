#include "golden_database.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "store/store.hpp"

namespace pcs::test {
namespace {

using namespace std::chrono_literals;
using store::DecisionAction;

WallTime at(const char* iso) { return *parse_iso8601(iso); }

store::InvitationSummary summary(const std::string& n, const std::string& status, const std::string& title,
                                 const std::string& sender, const char* expires) {
  store::InvitationSummary s;
  s.id = "engi-000000000000" + n;
  s.catalog = "AWS";
  s.arn = "arn:aws:partnercentral:us-east-1::catalog/AWS/engagement-invitation/" + s.id;
  s.payload_type = "OpportunityInvitation";
  s.engagement_id = "eng-00000000000" + n;
  s.engagement_title = title;
  s.status = status;
  s.invitation_date = golden_now() - 48h;
  s.expiration_date = at(expires);
  s.sender_aws_account_id = "123456789012";
  s.sender_company_name = sender;
  s.participant_type = "RECEIVER";
  return s;
}

store::NewDecision decision(const std::string& n, DecisionAction action, const std::string& rule, bool dry_run = false) {
  store::NewDecision d;
  d.invitation_id = "engi-000000000000" + n;
  d.catalog = "AWS";
  d.action = action;
  d.rule = rule;
  d.reason = "matched rule " + rule;
  d.dry_run = dry_run;
  if (action == DecisionAction::accept) {
    d.client_token = "pcsyncd-token-" + n + "-1";
    d.tags = std::vector<store::TagRecord>{{"source", "pcsyncd"}};
  } else {
    d.rejection_reason = "Outside our focus area";
  }
  return d;
}

store::Task task(const std::string& id, const std::string& n, const std::string& status, WallTime start) {
  store::Task t;
  t.task_id = id;
  t.kind = store::TaskKind::accept_invitation;
  t.catalog = "AWS";
  t.task_arn = "arn:aws:partnercentral:us-east-1::catalog/AWS/task/" + id;
  t.engagement_invitation_id = "engi-000000000000" + n;
  t.engagement_id = "eng-00000000000" + n;
  t.start_time = start;
  t.task_status = status;
  return t;
}

struct Accepted {
  std::int64_t decision_id = 0;
  store::Task task;  // as the mirror first saw it
};

// Invitation n accepted by us-healthcare at `when`: the decision sent and answered with task-000000000000n,
// which the mirror then sees IN_PROGRESS.
void accept_with_task(store::Store& s, const std::string& n, WallTime when, Accepted& out) {
  auto d = s.record_decision(decision(n, DecisionAction::accept, "us-healthcare"), when);
  ASSERT_TRUE(d);
  out.decision_id = d->id;
  out.task = task("task-000000000000" + n, n, "IN_PROGRESS", when);
  ASSERT_TRUE(s.mark_decision_sent(out.decision_id, when));
  ASSERT_TRUE(s.mark_decision_done(out.decision_id, out.task.task_id, when));
  ASSERT_TRUE(s.upsert_tasks(std::vector{out.task}, when));
}

}  // namespace

WallTime golden_now() { return at("2025-06-02T09:00:00Z"); }

void build_empty_database(const std::string& path) {
  auto store = store::Store::open(path);
  ASSERT_TRUE(store) << store.error().message;
}

void build_golden_database(const std::string& path) {
  const WallTime t0 = golden_now();
  auto opened = store::Store::open(path);
  ASSERT_TRUE(opened) << opened.error().message;
  store::Store& s = *opened;

  // Reloads: one applied, then one refused (the latest, which status shows).
  ASSERT_TRUE(s.record_config_reload({t0 - 40min, true, "poll_interval 5m -> 2m"}));

  // A reconcile cycle that mirrored everything.
  auto run1 = s.begin_sync_run(t0 - 30min);
  ASSERT_TRUE(run1);
  const std::vector<store::InvitationSummary> page{
      summary("1", "PENDING", "Healthcare analytics platform", "Acme Health", "2099-01-01T00:00:00Z"),
      summary("2", "ACCEPTED", "Retail migration to AWS", "Shop Co", "2099-01-01T00:00:00Z"),
      summary("3", "REJECTED", "Example Corp data lake", "Example Corp", "2099-01-01T00:00:00Z"),
      summary("4", "EXPIRED", "Old ERP move", "Legacy Ltd", "2025-01-01T00:00:00Z"),
      summary("5", "PENDING", "Clinic records modernisation", "Care Partners", "2099-01-01T00:00:00Z"),
      summary("6", "PENDING", "Example Labs pilot", "Example Labs", "2099-01-01T00:00:00Z"),
      summary("7", "PENDING", "Hospital imaging archive", "Imaging Inc", "2099-01-01T00:00:00Z"),
      summary("8", "PENDING", "Pharmacy chain analytics", "Rx Group", "2099-01-01T00:00:00Z"),
      // Past its expiry but still PENDING in the listing; its title tries to drive the terminal.
      summary("9", "PENDING", "Evil\x1b[31m red\ntitle", "Prank \x07 Co", "2025-01-01T00:00:00Z"),
  };
  ASSERT_TRUE(s.upsert_invitations(page, t0 - 30min));
  store::InvitationDetails details;
  details.customer_industry = "Healthcare";
  details.customer_company_name = "Acme Hospital";
  details.customer_country_code = "US";
  details.project_title = "Analytics";
  details.project_target_completion_date = "2025-12-31";
  details.expected_spend_usd_monthly = 7500.5;
  details.expected_spend_json =
      R"([{"Amount":"7500.50","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}])";
  details.receiver_responsibilities = {"Software Partner"};
  ASSERT_TRUE(s.set_invitation_details(page[0], details, t0 - 29min));

  // 2: accepted, its task COMPLETE with an opportunity, and the opportunity task the service started.
  Accepted accepted2;
  ASSERT_NO_FATAL_FAILURE(accept_with_task(s, "2", t0 - 29min, accepted2));
  store::Task& t2 = accepted2.task;
  t2.task_status = "COMPLETE";
  t2.opportunity_id = "O1234567";
  t2.resource_snapshot_job_id = "rsj-0000000000002";
  ASSERT_TRUE(s.upsert_tasks(std::vector{t2}, t0 - 20min));
  store::Task opportunity = task("task-0000000000102", "2", "COMPLETE", t0 - 19min);
  opportunity.kind = store::TaskKind::opportunity_from_engagement;
  opportunity.engagement_invitation_id.clear();
  opportunity.context_id = "ctx-0000000000002";
  opportunity.opportunity_id = "O1234567";
  ASSERT_TRUE(s.upsert_tasks(std::vector{opportunity}, t0 - 19min));

  // 3: rejected.
  auto d3 = s.record_decision(decision("3", DecisionAction::reject, "not-our-market"), t0 - 29min);
  ASSERT_TRUE(d3);
  ASSERT_TRUE(s.mark_decision_sent(d3->id, t0 - 29min));
  ASSERT_TRUE(s.mark_decision_done(d3->id, "", t0 - 29min));

  // 5: accepted, the task FAILED for a lasting reason: the decision failed.
  Accepted accepted5;
  ASSERT_NO_FATAL_FAILURE(accept_with_task(s, "5", t0 - 28min, accepted5));
  store::Task failed = accepted5.task;
  failed.task_status = "FAILED";
  failed.reason_code = "OpportunityValidationFailed";
  failed.message = "Customer.WebsiteUrl is not a valid URL";
  ASSERT_TRUE(s.upsert_tasks(std::vector{failed}, t0 - 15min));
  ASSERT_TRUE(s.mark_decision_failed(accepted5.decision_id,
                                     "accept of engi-0000000000005: task task-0000000000005 FAILED "
                                     "(OpportunityValidationFailed): Customer.WebsiteUrl is not a valid URL; not retried",
                                     t0 - 15min));

  // 6: a reject recorded, then abandoned before it was sent (the rule changed).
  auto d6 = s.record_decision(decision("6", DecisionAction::reject, "not-our-market"), t0 - 27min);
  ASSERT_TRUE(d6);
  ASSERT_TRUE(s.mark_decision_abandoned(d6->id, "rule not-our-market no longer decides it: reject is not sent",
                                        t0 - 12min));

  // 7: decided in dry run only.
  ASSERT_TRUE(s.record_decision(decision("7", DecisionAction::accept, "us-healthcare", true), t0 - 27min));

  // 8: accepted, its task still IN_PROGRESS.
  Accepted accepted8;
  ASSERT_NO_FATAL_FAILURE(accept_with_task(s, "8", t0 - 26min, accepted8));
  ASSERT_TRUE(s.finish_sync_run(*run1, store::SyncOutcome::ok, {12, 4, 1, 9, 9, 6}, "", t0 - 25min));

  // Left to a person (default_action: review): 10 and 12 wait (12 expires first), 11 was accepted by a person.
  // Far expiries, like the others: what the binary prints holds at any real now.
  const std::vector<store::InvitationSummary> reviewed{
      summary("10", "PENDING", "Biotech data platform", "Gene Co", "2099-01-05T09:00:00Z"),
      summary("11", "PENDING", "Veterinary clinic CRM", "Pet Care", "2099-01-09T09:00:00Z"),
      summary("12", "PENDING", "Dental imaging pilot", "Smile Ltd", "2099-01-02T14:30:00Z"),
  };
  ASSERT_TRUE(s.upsert_invitations(reviewed, t0 - 24min));
  s.set_notification_targets({{"ops-slack", {}}});  // its review_needed rows: delivered, given up, pending
  for (const auto& r : reviewed)
    ASSERT_TRUE(s.record_review({r.id, "AWS", "default", "no rule matched", t0 - 24min}));
  store::NewDecision by_alice;
  by_alice.invitation_id = reviewed[1].id;
  by_alice.catalog = "AWS";
  by_alice.action = DecisionAction::accept;
  by_alice.rule = "person";
  by_alice.reason = "existing customer";
  by_alice.decided_by = "alice via sudo";
  by_alice.client_token = "pcsyncd-token-11-1";
  by_alice.tags = std::vector<store::TagRecord>{{"source", "alice"}};
  auto d11 = s.record_person_decision(by_alice, t0 - 23min);
  ASSERT_TRUE(d11) << d11.error().message;
  ASSERT_TRUE(s.mark_decision_sent(d11->id, t0 - 23min));
  ASSERT_TRUE(s.mark_decision_done(d11->id, "task-0000000000011", t0 - 23min));
  ASSERT_TRUE(s.notification_delivered(1, t0 - 24min + 1s));
  ASSERT_TRUE(s.notification_attempt_failed(2, "HTTP 503 from https://hooks.slack.com/\u2026", t0 - 23min, t0 - 24min));
  ASSERT_TRUE(s.notification_attempt_failed(2, "HTTP 404 from https://hooks.slack.com/\u2026", std::nullopt, t0 - 23min));
  ASSERT_TRUE(s.notification_attempt_failed(3, "ConnectFailed: connection refused (hooks.slack.com:443)",
                                            t0 + 5min, t0 - 22min));
  s.set_notification_targets({});

  // A quiet cycle, the refused reload, then a cycle that could not list.
  auto run2 = s.begin_sync_run(t0 - 11min);
  ASSERT_TRUE(run2);
  ASSERT_TRUE(s.finish_sync_run(*run2, store::SyncOutcome::ok, {2, 0, 0, 6, 0, 0}, "", t0 - 10min));
  ASSERT_TRUE(s.record_config_reload({t0 - 8min, false, "catalog changed: needs a restart"}));
  auto run3 = s.begin_sync_run(t0 - 5min);
  ASSERT_TRUE(run3);
  ASSERT_TRUE(s.finish_sync_run(*run3, store::SyncOutcome::failed, {3, 0, 0, 0, 0, 0},
                                "listing invitations did not complete: ConnectFailed: connection refused",
                                t0 - 5min + 20s));
}

std::string golden_config(const std::string& database) {
  return "catalog: AWS\n"
         "database: " + database + "\n"
         "poll_interval: 2m\n"
         "rules:\n"
         "  - name: us-healthcare\n"
         "    when:\n"
         "      customer_country: [US, CA]\n"
         "      customer_industry: [Healthcare, Life Sciences]\n"
         "      expected_monthly_spend_usd: {min: 5000}\n"
         "    action: accept\n"
         "    tags: {source: pcsyncd}\n"
         "  - name: not-our-market\n"
         "    when:\n"
         "      sender_company: {regex: \"(?i)^example\"}\n"
         "    action: reject\n"
         "    reason: Outside our focus area\n"
         "default_action: ignore\n";
}

}  // namespace pcs::test
