#include "config/reload_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "config/config_loader.hpp"

namespace pcs::config {
namespace {

DaemonConfig parse(const std::string& yaml) {
  auto c = parse_daemon_config(yaml, "reload.yaml");
  EXPECT_TRUE(c) << (c ? "" : c.error().describe());
  return c ? std::move(*c) : DaemonConfig{};
}

TEST(ReloadPlan, EveryConfigKeyHasExactlyOnePolicy) {
  std::set<std::string_view> keys(config_keys().begin(), config_keys().end());
  std::set<std::string_view> policed;
  for (const auto& p : reload_policy()) EXPECT_TRUE(policed.insert(p.key).second) << "twice: " << p.key;
  EXPECT_EQ(policed, keys);
}

TEST(ReloadPlan, LiveChangesAreAppliedAndNamed) {
  const auto running = parse("catalog: Sandbox\npoll_interval: 5m\n");
  const auto loaded = parse("catalog: Sandbox\npoll_interval: 1m\ndry_run: true\nrequest_timeout: 20s\nlog_level: debug\n");
  const auto plan = plan_reload(running, loaded);
  EXPECT_TRUE(plan.accepted());
  for (const char* key : {"poll_interval", "dry_run", "request_timeout", "log_level", "rules"})
    EXPECT_NE(std::find(plan.changed_live.begin(), plan.changed_live.end(), key), plan.changed_live.end()) << key;
  EXPECT_EQ(std::find(plan.changed_live.begin(), plan.changed_live.end(), "catalog"), plan.changed_live.end());
  EXPECT_NE(plan.describe().find("poll_interval"), std::string::npos);
}

TEST(ReloadPlan, ARestartKeyRefusesTheWholeReload) {
  const auto running = parse("catalog: Sandbox\n");
  for (const char* change : {"catalog: AWS\n", "catalog: Sandbox\ndatabase: /tmp/other.db\n",
                             "catalog: Sandbox\nca_bundle: /etc/ssl/other.pem\n",
                             "catalog: Sandbox\nmetrics_listen: 127.0.0.1:9999\n",
                             "catalog: Sandbox\nendpoint_url: https://example.com\n", "catalog: Sandbox\nprofile: p\n",
                             "catalog: Sandbox\nregion: eu-west-1\n"}) {
    SCOPED_TRACE(change);
    const auto plan = plan_reload(running, parse(std::string(change) + "poll_interval: 1m\n"));
    EXPECT_FALSE(plan.accepted());
    ASSERT_EQ(plan.changed_restart.size(), 1u);
    EXPECT_NE(plan.describe().find("needs a restart"), std::string::npos) << plan.describe();
  }
}

}  // namespace
}  // namespace pcs::config
