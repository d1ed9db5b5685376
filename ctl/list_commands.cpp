// pcsyncctl invitations and tasks: the mirrored rows, newest first, cut at --limit with a notice.

#include <boost/json/array.hpp>
#include <ostream>

#include "command.hpp"
#include "json_output.hpp"
#include "mirror_access.hpp"
#include "record_json.hpp"
#include "text_output.hpp"

namespace pcs::ctl {
namespace {

// {"<member>": [...], "Truncated": bool}: a script sees that the list was cut without reading stderr.
void print_json_list(std::ostream& out, const char* member, boost::json::array rows, bool truncated) {
  boost::json::object o;
  o[member] = std::move(rows);
  o["Truncated"] = truncated;
  out << json_text(o, JsonStyle::compact);
}

}  // namespace

int run_invitations(const InvitationsOptions& options, const CommandIo& io) {
  auto store = open_mirror(options.source);
  if (!store) return fail(io.err, store.error());
  store::InvitationFilter filter;
  filter.status = options.status;
  filter.decision = options.decision;
  filter.limit = query_limit(options.limit);
  auto items = store->list_invitations(filter);
  if (!items) return fail(io.err, items.error());
  const bool truncated = cut_to_limit(*items, options.limit);

  if (options.json) {
    boost::json::array rows;
    for (const auto& item : *items) rows.push_back(list_item_json(item));
    print_json_list(io.out, "Invitations", std::move(rows), truncated);
  } else {
    print(io.out, "%-19s %-9s %-20s %-9s %-16s %-19s %s\n", "ID", "STATUS", "EXPIRES", "DECISION", "RULE", "TASK",
          "TITLE");
    for (const auto& item : *items) {
      const auto& s = item.invitation.summary;
      print(io.out, "%-19s %-9s %-20s %-9s %-16s %-19s %s\n", text(s.id).c_str(), or_dash(s.status).c_str(),
            when(s.expiration_date).c_str(),
            item.decision ? std::string(store::to_string(item.decision->action)).c_str() : "-",
            item.decision ? text(item.decision->rule).c_str() : "-",
            item.task_id ? text(*item.task_id + (item.task_status ? " " + *item.task_status : "")).c_str() : "-",
            text(s.engagement_title).c_str());
    }
  }
  if (truncated) print_truncation_notice(io.err, options.limit, "invitations");
  return kExitOk;
}

int run_tasks(const TasksOptions& options, const CommandIo& io) {
  auto store = open_mirror(options.source);
  if (!store) return fail(io.err, store.error());
  store::TaskFilter filter;
  filter.task_status = options.status;
  filter.kind = options.kind;
  filter.limit = query_limit(options.limit);
  auto tasks = store->list_tasks(filter);
  if (!tasks) return fail(io.err, tasks.error());
  const bool truncated = cut_to_limit(*tasks, options.limit);

  if (options.json) {
    boost::json::array rows;
    for (const auto& t : *tasks) rows.push_back(task_json(t));
    print_json_list(io.out, "Tasks", std::move(rows), truncated);
  } else {
    print(io.out, "%-19s %-11s %-20s %-19s %-21s %s\n", "TASK", "STATUS", "STARTED", "INVITATION", "OPPORTUNITY",
          "REASON");
    for (const auto& t : *tasks)
      print(io.out, "%-19s %-11s %-20s %-19s %-21s %s\n", text(t.task_id).c_str(), or_dash(t.task_status).c_str(),
            when(t.start_time).c_str(),
            or_dash(t.engagement_invitation_id.empty() ? t.engagement_id : t.engagement_invitation_id).c_str(),
            or_dash(t.opportunity_id).c_str(),
            text(t.reason_code.empty() ? t.message : t.reason_code + ": " + t.message).c_str());
  }
  if (truncated) print_truncation_notice(io.err, options.limit, "tasks");
  return kExitOk;
}

}  // namespace pcs::ctl
