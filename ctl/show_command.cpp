// pcsyncctl show ID: everything the mirror knows about one invitation.

#include <ostream>

#include "command.hpp"
#include "core/time_format.hpp"
#include "json_output.hpp"
#include "mirror_access.hpp"
#include "record_json.hpp"
#include "text_output.hpp"

namespace pcs::ctl {
namespace {

// What a decision sends, as recorded: "Tags source=pcsyncd", "RejectionReason 'Outside our focus area'".
std::string request_text(const store::Decision& d) {
  if (!d.request_known) return "request not recorded (decided before schema 3)";
  if (d.action == store::DecisionAction::reject)
    return d.rejection_reason ? "RejectionReason '" + text(*d.rejection_reason) + "'" : "no RejectionReason";
  if (d.tags.empty()) return "no Tags";
  std::string out = "Tags";
  for (const auto& t : d.tags) out += " " + text(t.key) + "=" + text(t.value);
  return out;
}

void print_text(std::ostream& out, const store::InvitationHistory& h) {
  const auto& s = h.invitation.summary;
  print(out, "Invitation %s (%s)\n", text(s.id).c_str(), text(s.catalog).c_str());
  print(out, "  Title:       %s\n  Status:      %s\n  Sender:      %s\n  Invited:     %s\n  Expires:     %s\n",
        text(s.engagement_title).c_str(), or_dash(s.status).c_str(), or_dash(s.sender_company_name).c_str(),
        when(s.invitation_date).c_str(), when(s.expiration_date).c_str());
  print(out, "  First seen:  %s\n  Last seen:   %s\n", format_iso8601(h.invitation.first_seen).c_str(),
        format_iso8601(h.invitation.last_seen).c_str());
  if (h.invitation.details) {
    const auto& d = *h.invitation.details;
    print(out, "  Customer:    %s, %s, %s\n  Project:     %s (target %s)\n", or_dash(d.customer_company_name).c_str(),
          or_dash(d.customer_industry).c_str(), or_dash(d.customer_country_code).c_str(),
          or_dash(d.project_title).c_str(), or_dash(d.project_target_completion_date).c_str());
    if (d.expected_spend_usd_monthly) print(out, "  Spend:       %.2f USD monthly\n", *d.expected_spend_usd_monthly);
  }
  if (h.review)
    print(out, "  %s left to a person by rule %s: %s\n", format_iso8601(h.review->requested_at).c_str(),
          text(h.review->rule).c_str(), text(h.review->reason).c_str());
  for (const auto& d : h.decisions) {
    const std::string by = d.decided_by.empty() ? "rule " + text(d.rule) : text(d.decided_by);
    print(out, "  %s decided %s%s by %s (attempt %d): %s [%s%s%s]\n", format_iso8601(d.decided_at).c_str(),
          std::string(store::to_string(d.action)).c_str(), d.dry_run ? " (dry run)" : "", by.c_str(), d.attempt,
          or_dash(d.reason).c_str(), std::string(store::to_string(d.state)).c_str(), d.error.empty() ? "" : ": ",
          text(d.error).c_str());
    print(out, "      sends %s%s%s\n", request_text(d).c_str(), d.task_id.empty() ? "" : "; started task ",
          text(d.task_id).c_str());
  }
  for (const auto& c : h.status_history)
    print(out, "  %s task %s %s%s%s\n", format_iso8601(c.observed_at).c_str(), text(c.task_id).c_str(),
          text(c.task_status).c_str(), c.reason_code.empty() ? "" : " ", text(c.reason_code).c_str());
  for (const auto& t : h.tasks)
    if (!t.opportunity_id.empty()) print(out, "  Opportunity: %s\n", text(t.opportunity_id).c_str());
}

}  // namespace

int run_show(const ShowOptions& options, const CommandIo& io) {
  auto store = open_mirror(options.source);
  if (!store) return fail(io.err, store.error());
  auto history = store->show(options.id);
  if (!history) return fail(io.err, history.error());
  if (!*history) {
    io.err << "pcsyncctl: no invitation " << text(options.id)
           << " in the mirror (pcsyncctl invitations lists them)\n";
    return kExitFailure;
  }
  if (options.json) {
    io.out << json_text(history_json(**history), JsonStyle::compact);
  } else {
    print_text(io.out, **history);
  }
  return kExitOk;
}

}  // namespace pcs::ctl
