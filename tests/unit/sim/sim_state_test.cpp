#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "core/time_format.hpp"
#include "rules/text_pattern.hpp"
#include "sim/sim_state.hpp"

namespace pcs::sim {
namespace {
namespace json = boost::json;

// Whether the whole of `text` matches `pattern`: RE2 through the rules' wrapper, as everywhere else in the
// project (std::regex backtracks).
bool full_match(std::string_view text, std::string_view pattern) {
  auto compiled = rules::TextPattern::regex("^(?:" + std::string(pattern) + ")$");
  return compiled.ok() && compiled->matches(text);
}
using namespace std::chrono_literals;

const WallTime kStart = *parse_iso8601("2025-03-01T00:00:00Z");

Scenario small(std::uint32_t count = 30, double arrivals_per_hour = 0, std::uint32_t arrivals = 0) {
  auto s = parse_scenario("seed: 5\ncatalog: Sandbox\n", "t.yaml");
  Scenario sc = s.value();
  sc.invitations.count = count;
  sc.invitations.arrivals_per_hour = arrivals_per_hour;
  sc.invitations.arrivals_max = arrivals;
  sc.tasks.duration_seconds = 60;
  return sc;
}

json::object list_req(std::string order = "DESCENDING", int max = 7) {
  return json::object{{"Catalog", "Sandbox"},
                      {"ParticipantType", "RECEIVER"},
                      {"MaxResults", max},
                      {"Sort", json::object{{"SortOrder", order}, {"SortBy", "InvitationDate"}}}};
}

std::vector<std::string> ids_of(const Outcome& o) {
  std::vector<std::string> out;
  for (const auto& s : o.body.at("EngagementInvitationSummaries").as_array())
    out.emplace_back(s.at("Id").as_string());
  return out;
}

std::string next_token(const Outcome& o) {
  auto* t = o.body.if_contains("NextToken");
  return t ? std::string(t->as_string()) : std::string();
}

TEST(SimState, GeneratedSummariesRespectTheModelConstraints) {
  SimState st(small(), kStart);
  auto out = st.list_invitations(list_req("DESCENDING", 30), kStart);
  ASSERT_TRUE(out.ok());
  auto items = out.body.at("EngagementInvitationSummaries").as_array();
  ASSERT_EQ(items.size(), 30u);
  std::string previous;
  for (const auto& v : items) {
    const auto& o = v.as_object();
    EXPECT_TRUE(full_match(o.at("Id").as_string(), "engi-[0-9a-z]{13}"));
    EXPECT_TRUE(full_match(o.at("EngagementId").as_string(), "eng-[0-9a-z]{14}"));
    EXPECT_TRUE(full_match(o.at("Arn").as_string(),
                           "arn:aws:partnercentral:us-east-1:aws:catalog/Sandbox/engagement-invitation/engi-[0-9a-z]{13}"));
    EXPECT_TRUE(full_match(o.at("SenderAwsAccountId").as_string(), "[0-9]{12}"));
    auto title = o.at("EngagementTitle").as_string();
    EXPECT_GE(title.size(), 1u);
    EXPECT_LE(title.size(), 40u);
    EXPECT_EQ(o.at("PayloadType"), "OpportunityInvitation");
    EXPECT_EQ(o.at("ParticipantType"), "RECEIVER");
    EXPECT_EQ(o.at("Receiver").at("Account").at("AwsAccountId"), "111122223333");
    auto date = parse_iso8601(o.at("InvitationDate").as_string());
    auto expires = parse_iso8601(o.at("ExpirationDate").as_string());
    ASSERT_TRUE(date && expires);
    EXPECT_LT(*date, *expires);
    EXPECT_LE(*date, kStart);
    std::string d(o.at("InvitationDate").as_string());
    if (!previous.empty()) {
      EXPECT_LT(d, previous);  // DESCENDING by InvitationDate
    }
    previous = d;
  }
}

TEST(SimState, GetReturnsADetailedPayloadInsideTheModel) {
  SimState st(small(), kStart);
  const auto id = st.invitation_id(3);
  auto out = st.get_invitation(json::object{{"Catalog", "Sandbox"}, {"Identifier", id}}, kStart);
  ASSERT_TRUE(out.ok());
  const auto& p = out.body.at("Payload").at("OpportunityInvitation");
  auto problem = p.at("Project").at("BusinessProblem").as_string();
  EXPECT_GE(problem.size(), 20u);
  EXPECT_LE(problem.size(), 255u);
  EXPECT_TRUE(full_match(p.at("Project").at("TargetCompletionDate").as_string(),
                         "[1-9][0-9]{3}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])"));
  const auto& spend = p.at("Project").at("ExpectedCustomerSpend").as_array().at(0);
  EXPECT_TRUE(full_match(spend.at("Amount").as_string(), "[0-9]+\\.00"));
  EXPECT_EQ(spend.at("CurrencyCode"), "USD");
  EXPECT_EQ(spend.at("Frequency"), "Monthly");
  EXPECT_TRUE(full_match(p.at("SenderContacts").as_array().at(0).at("Phone").as_string(), "\\+[1-9][0-9]{1,14}"));
  EXPECT_FALSE(p.at("Customer").at("CompanyName").as_string().empty());
  // An ARN works as the identifier too.
  auto by_arn = st.get_invitation(json::object{{"Catalog", "Sandbox"}, {"Identifier", out.body.at("Arn")}}, kStart);
  ASSERT_TRUE(by_arn.ok());
  EXPECT_EQ(by_arn.body.at("Id").as_string(), id);
  // Unknown ids and other catalogs are not found.
  auto missing = st.get_invitation(json::object{{"Catalog", "Sandbox"}, {"Identifier", "engi-0000000000000"}}, kStart);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error->type, "ResourceNotFoundException");
  EXPECT_EQ(missing.error->status, 404);
  auto other = st.get_invitation(json::object{{"Catalog", "AWS"}, {"Identifier", id}}, kStart);
  EXPECT_FALSE(other.ok());
}

TEST(SimState, ProfilesGiveAKnownSubset) {
  auto sc = small(2000);
  sc.invitations.profiles.clear();
  auto& a = sc.invitations.profiles.emplace_back();
  a.name = "us-healthcare"; a.weight = 30; a.industries = {"Healthcare"}; a.countries = {"US"}; a.spend_min = 5000; a.spend_max = 9000;
  auto& b = sc.invitations.profiles.emplace_back();
  b.name = "other"; b.weight = 70; b.industries = {"Retail"}; b.countries = {"DE"}; b.spend_min = 1; b.spend_max = 4999;
  SimState st(sc, kStart);
  int hc = 0;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    auto f = st.facts(i);
    if (f.profile == "us-healthcare") {
      ++hc;
      EXPECT_EQ(f.industry, "Healthcare");
      EXPECT_GE(f.monthly_spend, 5000);
    } else {
      EXPECT_LT(f.monthly_spend, 5000);
    }
  }
  EXPECT_GT(hc, 480);  // 30% of 2000 = 600, give or take
  EXPECT_LT(hc, 720);
}

TEST(SimState, PagingDescendingWhileInvitationsArriveNeitherSkipsNorRepeats) {
  SimState st(small(25, 60, 100), kStart);  // one arrival per sim minute
  std::vector<std::string> seen;
  auto req = list_req("DESCENDING", 4);
  WallTime now = kStart;
  const auto visible_at_start = st.visible_invitations(now);
  std::set<std::string> expected;
  for (std::uint32_t i = 0; i < visible_at_start; ++i) expected.insert(st.invitation_id(i));
  for (int pages = 0; pages < 100; ++pages) {
    auto out = st.list_invitations(req, now);
    ASSERT_TRUE(out.ok()) << out.error->message;
    for (auto& id : ids_of(out)) seen.push_back(id);
    auto token = next_token(out);
    if (token.empty()) break;
    req["NextToken"] = token;
    now += 3min;  // three arrivals between pages
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "an invitation was repeated";
  for (const auto& id : expected) EXPECT_TRUE(unique.count(id)) << id << " was skipped";
  EXPECT_GT(st.visible_invitations(now), visible_at_start);  // arrivals really happened meanwhile
}

TEST(SimState, PagingAscendingShowsArrivalsAtTheEnd) {
  SimState st(small(10, 60, 100), kStart);  // one arrival per sim minute
  auto req = list_req("ASCENDING", 4);
  WallTime now = kStart;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 20; ++pages) {
    auto out = st.list_invitations(req, now);
    ASSERT_TRUE(out.ok());
    for (auto& id : ids_of(out)) seen.push_back(id);
    auto token = next_token(out);
    if (token.empty()) break;
    req["NextToken"] = token;
    if (pages == 0) now += 10min;  // about ten arrivals after the first page
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
  EXPECT_GE(st.visible_invitations(now), 18u);
  ASSERT_EQ(seen.size(), st.visible_invitations(now));  // everything, arrivals included, exactly once
  EXPECT_EQ(seen.front(), st.invitation_id(0));
  EXPECT_EQ(seen.back(), st.invitation_id(st.visible_invitations(now) - 1));  // the newest arrival comes last
}

TEST(SimState, TokensAreTiedToTheirFilters) {
  SimState st(small(), kStart);
  auto out = st.list_invitations(list_req(), kStart);
  auto token = next_token(out);
  ASSERT_FALSE(token.empty());
  auto other = list_req();
  other["Status"] = json::array{"PENDING"};
  other["NextToken"] = token;
  auto bad = st.list_invitations(other, kStart);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error->type, "ValidationException");
  EXPECT_EQ(bad.error->extra.at("ErrorList").as_array().at(0).at("FieldName"), "NextToken");
  auto garbled = list_req();
  garbled["NextToken"] = token.substr(0, token.size() - 1) + (token.back() == '0' ? "1" : "0");
  EXPECT_FALSE(st.list_invitations(garbled, kStart).ok());
  // Changing only MaxResults is allowed.
  auto bigger = list_req("DESCENDING", 50);
  bigger["NextToken"] = token;
  EXPECT_TRUE(st.list_invitations(bigger, kStart).ok());
}

TEST(SimState, FiltersByStatusSenderAndEngagement) {
  SimState st(small(40), kStart);
  auto f = st.facts(5);
  auto req = list_req("DESCENDING", 100);
  req["SenderAwsAccountId"] = json::array{f.sender_account};
  auto by_sender = st.list_invitations(req, kStart);
  ASSERT_TRUE(by_sender.ok());
  auto ids = ids_of(by_sender);
  EXPECT_NE(std::find(ids.begin(), ids.end(), f.id), ids.end());
  for (const auto& s : by_sender.body.at("EngagementInvitationSummaries").as_array())
    EXPECT_EQ(s.at("SenderAwsAccountId").as_string(), f.sender_account);

  auto by_engagement = list_req("DESCENDING", 100);
  by_engagement["EngagementIdentifier"] = json::array{f.engagement_id};
  auto one = st.list_invitations(by_engagement, kStart);
  ASSERT_EQ(ids_of(one), std::vector<std::string>{f.id});

  ASSERT_TRUE(st.reject_invitation(json::object{{"Catalog", "Sandbox"}, {"Identifier", f.id}, {"RejectionReason", "No capacity"}}, kStart).ok());
  auto rejected = list_req("DESCENDING", 100);
  rejected["Status"] = json::array{"REJECTED"};
  auto r = st.list_invitations(rejected, kStart);
  auto rids = ids_of(r);
  EXPECT_NE(std::find(rids.begin(), rids.end(), f.id), rids.end());
  for (const auto& s : r.body.at("EngagementInvitationSummaries").as_array()) EXPECT_EQ(s.at("Status"), "REJECTED");

  auto sender_side = list_req();
  sender_side["ParticipantType"] = "SENDER";
  EXPECT_TRUE(ids_of(st.list_invitations(sender_side, kStart)).empty());
  auto other_catalog = list_req();
  other_catalog["Catalog"] = "AWS";
  EXPECT_TRUE(ids_of(st.list_invitations(other_catalog, kStart)).empty());
}

std::uint32_t first_pending(const SimState& st, WallTime now) {
  for (std::uint32_t i = st.visible_invitations(now); i-- > 0;)
    if (st.status_of(i, now) == InvitationStatus::pending) return i;
  ADD_FAILURE() << "no pending invitation";
  return 0;
}

json::object accept(const std::string& id, const std::string& token) {
  return json::object{{"Catalog", "Sandbox"}, {"Identifier", id}, {"ClientToken", token}};
}

TEST(SimState, AcceptIsIdempotentPerClientTokenAndConflictsOtherwise) {
  SimState st(small(), kStart);
  const auto i = first_pending(st, kStart);
  const auto id = st.invitation_id(i);
  auto first = st.start_accept_task(accept(id, "token-1"), kStart);
  ASSERT_TRUE(first.ok()) << first.error->message;
  EXPECT_EQ(first.body.at("TaskStatus"), "IN_PROGRESS");
  EXPECT_EQ(first.body.at("EngagementInvitationId").as_string(), id);
  EXPECT_TRUE(full_match(first.body.at("TaskId").as_string(), "task-[0-9a-z]{13}"));
  EXPECT_EQ(st.status_of(i, kStart), InvitationStatus::accepted);  // from the moment the task starts

  auto again = st.start_accept_task(accept(id, "token-1"), kStart + 1s);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.body.at("TaskId"), first.body.at("TaskId"));
  EXPECT_EQ(st.task_count(), 1u);

  auto other_token = st.start_accept_task(accept(id, "token-2"), kStart + 2s);
  ASSERT_FALSE(other_token.ok());
  EXPECT_EQ(other_token.error->type, "ConflictException");
  EXPECT_EQ(other_token.error->status, 409);

  const auto j = first_pending(st, kStart);
  auto reused = st.start_accept_task(accept(st.invitation_id(j), "token-1"), kStart + 3s);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error->type, "ConflictException");

  const auto& a = st.accounting().at(i);
  EXPECT_EQ(a.accept_calls, 3u);
  EXPECT_EQ(a.client_tokens.size(), 2u);
  EXPECT_EQ(a.tasks_created, 1u);
}

TEST(SimState, AcceptingANonPendingOrUnknownInvitationFails) {
  SimState st(small(), kStart);
  const auto i = first_pending(st, kStart);
  ASSERT_TRUE(st.reject_invitation(json::object{{"Catalog", "Sandbox"}, {"Identifier", st.invitation_id(i)}}, kStart).ok());
  auto out = st.start_accept_task(accept(st.invitation_id(i), "t"), kStart);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error->type, "ValidationException");
  EXPECT_EQ(out.error->extra.at("Reason"), "BUSINESS_VALIDATION_FAILED");
  EXPECT_EQ(out.error->extra.at("ErrorList").as_array().at(0).at("Code"), "INVALID_RESOURCE_STATE");
  auto again = st.reject_invitation(json::object{{"Catalog", "Sandbox"}, {"Identifier", st.invitation_id(i)}}, kStart);
  EXPECT_FALSE(again.ok());
  auto unknown = st.start_accept_task(accept("engi-zzzzzzzzzzzz0", "t2"), kStart);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error->type, "ResourceNotFoundException");
}

TEST(SimState, InvitationsExpireOnTheSimClock) {
  auto sc = small(5);
  sc.invitations.status_mix = {{"PENDING", 1}};
  sc.invitations.spread_days = 1;
  sc.invitations.expiry_days = 2;
  SimState st(sc, kStart);
  EXPECT_EQ(st.status_of(4, kStart), InvitationStatus::pending);
  EXPECT_EQ(st.status_of(4, kStart + std::chrono::hours(49)), InvitationStatus::expired);
  auto out = st.start_accept_task(accept(st.invitation_id(4), "late"), kStart + std::chrono::hours(49));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error->extra.at("ErrorList").as_array().at(0).at("Code"), "INVALID_RESOURCE_STATE");
}

TEST(SimState, TasksCompleteAfterTheConfiguredDuration) {
  SimState st(small(), kStart);
  const auto id = st.invitation_id(first_pending(st, kStart));
  auto started = st.start_accept_task(accept(id, "c1"), kStart);
  ASSERT_TRUE(started.ok());
  json::object list{{"Catalog", "Sandbox"}};
  auto during = st.list_accept_tasks(list, kStart + 59s);
  ASSERT_EQ(during.body.at("TaskSummaries").as_array().size(), 1u);
  EXPECT_EQ(during.body.at("TaskSummaries").as_array()[0].at("TaskStatus"), "IN_PROGRESS");
  auto after = st.list_accept_tasks(list, kStart + 60s);
  const auto& t = after.body.at("TaskSummaries").as_array()[0].as_object();
  EXPECT_EQ(t.at("TaskStatus"), "COMPLETE");
  EXPECT_TRUE(full_match(t.at("OpportunityId").as_string(), "O[0-9]{1,19}"));
  EXPECT_TRUE(full_match(t.at("ResourceSnapshotJobId").as_string(), "job-[0-9a-z]{13}"));
  // Same answer from the idempotent replay.
  auto replay = st.start_accept_task(accept(id, "c1"), kStart + 61s);
  EXPECT_EQ(replay.body.at("TaskStatus"), "COMPLETE");
}

TEST(SimState, FailedTasksCarryAReasonAndGiveTheInvitationBack) {
  auto sc = small();
  sc.tasks.failure_ratio = 1;
  SimState st(sc, kStart);
  const auto i = first_pending(st, kStart);
  const auto id = st.invitation_id(i);
  ASSERT_TRUE(st.start_accept_task(accept(id, "f1"), kStart).ok());
  auto done = st.start_accept_task(accept(id, "f1"), kStart + 2min);
  EXPECT_EQ(done.body.at("TaskStatus"), "FAILED");
  EXPECT_FALSE(done.body.at("ReasonCode").as_string().empty());
  EXPECT_FALSE(done.body.at("Message").as_string().empty());
  EXPECT_EQ(st.status_of(i, kStart + 2min), InvitationStatus::pending);
  auto retry = st.start_accept_task(accept(id, "f2"), kStart + 3min);
  ASSERT_TRUE(retry.ok());
  EXPECT_NE(retry.body.at("TaskId"), done.body.at("TaskId"));
}

TEST(SimState, TaskListsFilterSortAndPage) {
  SimState st(small(40), kStart);
  WallTime now = kStart;
  std::vector<std::string> invitation_ids;
  for (int k = 0; k < 5; ++k) {
    const auto id = st.invitation_id(first_pending(st, now));
    invitation_ids.push_back(id);
    ASSERT_TRUE(st.start_accept_task(accept(id, "k" + std::to_string(k)), now).ok());
    now += 30s;
  }
  json::object req{{"Catalog", "Sandbox"}, {"MaxResults", 2}, {"Sort", json::object{{"SortOrder", "ASCENDING"}, {"SortBy", "StartTime"}}}};
  std::vector<std::string> order;
  for (int p = 0; p < 5; ++p) {
    auto out = st.list_accept_tasks(req, now);
    ASSERT_TRUE(out.ok());
    for (const auto& t : out.body.at("TaskSummaries").as_array()) order.emplace_back(t.at("EngagementInvitationId").as_string());
    auto token = next_token(out);
    if (token.empty()) break;
    req["NextToken"] = token;
  }
  EXPECT_EQ(order, invitation_ids);
  json::object by_status{{"Catalog", "Sandbox"}, {"TaskStatus", json::array{"IN_PROGRESS"}}};
  // Tasks last 60 s and started at 0, 30, ... 120 s; at `now` (150 s) only the one from 120 s still runs.
  auto running = st.list_accept_tasks(by_status, now).body.at("TaskSummaries").as_array();
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].at("EngagementInvitationId").as_string(), invitation_ids[4]);
  json::object by_invitation{{"Catalog", "Sandbox"}, {"EngagementInvitationIdentifier", json::array{invitation_ids[2]}}};
  auto one = st.list_accept_tasks(by_invitation, now);
  ASSERT_EQ(one.body.at("TaskSummaries").as_array().size(), 1u);
}

TEST(SimState, OpportunityTasksAreSeededAndFilterable) {
  auto sc = small(20);
  sc.tasks.opportunity_tasks = 12;
  SimState st(sc, kStart);
  json::object req{{"Catalog", "Sandbox"}, {"MaxResults", 5}};
  std::set<std::string> ids;
  for (int p = 0; p < 5; ++p) {
    auto out = st.list_opportunity_tasks(req, kStart);
    ASSERT_TRUE(out.ok());
    for (const auto& t : out.body.at("TaskSummaries").as_array()) {
      ids.emplace(t.at("TaskId").as_string());
      EXPECT_TRUE(t.as_object().contains("EngagementId"));
      EXPECT_TRUE(t.as_object().contains("ContextId"));
    }
    auto token = next_token(out);
    if (token.empty()) break;
    req["NextToken"] = token;
  }
  EXPECT_EQ(ids.size(), 12u);
  json::object complete{{"Catalog", "Sandbox"}, {"TaskStatus", json::array{"COMPLETE"}}};
  auto completed = st.list_opportunity_tasks(complete, kStart);
  ASSERT_FALSE(completed.body.at("TaskSummaries").as_array().empty());
  for (const auto& t : completed.body.at("TaskSummaries").as_array()) EXPECT_EQ(t.at("TaskStatus"), "COMPLETE");
}

TEST(SimState, HundredThousandInvitationsAreCheapToGenerateAndPage) {
  auto sc = small(100'000);
  SimState st(sc, kStart);
  EXPECT_EQ(st.visible_invitations(kStart), 100'000u);
  auto req = list_req("DESCENDING", 100);
  std::size_t total = 0;
  for (int p = 0; p < 30; ++p) {
    auto out = st.list_invitations(req, kStart);
    total += ids_of(out).size();
    req["NextToken"] = next_token(out);
  }
  EXPECT_EQ(total, 3000u);
  EXPECT_EQ(st.find_invitation(st.invitation_id(99'999)), 99'999u);
}

}  // namespace
}  // namespace pcs::sim
