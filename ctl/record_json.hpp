#pragma once
// The stable JSON of `pcsyncctl ... --json`: the API's own member names (Id, Status, EngagementTitle, TaskId,
// TaskStatus, OpportunityId, ReasonCode, ...) and pcsyncd's own members in the same PascalCase (Decision,
// Rule, Reason, DecidedAt, ...); integers as integers, times as ISO 8601 UTC strings. Documented in the
// README and pcsyncctl(1); add members, never rename or remove them.

#include <boost/json/object.hpp>

#include "store/records.hpp"

namespace pcs::ctl {

boost::json::object invitation_json(const store::Invitation& invitation);
boost::json::object decision_json(const store::Decision& decision);
boost::json::object task_json(const store::Task& task);
boost::json::object review_json(const store::Review& review);
boost::json::object list_item_json(const store::InvitationListItem& item);
boost::json::object history_json(const store::InvitationHistory& history);
boost::json::object status_json(const store::StatusSummary& summary);

}  // namespace pcs::ctl
