#pragma once
// The simulated Partner Central: invitations, accept tasks and opportunity-from-engagement tasks, and the six
// operations over them. Pure: every call takes the sim time; requests arrive already checked against the
// model's input constraints, answers are JSON bodies or ApiErrors.
//
// Memory stays small for 100,000 invitations: each is 17 bytes of state; every other field is derived on demand
// from (seed, index), and ids are an invertible scramble of the index (see ids.hpp).
// Invitations are numbered in InvitationDate order (arrivals get later dates and higher numbers), so sorting
// is free and a NextToken is just "the last number returned" plus a hash of the filters: paging DESCENDING
// while invitations arrive neither skips nor repeats (arrivals sort before the cursor), ASCENDING shows them
// at the end.

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "sim/scenario.hpp"

namespace pcs::sim {

// An error answer: HTTP status, the __type (without namespace), message, and extra members (ValidationException's
// Reason and ErrorList).
struct ApiError {
  int status = 400;
  std::string type;
  std::string message;
  boost::json::object extra;
};

struct Outcome {
  boost::json::object body;
  std::optional<ApiError> error;
  bool ok() const { return !error; }
};

enum class InvitationStatus : std::uint8_t { pending, accepted, rejected, expired };
const char* to_string(InvitationStatus s);

// What the generator decided about one invitation (derived, never stored).
struct InvitationFacts {
  std::uint32_t index = 0;
  std::string id;
  std::string engagement_id;
  std::string title;
  std::string sender_account;
  std::string sender_company;
  std::string profile;
  std::string industry;
  std::string country;
  std::string customer_company;
  std::int64_t monthly_spend = 0;  // USD
};

// Per-invitation accounting for /__sim/stats.
struct AcceptAccounting {
  std::uint32_t accept_calls = 0;
  std::set<std::string> client_tokens;
  std::uint32_t tasks_created = 0;
  std::uint32_t reject_calls = 0;
};

class SimState {
 public:
  SimState(const Scenario& scenario, WallTime start);

  Outcome list_invitations(const boost::json::object& request, WallTime now) const;
  Outcome get_invitation(const boost::json::object& request, WallTime now) const;
  Outcome start_accept_task(const boost::json::object& request, WallTime now);
  Outcome reject_invitation(const boost::json::object& request, WallTime now);
  Outcome list_accept_tasks(const boost::json::object& request, WallTime now) const;
  Outcome list_opportunity_tasks(const boost::json::object& request, WallTime now) const;

  // For tests, stats and tools.
  std::uint32_t total_invitations() const { return static_cast<std::uint32_t>(invitations_.size()); }
  std::uint32_t visible_invitations(WallTime now) const;
  InvitationFacts facts(std::uint32_t index) const;
  std::string invitation_id(std::uint32_t index) const;
  std::optional<std::uint32_t> find_invitation(std::string_view id_or_arn) const;
  InvitationStatus status_of(std::uint32_t index, WallTime now) const;
  std::size_t task_count() const { return tasks_.size(); }
  const std::map<std::uint32_t, AcceptAccounting>& accounting() const { return accounting_; }

 private:
  struct Invitation {
    std::int64_t date_ms;
    std::int64_t expires_ms;
    InvitationStatus initial;
  };
  struct AcceptTask {
    std::uint32_t invitation;
    std::int64_t start_ms;
    std::int64_t finish_ms;
    bool fails;
    std::string client_token;
  };
  struct OpportunityTask {
    std::int64_t start_ms;
    std::uint8_t status;  // 0 in progress, 1 complete, 2 failed
    std::uint32_t invitation;
  };
  enum class TaskState : std::uint8_t { in_progress, complete, failed };

  TaskState task_state(const AcceptTask& t, std::int64_t now_ms) const;
  boost::json::object task_json(std::uint32_t task_index, std::int64_t now_ms, bool list_shape) const;
  boost::json::object summary_json(std::uint32_t index, std::int64_t now_ms) const;
  std::string task_id(std::uint32_t task_index) const;
  std::string opportunity_task_id(std::uint32_t i) const;
  std::optional<ApiError> check_catalog_and_find(const boost::json::object& request, WallTime now,
                                                 std::uint32_t& index) const;

  Scenario scenario_;
  std::uint64_t key_invitation_, key_engagement_, key_task_, key_job_, key_optask_;
  std::vector<Invitation> invitations_;
  std::unordered_map<std::uint32_t, std::string> rejections_;  // index -> RejectionReason ("" when none given)
  std::vector<AcceptTask> tasks_;                             // in StartTime order
  std::unordered_map<std::uint32_t, std::uint32_t> latest_task_;  // invitation -> its newest task
  std::unordered_map<std::string, std::uint32_t> tasks_by_token_;
  std::vector<OpportunityTask> opportunity_tasks_;
  std::map<std::uint32_t, AcceptAccounting> accounting_;
};

}  // namespace pcs::sim
