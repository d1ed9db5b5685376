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

void print_invitation_table(std::ostream& out, const std::vector<store::InvitationListItem>& items) {
  print(out, "%-19s %-9s %-20s %-9s %-16s %-19s %s\n", "ID", "STATUS", "EXPIRES", "DECISION", "RULE", "TASK", "TITLE");
  for (const auto& item : items) {
    const auto& s = item.invitation.summary;
    print(out, "%-19s %-9s %-20s %-9s %-16s %-19s %s\n", text(s.id).c_str(), or_dash(s.status).c_str(),
          when(s.expiration_date).c_str(),
          item.decision ? std::string(store::to_string(item.decision->action)).c_str() : "-",
          item.decision ? text(item.decision->rule).c_str() : "-",
          item.task_id ? text(*item.task_id + (item.task_status ? " " + *item.task_status : "")).c_str() : "-",
          text(s.engagement_title).c_str());
  }
}

void print_task_table(std::ostream& out, const std::vector<store::Task>& tasks) {
  print(out, "%-19s %-11s %-20s %-19s %-21s %s\n", "TASK", "STATUS", "STARTED", "INVITATION", "OPPORTUNITY", "REASON");
  for (const auto& t : tasks)
    print(out, "%-19s %-11s %-20s %-19s %-21s %s\n", text(t.task_id).c_str(), or_dash(t.task_status).c_str(),
          when(t.start_time).c_str(),
          or_dash(t.engagement_invitation_id.empty() ? t.engagement_id : t.engagement_invitation_id).c_str(),
          or_dash(t.opportunity_id).c_str(),
          text(t.reason_code.empty() ? t.message : t.reason_code + ": " + t.message).c_str());
}

// How a listing is printed: with --json {"<member>": [...], "Truncated": bool} (a script sees that the list was
// cut without reading stderr), else as a table; then the notice when --limit cut the list.
struct Listing {
  std::int64_t limit;
  bool json;
  const char* member;  // "Invitations"
  const char* rows;    // "invitations", in the notice
};

// The rows `query` reads from the mirror, printed as `listing` says.
template <class Query, class ToJson, class PrintTable>
int print_listing(const CommandIo& io, const DatabaseChoice& source, const Listing& listing, Query query,
                  ToJson to_json, PrintTable print_table) {
  auto store = open_mirror(source);
  if (!store) return fail(io.err, store.error());
  auto rows = query(*store);
  if (!rows) return fail(io.err, rows.error());
  const bool truncated = cut_to_limit(*rows, listing.limit);
  if (listing.json) {
    boost::json::array a;
    for (const auto& row : *rows) a.push_back(to_json(row));
    boost::json::object o;
    o[listing.member] = std::move(a);
    o["Truncated"] = truncated;
    io.out << json_text(o, JsonStyle::compact);
  } else {
    print_table(io.out, *rows);
  }
  if (truncated) print_truncation_notice(io.err, listing.limit, listing.rows);
  return kExitOk;
}

}  // namespace

int run_invitations(const InvitationsOptions& options, const CommandIo& io) {
  const store::InvitationFilter filter{options.status, options.decision, query_limit(options.limit)};
  return print_listing(
      io, options.source, {options.limit, options.json, "Invitations", "invitations"},
      [&](store::Store& s) { return s.list_invitations(filter); }, list_item_json, print_invitation_table);
}

int run_tasks(const TasksOptions& options, const CommandIo& io) {
  const store::TaskFilter filter{options.status, options.kind, query_limit(options.limit)};
  return print_listing(
      io, options.source, {options.limit, options.json, "Tasks", "tasks"},
      [&](store::Store& s) { return s.list_tasks(filter); }, task_json, print_task_table);
}

}  // namespace pcs::ctl
