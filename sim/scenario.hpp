#pragma once
// What a simulated Partner Central looks like: data volume and shape, credentials, quotas, faults, clock speed.
// Loaded once from YAML into plain immutable structs; unknown keys and bad values are rejected with file:line.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace pcs::sim {

// One weighted kind of invitation: the generator picks a profile, then each field from the profile's lists.
struct InvitationProfile {
  std::string name;
  double weight = 1;
  std::vector<std::string> industries;  // values of the model's Industry enum
  std::vector<std::string> countries;   // ISO 3166 alpha-2
  std::int64_t spend_min = 100;         // monthly USD, whole dollars
  std::int64_t spend_max = 20'000;
  std::vector<std::string> sender_companies;  // empty: the scenario-wide list
};

struct InvitationSettings {
  std::uint32_t count = 50;        // present when the simulator starts, dated over the last spread_days
  double spread_days = 10;
  double expiry_days = 15;         // ExpirationDate = InvitationDate + expiry_days
  std::map<std::string, double> status_mix{{"PENDING", 1.0}};  // of the initial invitations
  double arrivals_per_hour = 0;    // sim hours; new PENDING invitations after start
  std::uint32_t arrivals_max = 0;
  std::vector<InvitationProfile> profiles;
  std::vector<std::string> sender_companies;
};

struct TaskSettings {
  double duration_seconds = 30;  // sim seconds from start to COMPLETE/FAILED
  double failure_ratio = 0;
  std::uint32_t opportunity_tasks = 5;  // pre-seeded ListOpportunityFromEngagementTasks rows
};

struct QuotaClass {
  double rate = 0;    // requests per sim second
  double burst = 1;
  std::uint64_t daily = 0;  // per sim day; 0 = no cap
  // Another tool on the same account takes this share of every token as the bucket refills: the client's
  // bucket refills at (1 - share) x rate, and it sees only the throttles that leaves it. 0: no other tool.
  double other_tool_share = 0;
};

struct QuotaSettings {
  bool enabled = true;
  double scale = 1;   // multiplies rate and burst
  QuotaClass read{10, 10, 0};
  QuotaClass write{1, 1, 0};
  int throttle_status = 429;  // the service has answered both 429 and 400 for ThrottlingException
};

struct FaultSettings {
  double internal_error = 0;         // 500 InternalServerException, request not applied
  double unavailable_html = 0;       // 503 with an HTML page (a load balancer's answer), not applied
  double reset_before_response = 0;  // connection reset, request not applied
  double reset_mid_body = 0;         // request applied, connection reset halfway through the body
  double truncate_body = 0;          // request applied, body cut short (Content-Length says more)
  double throttle = 0;               // forced ThrottlingException
  double delay = 0;                  // probability of an added delay of delay_ms (real milliseconds)
  std::uint32_t delay_ms = 200;
  double namespaced_type = 0;        // error __type as "com.amazonaws.partnercentralselling#..."
  double unknown_members = 0;        // successful bodies gain members the model does not know
  double unknown_enum = 0;           // invitation Status values the model does not know
  bool any() const;
};

struct ScenarioCredentials {
  std::string access_key_id = "AKIDPCSYNCSIMULATOR";
  std::string secret_access_key = "pcsync-sim-secret-access-key-not-a-real-one";
  std::string session_token;  // empty: requests must not carry one
};

struct Scenario {
  std::string name;  // file stem
  std::uint64_t seed = 1;
  double clock_speed = 1;              // sim seconds per real second
  std::optional<WallTime> start_time;  // sim time at start; default the real time at start
  std::string region = "us-east-1";
  std::string catalog = "Sandbox";
  std::string receiver_account_id = "111122223333";
  ScenarioCredentials credentials;
  InvitationSettings invitations;
  TaskSettings tasks;
  QuotaSettings quotas;
  FaultSettings faults;
};

// Parses YAML text; `source` names it in error messages ("demo.yaml:12:3: unknown key 'sed'").
Result<Scenario> parse_scenario(const std::string& yaml_text, const std::string& source);
Result<Scenario> load_scenario(const std::filesystem::path& file);

// The model's Industry enum values (the generator and the scenario checks use them).
const std::vector<std::string>& industry_values();

}  // namespace pcs::sim
