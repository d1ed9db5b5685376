#pragma once
// What the rules may look at, filled by the sync engine from ListEngagementInvitations (summary fields)
// and, only when some rule needs them, GetEngagementInvitation (Payload.OpportunityInvitation).
// Plain data in the API's own spellings; an absent optional means "not known", never "empty".

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace pcs::rules {

// One Project.ExpectedCustomerSpend entry, as on the wire.
struct SpendEntry {
  std::string amount;         // decimal string, e.g. "12000" or "12000.50"
  std::string currency_code;  // "USD" (the model allows nothing else today)
  std::string frequency;      // "Monthly"
};

struct InvitationFacts {
  // From the summary (always present in ListEngagementInvitations).
  std::string id;
  std::string status;  // InvitationStatus: "PENDING", "ACCEPTED", "REJECTED", "EXPIRED"
  std::optional<WallTime> invitation_date;
  std::optional<WallTime> expiration_date;
  std::optional<std::string> payload_type;    // "OpportunityInvitation"
  std::optional<std::string> title;           // EngagementTitle
  std::optional<std::string> sender_company;  // SenderCompanyName
  std::optional<std::string> sender_account;  // SenderAwsAccountId (@sensitive)

  // From GetEngagementInvitation's Payload.OpportunityInvitation; absent when not fetched.
  std::optional<std::string> customer_country;   // Customer.CountryCode (@sensitive)
  std::optional<std::string> customer_industry;  // Customer.Industry
  std::optional<std::string> customer_company;   // Customer.CompanyName
  std::optional<std::string> customer_website;   // Customer.WebsiteUrl (@sensitive)
  std::optional<std::string> project_title;      // Project.Title
  std::optional<std::string> business_problem;   // Project.BusinessProblem (@sensitive)
  std::optional<std::string> target_completion_date;  // Project.TargetCompletionDate, "YYYY-MM-DD"
  std::optional<std::vector<std::string>> receiver_responsibilities;  // ReceiverResponsibilities
  std::optional<std::vector<SpendEntry>> expected_customer_spend;     // Project.ExpectedCustomerSpend
};

// expected_monthly_spend_usd: the SUM of the entries whose CurrencyCode is "USD" and Frequency "Monthly"
// (several entries describe parts of one customer's spend, so their total is the opportunity's size).
// nullopt when there is no such entry or any such amount is not a plain non-negative decimal number:
// a rule must not act on a figure it cannot read.
std::optional<double> monthly_usd_spend(const std::vector<SpendEntry>& entries);

}  // namespace pcs::rules
