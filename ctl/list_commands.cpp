// pcsyncctl invitations and tasks: the mirrored rows, newest first, cut at --limit with a notice.

#include <boost/json/array.hpp>
#include <ostream>

#include "command.hpp"
#include "core/time_format.hpp"
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

// The review queue: soonest expiry first, with the time left to answer.
void print_review_table(std::ostream& out, const std::vector<store::InvitationListItem>& items, WallTime now) {
  print(out, "%-19s %-20s %-12s %-16s %-24s %s\n", "ID", "EXPIRES", "LEFT", "RULE", "REASON", "TITLE");
  for (const auto& item : items) {
    const auto& s = item.invitation.summary;
    const std::string left =
        s.expiration_date
            ? format_duration(std::chrono::duration_cast<std::chrono::seconds>(*s.expiration_date - now))
            : "-";
    print(out, "%-19s %-20s %-12s %-16s %-24s %s\n", text(s.id).c_str(), when(s.expiration_date).c_str(), left.c_str(),
          item.review ? text(item.review->rule).c_str() : "-", item.review ? text(item.review->reason).c_str() : "-",
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

// delivered, failed (given up) or pending (with its next attempt).
std::string delivery_state(const store::Notification& n) {
  if (n.delivered_at) return "delivered";
  if (n.failed_at) return "failed";
  return "pending";
}

void print_notification_table(std::ostream& out, const std::vector<store::Notification>& rows) {
  print(out, "%-6s %-15s %-19s %-16s %-9s %-8s %-20s %s\n", "ID", "EVENT", "INVITATION", "WEBHOOK", "STATE",
        "ATTEMPTS", "WHEN", "LAST ERROR");
  for (const auto& n : rows) {
    const auto at = n.delivered_at ? n.delivered_at : n.failed_at ? n.failed_at : std::optional(n.next_attempt_at);
    print(out, "%-6lld %-15s %-19s %-16s %-9s %-8d %-20s %s\n", (long long)n.id, text(n.event).c_str(),
          or_dash(n.invitation_id).c_str(), text(n.target).c_str(), delivery_state(n).c_str(), n.attempts,
          when(at).c_str(), or_dash(n.last_error).c_str());
  }
}

boost::json::object notification_json(const store::Notification& n) {
  boost::json::object o;
  o["NotificationId"] = n.id;
  o["Event"] = n.event;
  if (!n.invitation_id.empty()) o["InvitationId"] = n.invitation_id;
  o["Webhook"] = n.target;
  o["State"] = delivery_state(n);
  o["Attempts"] = n.attempts;
  o["CreatedAt"] = format_iso8601(n.created_at);
  if (n.delivered_at) o["DeliveredAt"] = format_iso8601(*n.delivered_at);
  if (n.failed_at) o["FailedAt"] = format_iso8601(*n.failed_at);
  if (!n.delivered_at && !n.failed_at) o["NextAttemptAt"] = format_iso8601(n.next_attempt_at);
  if (!n.last_error.empty()) o["LastError"] = n.last_error;
  return o;
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
  const WallTime now = io.clock.wall_now();
  const store::InvitationFilter filter{options.status, options.decision, query_limit(options.limit), now};
  const bool queue = options.decision == store::DecisionFilter::review;
  return print_listing(
      io, options.source, {options.limit, options.json, "Invitations", "invitations"},
      [&](store::Store& s) { return s.list_invitations(filter); }, list_item_json,
      [&](std::ostream& out, const std::vector<store::InvitationListItem>& items) {
        if (queue) print_review_table(out, items, now);
        else print_invitation_table(out, items);
      });
}

// The outbox names webhooks, never their URLs (secrets): nothing here needs redacting.
int run_notifications(const NotificationsOptions& options, const CommandIo& io) {
  return print_listing(
      io, options.source, {options.limit, options.json, "Notifications", "notifications"},
      [&](store::Store& s) { return s.list_notifications(query_limit(options.limit)); }, notification_json,
      print_notification_table);
}

int run_tasks(const TasksOptions& options, const CommandIo& io) {
  const store::TaskFilter filter{options.status, options.kind, query_limit(options.limit)};
  return print_listing(
      io, options.source, {options.limit, options.json, "Tasks", "tasks"},
      [&](store::Store& s) { return s.list_tasks(filter); }, task_json, print_task_table);
}

}  // namespace pcs::ctl
