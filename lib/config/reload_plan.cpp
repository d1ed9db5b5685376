#include "config/reload_plan.hpp"

#include <array>

namespace pcs::config {
namespace {

constexpr std::array<KeyPolicy, 25> kPolicy{{
    {"catalog", KeyScope::restart},
    {"region", KeyScope::restart},
    {"endpoint_url", KeyScope::restart},
    {"profile", KeyScope::restart},
    {"ca_bundle", KeyScope::restart},
    {"database", KeyScope::restart},
    {"log_level", KeyScope::live},
    {"poll_interval", KeyScope::live},
    {"reconcile_interval", KeyScope::live},
    {"task_poll_interval", KeyScope::live},
    {"request_timeout", KeyScope::live},
    {"call_timeout", KeyScope::live},
    {"dry_run", KeyScope::live},
    {"rules", KeyScope::live},
    {"default_action", KeyScope::live},
    {"max_accept_attempts", KeyScope::live},
    {"quota_share", KeyScope::live},
    {"read_quota_per_second", KeyScope::live},
    {"write_quota_per_second", KeyScope::live},
    {"read_quota_daily", KeyScope::live},
    {"write_quota_daily", KeyScope::live},
    {"max_attempts", KeyScope::live},
    {"retry_mode", KeyScope::live},
    {"metrics_listen", KeyScope::restart},
    {"notify", KeyScope::live},
}};

// Whether `key` differs between the two configurations. Rules have no equality of their own: a reload is
// the operator saying they changed, so they count as changed whenever the file was reloaded.
bool differs(std::string_view key, const DaemonConfig& a, const DaemonConfig& b) {
  if (key == "catalog") return a.catalog != b.catalog;
  if (key == "region") return a.region != b.region;
  if (key == "endpoint_url") return a.endpoint_url != b.endpoint_url;
  if (key == "profile") return a.profile != b.profile;
  if (key == "ca_bundle") return a.ca_bundle != b.ca_bundle;
  if (key == "database") return a.database != b.database;
  if (key == "log_level") return a.log_level != b.log_level;
  if (key == "poll_interval") return a.poll_interval != b.poll_interval;
  if (key == "reconcile_interval") return a.reconcile_interval != b.reconcile_interval;
  if (key == "task_poll_interval") return a.task_poll_interval != b.task_poll_interval;
  if (key == "request_timeout") return a.request_timeout != b.request_timeout;
  if (key == "call_timeout") return a.call_timeout != b.call_timeout;
  if (key == "dry_run") return a.dry_run != b.dry_run;
  if (key == "rules") return true;
  if (key == "default_action") return a.rules.default_action() != b.rules.default_action();
  if (key == "max_accept_attempts") return a.max_accept_attempts != b.max_accept_attempts;
  if (key == "quota_share") return a.quota_share != b.quota_share;
  if (key == "read_quota_per_second") return a.read_quota_per_second != b.read_quota_per_second;
  if (key == "write_quota_per_second") return a.write_quota_per_second != b.write_quota_per_second;
  if (key == "read_quota_daily") return a.read_quota_daily != b.read_quota_daily;
  if (key == "write_quota_daily") return a.write_quota_daily != b.write_quota_daily;
  if (key == "max_attempts") return a.max_attempts != b.max_attempts;
  if (key == "retry_mode") return a.retry_mode != b.retry_mode;
  if (key == "metrics_listen") return a.metrics_listen != b.metrics_listen;
  if (key == "notify") return a.notify != b.notify;
  return false;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

std::span<const KeyPolicy> reload_policy() { return kPolicy; }

ReloadPlan plan_reload(const DaemonConfig& running, const DaemonConfig& loaded) {
  ReloadPlan plan;
  for (const auto& p : kPolicy) {
    if (!differs(p.key, running, loaded)) continue;
    (p.scope == KeyScope::live ? plan.changed_live : plan.changed_restart).emplace_back(p.key);
  }
  return plan;
}

std::string ReloadPlan::describe() const {
  if (!accepted())
    return join(changed_restart) + " changed" +
           ": needs a restart (systemctl restart pcsyncd); the running configuration is kept";
  return changed_live.empty() ? std::string("nothing changed") : join(changed_live);
}

}  // namespace pcs::config
