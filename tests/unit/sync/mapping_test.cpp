// lib/sync/mapping: API types -> mirror records -> rule facts, through a real Store in between, so the round
// trip covers the schema too. SenderContacts (people's names, e-mails, phones) must never reach the database.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/time_format.hpp"
#include "sync/mapping.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pcs::sync {
namespace {

WallTime at(const char* iso) { return *parse_iso8601(iso); }
pc::Timestamp ts(const char* iso) { return pc::Timestamp{parse_iso8601(iso), iso}; }

// The members a listing's summary and GetEngagementInvitation's answer share.
template <class Invitation>
Invitation with_shared_members(Invitation g) {
  g.id = "engi-0000000000001";
  g.catalog = "Sandbox";
  g.arn = "arn:aws:partnercentral:us-east-1:aws:catalog/Sandbox/engagement-invitation/engi-0000000000001";
  g.payload_type = "OpportunityInvitation";
  g.engagement_id = "eng-00000000000001";
  g.engagement_title = "Octank Health EHR Analytics";
  g.status = "PENDING";
  g.invitation_date = ts("2025-03-01T10:00:00.123Z");
  g.expiration_date = ts("2025-03-16T10:00:00Z");
  g.sender_aws_account_id = "123456789012";
  g.sender_company_name = "Example Corp";
  g.receiver = pc::Receiver{pc::AccountReceiver{"acme", "210987654321"}};
  return g;
}

pc::GetEngagementInvitationResponse full_invitation() {
  auto g = with_shared_members(pc::GetEngagementInvitationResponse{});
  g.invitation_message = "Please help";
  g.engagement_description = "Co-sell";
  pc::OpportunityInvitationPayload p;
  p.sender_contacts.push_back(pc::SenderContact{"mary.major@example.com", "Mary", "Majorova", "PDM", "+12065550142"});
  p.receiver_responsibilities = {"Services Partner"};
  p.customer = pc::EngagementCustomer{"Healthcare", "Octank Health", "https://octank.example.com", "US"};
  p.project.title = "EHR Analytics";
  p.project.business_problem = "Reports take days";
  p.project.target_completion_date = "2025-09-30";
  p.project.expected_customer_spend = {
      pc::ExpectedCustomerSpend{"4000.50", "USD", "Monthly", "AWS", std::nullopt},
      pc::ExpectedCustomerSpend{"2000", "USD", "Monthly", "AWS", std::nullopt},
      pc::ExpectedCustomerSpend{"999999", "USD", "Annual", "AWS", std::nullopt},  // not monthly: not summed
  };
  g.payload = pc::Payload{p};
  return g;
}

TEST(Mapping, SummaryToRecordKeepsEveryMember) {
  auto s = with_shared_members(pc::EngagementInvitationSummary{});
  s.receiver = pc::Receiver{pc::AccountReceiver{std::nullopt, "210987654321"}};
  s.participant_type = "RECEIVER";
  auto r = to_record(s);
  EXPECT_EQ(r.id, "engi-0000000000001");
  EXPECT_EQ(r.catalog, "Sandbox");
  EXPECT_EQ(r.arn, "arn:aws:partnercentral:us-east-1:aws:catalog/Sandbox/engagement-invitation/engi-0000000000001");
  EXPECT_EQ(r.payload_type, "OpportunityInvitation");
  EXPECT_EQ(r.engagement_id, "eng-00000000000001");
  EXPECT_EQ(r.engagement_title, "Octank Health EHR Analytics");
  EXPECT_EQ(r.status, "PENDING");
  EXPECT_EQ(r.invitation_date, at("2025-03-01T10:00:00.123Z"));
  EXPECT_EQ(r.expiration_date, at("2025-03-16T10:00:00Z"));
  EXPECT_EQ(r.sender_aws_account_id, "123456789012");
  EXPECT_EQ(r.sender_company_name, "Example Corp");
  EXPECT_EQ(r.receiver_alias, "");
  EXPECT_EQ(r.receiver_aws_account_id, "210987654321");
  EXPECT_EQ(r.participant_type, "RECEIVER");

  pc::EngagementInvitationSummary bare;  // only the required members
  bare.id = "engi-0000000000003";
  bare.catalog = "AWS";
  auto b = to_record(bare);
  EXPECT_TRUE(b.status.empty());
  EXPECT_FALSE(b.expiration_date.has_value());
}

TEST(Mapping, DetailsSumMonthlyUsdSpendAndKeepTheListAsReceived) {
  auto records = to_records(full_invitation());
  const auto& d = records.details;
  ASSERT_TRUE(d.expected_spend_usd_monthly.has_value());
  EXPECT_DOUBLE_EQ(*d.expected_spend_usd_monthly, 6000.5);
  EXPECT_NE(d.expected_spend_json.find("\"999999\""), std::string::npos);
  EXPECT_NE(d.expected_spend_json.find("\"Annual\""), std::string::npos);
  EXPECT_EQ(d.customer_industry, "Healthcare");
  EXPECT_EQ(d.customer_country_code, "US");
  EXPECT_EQ(d.project_target_completion_date, "2025-09-30");
  EXPECT_EQ(d.receiver_responsibilities, std::vector<std::string>{"Services Partner"});
  EXPECT_EQ(records.summary.receiver_alias, "acme");

  auto no_payload = full_invitation();
  no_payload.payload.reset();
  EXPECT_FALSE(to_records(no_payload).details.expected_spend_usd_monthly.has_value());
}

TEST(Mapping, ApiToStoreToFactsRoundTripsAndNeverStoresSenderContacts) {
  pcs::test::TempDir dir;
  const auto path = (dir.path() / "mapping.db").string();
  const WallTime now = at("2025-03-02T00:00:00Z");
  {
    auto store = store::Store::open(path);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    auto records = to_records(full_invitation());
    ASSERT_TRUE(store->set_invitation_details(records.summary, records.details, now).ok());
    auto stored = store->invitation("engi-0000000000001");
    ASSERT_TRUE(stored.ok() && *stored);
    auto facts = to_facts(**stored);
    EXPECT_EQ(facts.id, "engi-0000000000001");
    EXPECT_EQ(facts.status, "PENDING");
    EXPECT_EQ(facts.expiration_date, at("2025-03-16T10:00:00Z"));
    EXPECT_EQ(facts.sender_company, "Example Corp");
    EXPECT_EQ(facts.sender_account, "123456789012");
    EXPECT_EQ(facts.customer_country, "US");
    EXPECT_EQ(facts.customer_industry, "Healthcare");
    EXPECT_EQ(facts.customer_company, "Octank Health");
    EXPECT_EQ(facts.project_title, "EHR Analytics");
    EXPECT_EQ(facts.target_completion_date, "2025-09-30");
    ASSERT_TRUE(facts.expected_customer_spend.has_value());
    ASSERT_EQ(facts.expected_customer_spend->size(), 3u);
    EXPECT_EQ((*facts.expected_customer_spend)[0].amount, "4000.50");
    EXPECT_EQ((*facts.expected_customer_spend)[2].frequency, "Annual");
    // The facts the rules see sum to what the mirror stored.
    EXPECT_EQ(rules::monthly_usd_spend(*facts.expected_customer_spend), 6000.5);
    ASSERT_TRUE(facts.receiver_responsibilities.has_value());
    EXPECT_EQ(facts.receiver_responsibilities->at(0), "Services Partner");
  }
  // Every text cell of every table: none holds a contact's name, e-mail, phone or job title.
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  int cells = 0;
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\"");
    while (rows.executeStep())
      for (int c = 0; c < rows.getColumnCount(); ++c) {
        const std::string cell = rows.getColumn(c).getString();
        ++cells;
        for (const char* secret : {"mary.major@example.com", "Majorova", "+12065550142", "PDM"})
          EXPECT_EQ(cell.find(secret), std::string::npos) << table << "." << rows.getColumnName(c) << " holds " << secret;
      }
  }
  EXPECT_GT(cells, 10);
}

TEST(Mapping, FactsFromASummaryOnlyRowLeaveDetailsUnknown) {
  store::Invitation inv;
  inv.summary.id = "engi-0000000000004";
  inv.summary.status = "PENDING";
  inv.summary.sender_company_name = "Octank";
  auto f = to_facts(inv);
  EXPECT_EQ(f.sender_company, "Octank");
  EXPECT_FALSE(f.title.has_value()) << "empty means unknown, not the empty string";
  EXPECT_FALSE(f.customer_country.has_value());
  EXPECT_FALSE(f.expected_customer_spend.has_value());
}

TEST(Mapping, TasksFromEachOperation) {
  pc::StartEngagementByAcceptingInvitationTaskResponse started;
  started.task_id = "task-1";
  started.task_arn = "arn:task-1";
  started.start_time = ts("2025-03-02T00:00:01Z");
  started.task_status = "IN_PROGRESS";
  auto a = to_record(started, "Sandbox", "engi-0000000000001");
  EXPECT_EQ(a.kind, store::TaskKind::accept_invitation);
  EXPECT_EQ(a.engagement_invitation_id, "engi-0000000000001") << "falls back to the invitation we accepted";
  EXPECT_EQ(a.catalog, "Sandbox");
  EXPECT_EQ(a.start_time, at("2025-03-02T00:00:01Z"));
  started.engagement_invitation_id = "engi-from-service";
  EXPECT_EQ(to_record(started, "Sandbox", "engi-0000000000001").engagement_invitation_id, "engi-from-service");

  pc::EngagementByAcceptingInvitationTaskSummary failed;
  failed.task_id = "task-2";
  failed.task_status = "FAILED";
  failed.reason_code = "EngagementConflict";
  failed.message = "retry later";
  failed.engagement_invitation_id = "engi-0000000000002";
  auto f = to_record(failed, "AWS");
  EXPECT_EQ(f.reason_code, "EngagementConflict");
  EXPECT_EQ(f.message, "retry later");
  EXPECT_TRUE(f.opportunity_id.empty());
  EXPECT_EQ(f.engagement_invitation_id, "engi-0000000000002");

  pc::OpportunityFromEngagementTaskSummary op;
  op.task_id = "task-3";
  op.task_status = "COMPLETE";
  op.opportunity_id = "O1234567890";
  op.resource_snapshot_job_id = "job-1";
  op.engagement_id = "eng-1";
  op.context_id = "1";
  auto o = to_record(op, "AWS");
  EXPECT_EQ(o.kind, store::TaskKind::opportunity_from_engagement);
  EXPECT_EQ(o.opportunity_id, "O1234567890");
  EXPECT_EQ(o.resource_snapshot_job_id, "job-1");
  EXPECT_EQ(o.engagement_id, "eng-1");
  EXPECT_EQ(o.context_id, "1");
  EXPECT_TRUE(o.engagement_invitation_id.empty());
}

}  // namespace
}  // namespace pcs::sync
