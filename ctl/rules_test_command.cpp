// pcsyncctl rules test: what the rules of a configuration would do with the mirrored invitations. Decides
// with the clock's "now" (expiry, invited_within), records nothing and calls nothing.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <ostream>

#include "command.hpp"
#include "config/config_loader.hpp"
#include "json_output.hpp"
#include "mirror_access.hpp"
#include "sync/mapping.hpp"
#include "text_output.hpp"

namespace pcs::ctl {

int run_rules_test(const RulesTestOptions& options, const CommandIo& io) {
  const DatabaseChoice source{options.db, options.config};
  auto config = load_config(source);
  if (!config) return fail(io.err, config.error());
  auto store = open_mirror(source, *config);
  if (!store) return fail(io.err, store.error());
  store::InvitationFilter filter;
  filter.status = options.status;
  filter.limit = query_limit(options.limit);
  auto items = store->list_invitations(filter);
  if (!items) return fail(io.err, items.error());
  const bool truncated = cut_to_limit(*items, options.limit);

  const auto& rules = (*config)->rules;
  const WallTime now = io.clock.wall_now();
  std::map<std::string, std::int64_t> totals;
  boost::json::array rows;
  for (const auto& item : *items) {
    const auto facts = sync::to_facts(item.invitation);
    const auto decision = rules.evaluate(facts, now);
    const std::string action(rules::to_string(decision.action));
    ++totals[action];
    const bool details_missing = !item.invitation.details && rules.requires_details(facts, now);
    if (options.json) {
      boost::json::object e;
      e["Id"] = item.invitation.summary.id;
      e["EngagementTitle"] = item.invitation.summary.engagement_title;
      e["Decision"] = action;
      e["Rule"] = decision.rule;
      e["Reason"] = decision.reason;
      e["DetailsMissing"] = details_missing;
      rows.push_back(std::move(e));
    } else {
      print(io.out, "%-19s %-7s %-16s %s%s\n", text(item.invitation.summary.id).c_str(), action.c_str(),
            or_dash(decision.rule).c_str(), text(decision.reason).c_str(),
            details_missing ? " (details not fetched yet: pcsyncd fetches them before deciding)" : "");
    }
  }
  if (options.json) {
    boost::json::object o;
    o["Invitations"] = std::move(rows);
    boost::json::object counts;
    for (const auto& [action, n] : totals) counts[action] = n;
    o["Totals"] = std::move(counts);
    o["Truncated"] = truncated;
    io.out << json_text(o, JsonStyle::compact);
  } else {
    print(io.out, "\n%s of %s%zu %s invitation(s); nothing was sent.\n", join_counts(totals).c_str(),
          truncated ? "the first " : "", items->size(), options.status.c_str());
  }
  if (truncated) print_truncation_notice(io.err, options.limit, "invitations");
  return kExitOk;
}

}  // namespace pcs::ctl
