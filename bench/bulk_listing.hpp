#pragma once
// sim/scenarios/bulk.yaml's 100,000 invitations as a listing returns them (pages of 100, from pcsync-sim's state,
// no HTTP), each page mapped into store records exactly as lib/sync maps them. For the store benchmarks.

#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "partnercentral/json_codec.hpp"
#include "sim/scenario.hpp"
#include "sim/sim_state.hpp"
#include "store/records.hpp"
#include "sync/mapping.hpp"

namespace pcs::bench {

struct BulkListing {
  std::string catalog;
  std::chrono::system_clock::time_point now;
  std::vector<std::vector<store::InvitationSummary>> pages;
};

// oldest_first: sorted as SyncCycle::list_invitations asks (ASCENDING InvitationDate), else the API's default
// (newest first). nullopt, with the reason on stderr, when the scenario or a page cannot be read.
inline std::optional<BulkListing> bulk_listing(bool oldest_first) {
  namespace json = boost::json;
  auto scenario = sim::load_scenario(std::string(PCSYNC_SOURCE_DIR) + "/sim/scenarios/bulk.yaml");
  if (!scenario) {
    std::cerr << scenario.error().describe() << "\n";
    return std::nullopt;
  }
  BulkListing out{scenario->catalog, std::chrono::system_clock::now(), {}};
  sim::SimState state(*scenario, out.now);
  std::string token;
  do {
    json::object request{{"Catalog", scenario->catalog}, {"ParticipantType", "RECEIVER"}, {"MaxResults", 100}};
    if (oldest_first) request["Sort"] = json::object{{"SortOrder", "ASCENDING"}, {"SortBy", "InvitationDate"}};
    if (!token.empty()) request["NextToken"] = token;
    auto outcome = state.list_invitations(request, out.now);
    auto page = outcome.ok() ? pc::from_json<pc::ListEngagementInvitationsResponse>(outcome.body)
                             : Result<pc::ListEngagementInvitationsResponse>(
                                   make_error(ErrorKind::protocol, "SimRefused", "the simulator refused a page"));
    if (!page) {
      std::cerr << page.error().describe() << "\n";
      return std::nullopt;
    }
    auto& records = out.pages.emplace_back();
    for (auto& s : page->engagement_invitation_summaries) records.push_back(sync::to_record(std::move(s)));
    token = page->next_token.value_or("");
  } while (!token.empty());
  return out;
}

}  // namespace pcs::bench
