#include "sim/sim_state.hpp"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <unordered_set>

#include "core/time_format.hpp"
#include "partnercentral/enum_values.hpp"
#include "sim/ids.hpp"
#include "sim/page_token.hpp"

namespace pcs::sim {
namespace json = boost::json;
namespace {

using std::chrono::milliseconds;

enum Stream : std::uint64_t { kFacts = 1, kDates = 2, kStatus = 3, kTaskFate = 4, kOpTasks = 5, kKeys = 6 };

std::int64_t to_ms(WallTime t) { return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count(); }
WallTime from_ms(std::int64_t ms) { return WallTime{std::chrono::duration_cast<WallTime::duration>(milliseconds{ms})}; }
std::string iso(std::int64_t ms) { return format_iso8601(from_ms(ms), true); }

constexpr std::int64_t kDayMs = 86'400'000;

const std::array<const char*, 12> kFirstNames = {"Mary", "John", "Nikki", "Carlos", "Wang", "Jane",
                                                 "Paulo", "Saanvi", "Diego", "Akua", "Li", "Martha"};
const std::array<const char*, 12> kLastNames = {"Major", "Stiles", "Wolf", "Salazar", "Xiulan", "Doe",
                                                "Santos", "Sarkar", "Ramirez", "Mansa", "Juan", "Rivera"};
const std::array<const char*, 10> kCustomerStems = {"AnyCompany", "Octank", "Example", "Whole Widgets", "Northwind",
                                                    "Tailspin", "Fabrikam", "Contoso", "Wingtip", "Alpine"};
const std::array<const char*, 8> kCustomerSuffixes = {"Health", "Retail", "Bank", "Labs", "Logistics",
                                                      "Media", "Energy", "Foods"};
const std::array<const char*, 10> kWorkloads = {"Data Lake Migration", "SAP on AWS", "Contact Center Rebuild",
                                                "GenAI Assistant", "EHR Analytics", "Mainframe Exit",
                                                "Cost Optimization", "Windows Migration", "IoT Telemetry",
                                                "Security Review"};
struct Failure {
  const char* reason;
  const char* message;
};
const std::array<Failure, 4> kFailures = {{
    {"EngagementValidationFailed", "The engagement could not be validated; review the invitation and try again."},
    {"OpportunitySubmissionFailed", "The opportunity could not be submitted; retry with a new ClientToken."},
    {"InternalError", "An internal error occurred while accepting the invitation; retry later."},
    {"EngagementConflict", "The engagement was modified while the task ran; retry later."},
}};

std::string slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string str(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The members of a string list filter, or nothing when the filter is absent.
std::optional<std::unordered_set<std::string>> string_set(const json::object& o, std::string_view key,
                                                          bool strip = false) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_array()) return std::nullopt;
  std::unordered_set<std::string> out;
  for (const auto& e : v->get_array())
    if (e.is_string()) out.emplace(strip ? strip_arn(e.get_string()) : std::string_view(e.get_string()));
  return out;
}

bool descending(const json::object& request) {
  auto* sort = request.if_contains("Sort");
  if (!sort || !sort->is_object()) return true;  // default: newest first (see README)
  return str(sort->get_object(), "SortOrder") != "ASCENDING";
}

std::uint32_t max_results(const json::object& request, std::uint32_t fallback) {
  auto* v = request.if_contains("MaxResults");
  if (v && v->is_int64() && v->get_int64() > 0) return static_cast<std::uint32_t>(v->get_int64());
  return fallback;
}

ApiError validation(const std::string& reason, const std::string& message, const std::string& field,
                    const std::string& code) {
  ApiError e{400, "ValidationException", message, {}};
  e.extra["Reason"] = reason;
  json::array list;
  list.push_back(json::object{{"FieldName", field}, {"Message", message}, {"Code", code}});
  e.extra["ErrorList"] = std::move(list);
  return e;
}

ApiError bad_token() {
  return validation("REQUEST_VALIDATION_FAILED",
                    "The NextToken is not valid for this request; start again without NextToken using the same "
                    "filters and sort.",
                    "NextToken", "INVALID_VALUE");
}

// Walks indices [0, end) in the requested order from after the cursor, collecting up to max matches; tells
// whether at least one more match exists (so NextToken is only given when there is something more).
template <class Match>
std::pair<std::vector<std::uint32_t>, bool> page(std::uint32_t end, bool desc, std::optional<std::uint32_t> after,
                                                 std::uint32_t max, Match&& match) {
  std::vector<std::uint32_t> out;
  std::int64_t i = desc ? (after ? std::int64_t(*after) - 1 : std::int64_t(end) - 1) : (after ? std::int64_t(*after) + 1 : 0);
  std::int64_t step = desc ? -1 : 1;
  for (; i >= 0 && i < std::int64_t(end); i += step) {
    if (!match(static_cast<std::uint32_t>(i))) continue;
    if (out.size() == max) return {std::move(out), true};
    out.push_back(static_cast<std::uint32_t>(i));
  }
  return {std::move(out), false};
}

}  // namespace

const char* to_string(InvitationStatus s) {
  switch (s) {
    case InvitationStatus::pending: return "PENDING";
    case InvitationStatus::accepted: return "ACCEPTED";
    case InvitationStatus::rejected: return "REJECTED";
    case InvitationStatus::expired: return "EXPIRED";
  }
  return "PENDING";
}

SimState::SimState(const Scenario& scenario, WallTime start) : scenario_(scenario) {
  Rng keys(derive_seed(scenario.seed, kKeys, 0));
  key_invitation_ = keys.next();
  key_engagement_ = keys.next();
  key_task_ = keys.next();
  key_job_ = keys.next();
  key_optask_ = keys.next();

  const auto& inv = scenario.invitations;
  const std::int64_t start_ms = to_ms(start);
  const std::int64_t expiry_ms = std::max<std::int64_t>(1, std::int64_t(inv.expiry_days * kDayMs));
  const std::uint64_t total = std::uint64_t(inv.count) + inv.arrivals_max;
  invitations_.reserve(total);

  double mix_total = 0;
  for (auto& [k, w] : inv.status_mix) mix_total += w;
  auto pick_status = [&](Rng& r) {
    double x = r.unit() * mix_total;
    for (auto& [k, w] : inv.status_mix) {
      if (x < w) {
        if (k == "ACCEPTED") return InvitationStatus::accepted;
        if (k == "REJECTED") return InvitationStatus::rejected;
        if (k == "EXPIRED") return InvitationStatus::expired;
        return InvitationStatus::pending;
      }
      x -= w;
    }
    return InvitationStatus::pending;
  };

  // Initial invitations: one per slot across the spread window, jittered inside the slot so dates strictly
  // increase with the index.
  const std::int64_t spread_ms = std::max<std::int64_t>(std::int64_t(inv.spread_days * kDayMs), std::int64_t(inv.count) * 2 + 2);
  const double slot = double(spread_ms) / std::max<double>(1, inv.count);
  for (std::uint32_t i = 0; i < inv.count; ++i) {
    Rng r(derive_seed(scenario.seed, kDates, i));
    std::int64_t date = start_ms - spread_ms + std::int64_t(slot * i + r.unit() * slot * 0.5);
    InvitationStatus s = pick_status(r);
    std::int64_t expires = date + expiry_ms;
    if (s == InvitationStatus::expired) expires = date + std::max<std::int64_t>(1, std::min(expiry_ms, (start_ms - date) / 2));
    invitations_.push_back({date, expires, s});
  }
  if (inv.arrivals_per_hour > 0) {
    const double interval = 3'600'000.0 / inv.arrivals_per_hour;
    for (std::uint32_t j = 0; j < inv.arrivals_max; ++j) {
      Rng r(derive_seed(scenario.seed, kDates, inv.count + j));
      std::int64_t date = start_ms + std::int64_t(interval * (j + 1) + r.unit() * interval * 0.5);
      invitations_.push_back({date, date + expiry_ms, InvitationStatus::pending});
    }
  }

  // Opportunity-from-engagement tasks: seeded history, one per hour before start.
  const auto n = scenario.tasks.opportunity_tasks;
  for (std::uint32_t i = 0; i < n && !invitations_.empty(); ++i) {
    Rng r(derive_seed(scenario.seed, kOpTasks, i));
    double x = r.unit();
    std::uint8_t status = x < 0.7 ? 1 : x < 0.85 ? 2 : 0;
    opportunity_tasks_.push_back({start_ms - std::int64_t(n - i) * 3'600'000, status,
                                  static_cast<std::uint32_t>(r.below(std::max<std::uint32_t>(1, inv.count ? inv.count : 1)))});
  }
}

std::uint32_t SimState::visible_invitations(WallTime now) const {
  const std::int64_t now_ms = to_ms(now);
  auto it = std::upper_bound(invitations_.begin(), invitations_.end(), now_ms,
                             [](std::int64_t t, const Invitation& i) { return t < i.date_ms; });
  return static_cast<std::uint32_t>(it - invitations_.begin());
}

std::string SimState::invitation_id(std::uint32_t index) const {
  return encode_id("engi-", scramble(index, key_invitation_), 13);
}

std::optional<std::uint32_t> SimState::find_invitation(std::string_view id_or_arn) const {
  auto v = decode_id(strip_arn(id_or_arn), "engi-", 13);
  if (!v) return std::nullopt;
  std::uint64_t index = unscramble(*v, key_invitation_);
  if (index >= invitations_.size()) return std::nullopt;
  return static_cast<std::uint32_t>(index);
}

InvitationFacts SimState::facts(std::uint32_t index) const {
  const auto& inv = scenario_.invitations;
  Rng r(derive_seed(scenario_.seed, kFacts, index));
  InvitationFacts f;
  f.index = index;
  f.id = invitation_id(index);
  f.engagement_id = encode_id("eng-", scramble(index, key_engagement_), 14);
  double total = 0;
  for (const auto& p : inv.profiles) total += p.weight;
  double x = r.unit() * total;
  const InvitationProfile* profile = &inv.profiles.back();
  for (const auto& p : inv.profiles) {
    if (x < p.weight) { profile = &p; break; }
    x -= p.weight;
  }
  f.profile = profile->name;
  f.industry = profile->industries[r.below(profile->industries.size())];
  f.country = profile->countries[r.below(profile->countries.size())];
  f.monthly_spend = r.between(profile->spend_min, profile->spend_max);
  const auto& senders = profile->sender_companies.empty() ? inv.sender_companies : profile->sender_companies;
  f.sender_company = senders[r.below(senders.size())];
  // The same company always sends from the same account, as in life.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : f.sender_company) h = (h ^ c) * 1099511628211ULL;
  char account[16];
  std::snprintf(account, sizeof account, "%012llu", static_cast<unsigned long long>(100'000'000'000ULL + h % 899'999'999'999ULL));
  f.sender_account = account;
  f.customer_company = std::string(kCustomerStems[r.below(kCustomerStems.size())]) + " " +
                       kCustomerSuffixes[r.below(kCustomerSuffixes.size())];
  std::string title = f.customer_company + " " + kWorkloads[r.below(kWorkloads.size())];
  if (title.size() > 40) title.resize(40);
  while (!title.empty() && title.back() == ' ') title.pop_back();
  f.title = title;
  return f;
}

InvitationStatus SimState::status_of(std::uint32_t index, WallTime now) const {
  const auto& i = invitations_[index];
  if (i.initial != InvitationStatus::pending) return i.initial;
  if (rejections_.count(index)) return InvitationStatus::rejected;
  const std::int64_t now_ms = to_ms(now);
  if (auto t = latest_task_.find(index); t != latest_task_.end()) {
    // ACCEPTED from the moment the accept task starts; a FAILED task gives the invitation back (see README).
    if (task_state(tasks_[t->second], now_ms) != TaskState::failed) return InvitationStatus::accepted;
  }
  return now_ms >= i.expires_ms ? InvitationStatus::expired : InvitationStatus::pending;
}

json::object SimState::summary_json(std::uint32_t index, std::int64_t now_ms) const {
  const auto f = facts(index);
  const auto& i = invitations_[index];
  json::object o;
  o["Arn"] = "arn:aws:partnercentral:us-east-1:aws:catalog/" + scenario_.catalog + "/engagement-invitation/" + f.id;
  o["PayloadType"] = "OpportunityInvitation";
  o["Id"] = f.id;
  o["EngagementId"] = f.engagement_id;
  o["EngagementTitle"] = f.title;
  o["Status"] = to_string(status_of(index, from_ms(now_ms)));
  o["InvitationDate"] = iso(i.date_ms);
  o["ExpirationDate"] = iso(i.expires_ms);
  o["SenderAwsAccountId"] = f.sender_account;
  o["SenderCompanyName"] = f.sender_company;
  o["Receiver"] = json::object{{"Account", json::object{{"AwsAccountId", scenario_.receiver_account_id}}}};
  o["Catalog"] = scenario_.catalog;
  o["ParticipantType"] = "RECEIVER";
  return o;
}

std::optional<ApiError> SimState::check_catalog_and_find(const json::object& request, WallTime now,
                                                         std::uint32_t& index) const {
  const std::string id = str(request, "Identifier");
  auto found = find_invitation(id);
  if (!found || str(request, "Catalog") != scenario_.catalog || invitations_[*found].date_ms > to_ms(now))
    return ApiError{404, "ResourceNotFoundException",
                    "Engagement invitation " + std::string(strip_arn(id)) + " was not found in catalog " +
                        str(request, "Catalog") + "; check the Identifier and Catalog.",
                    {}};
  index = *found;
  return std::nullopt;
}

namespace {

// One page of a listing as the request asks for it: its sort, its filters' hash, its page size and the index
// after which to continue (none for the first page). A token minted for another list, sort or filters is
// refused, as the service does.
struct PageRequest {
  char list = 'I';
  std::uint64_t key = 0;
  bool desc = true;
  std::uint64_t hash = 0;
  std::optional<std::uint32_t> after;
  std::uint32_t max = 0;

  // Of the first `count` items, the next page that `match` keeps, each as `row` makes it, into body[member], and
  // the NextToken when more follow.
  template <class Match, class Row>
  void fill(json::object& body, const char* member, std::uint32_t count, Match&& match, Row&& row) const {
    json::array items;
    auto [indices, more] = page(count, desc, after, max, match);
    for (auto i : indices) items.push_back(row(i));
    if (more) body["NextToken"] = encode_page_token({list, desc, indices.back(), hash}, key);
    body[member] = std::move(items);
  }
};

std::optional<ApiError> page_request(const json::object& request, char list, std::uint64_t key,
                                     std::uint32_t default_max, PageRequest& out) {
  out.list = list;
  out.key = key;
  out.desc = descending(request);
  out.hash = filter_hash(request);
  out.max = max_results(request, default_max);
  if (auto token = str(request, "NextToken"); !token.empty()) {
    auto c = decode_page_token(token, key);
    if (!c || c->list != list || c->descending != out.desc || c->filter_hash != out.hash) return bad_token();
    out.after = c->last;
  }
  return std::nullopt;
}

}  // namespace

Outcome SimState::list_invitations(const json::object& request, WallTime now) const {
  PageRequest page;
  if (auto bad = page_request(request, 'I', scenario_.seed, 20, page)) return {{}, *bad};
  auto payload = string_set(request, "PayloadType");
  const bool has_data = str(request, "Catalog") == scenario_.catalog && str(request, "ParticipantType") == "RECEIVER" &&
                        (!payload || payload->count("OpportunityInvitation"));
  auto statuses = string_set(request, "Status");
  auto engagements = string_set(request, "EngagementIdentifier", true);
  auto senders = string_set(request, "SenderAwsAccountId");
  auto match = [&](std::uint32_t i) {
    if (statuses && !statuses->count(to_string(status_of(i, now)))) return false;
    if (engagements && !engagements->count(encode_id("eng-", scramble(i, key_engagement_), 14))) return false;
    if (senders && !senders->count(facts(i).sender_account)) return false;
    return true;
  };
  const std::int64_t now_ms = to_ms(now);
  json::object body;
  page.fill(body, "EngagementInvitationSummaries", has_data ? visible_invitations(now) : 0, match,
            [&](std::uint32_t i) { return summary_json(i, now_ms); });
  return {std::move(body), std::nullopt};
}

Outcome SimState::get_invitation(const json::object& request, WallTime now) const {
  std::uint32_t index = 0;
  if (auto e = check_catalog_and_find(request, now, index)) return {{}, std::move(e)};
  const std::int64_t now_ms = to_ms(now);
  json::object o = summary_json(index, now_ms);
  o.erase("ParticipantType");  // not a member of GetEngagementInvitation's output
  const auto f = facts(index);
  Rng r(derive_seed(scenario_.seed, kFacts + 100, index));
  if (auto it = rejections_.find(index); it != rejections_.end() && !it->second.empty())
    o["RejectionReason"] = it->second;

  const std::string first = kFirstNames[r.below(kFirstNames.size())];
  const std::string last = kLastNames[r.below(kLastNames.size())];
  const std::string domain = slug(f.sender_company) + ".example.com";
  char phone[24];
  std::snprintf(phone, sizeof phone, "+1206555%04u", static_cast<unsigned>(r.below(10000)));
  json::object contact{{"Email", slug(first) + "." + slug(last) + "@" + domain},
                       {"FirstName", first},
                       {"LastName", last},
                       {"BusinessTitle", "Partner Development Manager"},
                       {"Phone", phone}};
  const std::string workload = f.title.substr(std::min(f.title.size(), f.customer_company.size() + 1));
  char amount[32];
  std::snprintf(amount, sizeof amount, "%lld.00", static_cast<long long>(f.monthly_spend));
  const auto target = from_ms(invitations_[index].date_ms + std::int64_t(r.between(90, 365)) * kDayMs);
  std::string problem = f.customer_company + " needs help with " + (workload.empty() ? "a migration" : workload) +
                        ": the current platform cannot keep up with demand and costs too much to run.";
  if (problem.size() > 255) problem.resize(255);
  json::object project{{"Title", workload.empty() ? f.title : workload},
                       {"BusinessProblem", problem},
                       {"TargetCompletionDate", format_iso8601(target).substr(0, 10)},
                       {"ExpectedCustomerSpend", json::array{json::object{{"Amount", amount},
                                                                          {"CurrencyCode", "USD"},
                                                                          {"Frequency", "Monthly"},
                                                                          {"TargetCompany", "AWS"}}}}};
  json::object customer{{"Industry", f.industry},
                        {"CompanyName", f.customer_company},
                        {"WebsiteUrl", "https://www." + slug(f.customer_company) + ".example.com"},
                        {"CountryCode", f.country}};
  json::object invitation{{"SenderContacts", json::array{contact}},
                          {"ReceiverResponsibilities", json::array{pc::kReceiverResponsibilityValues[r.below(
                                                                   std::size(pc::kReceiverResponsibilityValues))]}},
                          {"Customer", std::move(customer)},
                          {"Project", std::move(project)}};
  o["Payload"] = json::object{{"OpportunityInvitation", std::move(invitation)}};
  o["InvitationMessage"] = "Hello from " + f.sender_company + ": we would like your help on " + f.title + ".";
  o["EngagementDescription"] = "Co-sell engagement for " + f.customer_company + " (" + f.industry + ").";
  o["ExistingMembers"] = json::array{json::object{{"CompanyName", f.sender_company}, {"WebsiteUrl", "https://" + domain}}};
  return {std::move(o), std::nullopt};
}

SimState::TaskState SimState::task_state(const AcceptTask& t, std::int64_t now_ms) const {
  if (now_ms < t.finish_ms) return TaskState::in_progress;
  return t.fails ? TaskState::failed : TaskState::complete;
}

std::string SimState::task_id(std::uint32_t task_index) const {
  return encode_id("task-", scramble(task_index, key_task_), 13);
}

std::string SimState::opportunity_task_id(std::uint32_t i) const {
  return encode_id("task-", scramble(i, key_optask_), 13);
}

json::object SimState::task_json(std::uint32_t task_index, std::int64_t now_ms, bool list_shape) const {
  (void)list_shape;
  const auto& t = tasks_[task_index];
  json::object o;
  const std::string id = task_id(task_index);
  o["TaskId"] = id;
  o["TaskArn"] = "arn:aws:partnercentral:us-east-1:aws:catalog/" + scenario_.catalog +
                 "/engagement-by-accepting-invitation-task/" + id;
  o["StartTime"] = iso(t.start_ms);
  const auto state = task_state(t, now_ms);
  o["TaskStatus"] = state == TaskState::in_progress ? "IN_PROGRESS" : state == TaskState::complete ? "COMPLETE" : "FAILED";
  if (state == TaskState::complete) {
    o["OpportunityId"] = "O" + std::to_string(1'000'000'000ULL + scramble(task_index, key_job_) % 8'999'999'999ULL);
    o["ResourceSnapshotJobId"] = encode_id("job-", scramble(task_index + 0x9000'0000ULL, key_job_), 13);
  } else if (state == TaskState::failed) {
    const auto& f = kFailures[scramble(task_index, key_task_) % kFailures.size()];
    o["ReasonCode"] = f.reason;
    o["Message"] = f.message;
  }
  o["EngagementInvitationId"] = invitation_id(t.invitation);
  return o;
}

Outcome SimState::start_accept_task(const json::object& request, WallTime now) {
  std::uint32_t index = 0;
  if (auto e = check_catalog_and_find(request, now, index)) return {{}, std::move(e)};
  const std::string token = str(request, "ClientToken");
  const std::int64_t now_ms = to_ms(now);
  auto& acct = accounting_[index];
  ++acct.accept_calls;
  acct.client_tokens.insert(token);

  if (auto it = tasks_by_token_.find(token); it != tasks_by_token_.end()) {
    if (tasks_[it->second].invitation == index) return {task_json(it->second, now_ms, false), std::nullopt};
    return {{}, ApiError{409, "ConflictException",
                         "ClientToken " + token + " was already used for another invitation; use a new ClientToken.",
                         {}}};
  }
  if (auto t = latest_task_.find(index); t != latest_task_.end()) {
    if (task_state(tasks_[t->second], now_ms) != TaskState::failed)
      return {{}, ApiError{409, "ConflictException",
                           "Invitation " + invitation_id(index) + " already has accept task " + task_id(t->second) +
                               " started with another ClientToken; list its tasks instead of starting a new one.",
                           {}}};
  }
  if (auto s = status_of(index, now); s != InvitationStatus::pending)
    return {{}, validation("BUSINESS_VALIDATION_FAILED",
                           "Invitation " + invitation_id(index) + " is " + to_string(s) +
                               "; only PENDING invitations can be accepted.",
                           "Identifier", "INVALID_RESOURCE_STATE")};

  const auto task_index = static_cast<std::uint32_t>(tasks_.size());
  Rng fate(derive_seed(scenario_.seed, kTaskFate, task_index));
  const auto duration_ms = std::int64_t(scenario_.tasks.duration_seconds * 1000);
  tasks_.push_back({index, now_ms, now_ms + duration_ms, fate.chance(scenario_.tasks.failure_ratio), token});
  tasks_by_token_[token] = task_index;
  latest_task_[index] = task_index;
  ++acct.tasks_created;
  return {task_json(task_index, now_ms, false), std::nullopt};
}

Outcome SimState::reject_invitation(const json::object& request, WallTime now) {
  std::uint32_t index = 0;
  if (auto e = check_catalog_and_find(request, now, index)) return {{}, std::move(e)};
  ++accounting_[index].reject_calls;
  if (auto s = status_of(index, now); s != InvitationStatus::pending)
    return {{}, validation("BUSINESS_VALIDATION_FAILED",
                           "Invitation " + invitation_id(index) + " is " + to_string(s) +
                               "; only PENDING invitations can be rejected.",
                           "Identifier", "INVALID_RESOURCE_STATE")};
  rejections_[index] = str(request, "RejectionReason");
  return {json::object{}, std::nullopt};
}

Outcome SimState::list_accept_tasks(const json::object& request, WallTime now) const {
  PageRequest page;
  if (auto bad = page_request(request, 'T', scenario_.seed, 100, page)) return {{}, *bad};
  const std::int64_t now_ms = to_ms(now);
  auto statuses = string_set(request, "TaskStatus");
  auto opportunities = string_set(request, "OpportunityIdentifier");
  auto invitations = string_set(request, "EngagementInvitationIdentifier", true);
  auto ids = string_set(request, "TaskIdentifier", true);
  auto match = [&](std::uint32_t t) {
    if (!statuses && !opportunities && !invitations && !ids) return true;
    auto o = task_json(t, now_ms, true);
    if (statuses && !statuses->count(std::string(o["TaskStatus"].get_string()))) return false;
    if (opportunities && (!o.contains("OpportunityId") || !opportunities->count(std::string(o["OpportunityId"].get_string()))))
      return false;
    if (invitations && !invitations->count(invitation_id(tasks_[t].invitation))) return false;
    if (ids && !ids->count(task_id(t))) return false;
    return true;
  };
  json::object body;
  page.fill(body, "TaskSummaries", str(request, "Catalog") == scenario_.catalog ? std::uint32_t(tasks_.size()) : 0,
            match, [&](std::uint32_t t) { return task_json(t, now_ms, true); });
  return {std::move(body), std::nullopt};
}

Outcome SimState::list_opportunity_tasks(const json::object& request, WallTime now) const {
  (void)now;
  PageRequest page;
  if (auto bad = page_request(request, 'O', scenario_.seed, 100, page)) return {{}, *bad};
  auto row = [&](std::uint32_t i) {
    const auto& t = opportunity_tasks_[i];
    const std::string id = opportunity_task_id(i);
    json::object o;
    o["TaskId"] = id;
    o["TaskArn"] = "arn:aws:partnercentral:us-east-1:aws:catalog/" + scenario_.catalog +
                   "/opportunity-from-engagement-task/" + id;
    o["StartTime"] = iso(t.start_ms);
    o["TaskStatus"] = t.status == 0 ? "IN_PROGRESS" : t.status == 1 ? "COMPLETE" : "FAILED";
    if (t.status == 1) {
      o["OpportunityId"] = "O" + std::to_string(2'000'000'000ULL + scramble(i, key_optask_) % 7'999'999'999ULL);
      o["ResourceSnapshotJobId"] = encode_id("job-", scramble(i + 0xa000'0000ULL, key_job_), 13);
    } else if (t.status == 2) {
      o["ReasonCode"] = "ContextNotFound";
      o["Message"] = "The engagement context was not found; check the engagement and try again.";
    }
    o["EngagementId"] = encode_id("eng-", scramble(t.invitation, key_engagement_), 14);
    o["ContextId"] = "1";
    return o;
  };
  auto statuses = string_set(request, "TaskStatus");
  auto ids = string_set(request, "TaskIdentifier", true);
  auto opportunities = string_set(request, "OpportunityIdentifier");
  auto engagements = string_set(request, "EngagementIdentifier", true);
  auto contexts = string_set(request, "ContextIdentifier");
  auto match = [&](std::uint32_t i) {
    auto o = row(i);
    auto has = [&](const std::optional<std::unordered_set<std::string>>& filter, const char* key) {
      return !filter || (o.contains(key) && filter->count(std::string(o[key].get_string())));
    };
    return has(statuses, "TaskStatus") && has(ids, "TaskId") && has(opportunities, "OpportunityId") &&
           has(engagements, "EngagementId") && has(contexts, "ContextId");
  };
  json::object body;
  page.fill(body, "TaskSummaries",
            str(request, "Catalog") == scenario_.catalog ? std::uint32_t(opportunity_tasks_.size()) : 0, match, row);
  return {std::move(body), std::nullopt};
}

}  // namespace pcs::sim
