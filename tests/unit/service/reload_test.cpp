// decide_reload(): a SIGHUP's file applied whole or refused whole, with the reason the log, the status line
// and the database show.
#include <gtest/gtest.h>

#include "config/config_loader.hpp"
#include "service/reload.hpp"

namespace pcs::service {
namespace {

Result<config::DaemonConfig> parse(const std::string& yaml) { return config::parse_daemon_config(yaml, "pcsyncd.yaml"); }

const config::DaemonConfig& running() {
  static const config::DaemonConfig c = parse("catalog: Sandbox\npoll_interval: 5m\n").value();
  return c;
}

TEST(DecideReload, ALiveChangeIsAppliedWithTheNewSnapshotAndGovernor) {
  auto d = decide_reload(running(), parse("catalog: Sandbox\npoll_interval: 1m\nquota_share: 0.25\n"), {});
  ASSERT_TRUE(d.applied) << d.message;
  EXPECT_NE(d.message.find("poll_interval"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("quota_share"), std::string::npos) << d.message;
  ASSERT_TRUE(d.config && d.governor);
  EXPECT_EQ(d.config->poll_interval, std::chrono::minutes{1});
  EXPECT_EQ(d.governor->share, 0.25);
}

TEST(DecideReload, AFileThatDoesNotLoadIsRefusedWithItsError) {
  auto d = decide_reload(running(), parse("catalog: Sandbox\npolll_interval: 1m\n"), {});
  EXPECT_FALSE(d.applied);
  EXPECT_NE(d.message.find("pcsyncd.yaml:2:1"), std::string::npos) << d.message;
  EXPECT_FALSE(d.config || d.governor);
}

TEST(DecideReload, ARestartOnlyKeyRefusesTheWholeFile) {
  auto d = decide_reload(running(), parse("catalog: AWS\npoll_interval: 1m\n"), {});
  EXPECT_FALSE(d.applied);
  EXPECT_NE(d.message.find("catalog changed: needs a restart"), std::string::npos) << d.message;
  EXPECT_FALSE(d.config || d.governor);
}

TEST(DecideReload, AGovernorThatCannotBeConfiguredRefusesIt) {
  aws::AwsSettings aws;
  aws.retry_mode = "turbo";  // from AWS_RETRY_MODE: the file leaves retry_mode to it
  auto d = decide_reload(running(), parse("catalog: Sandbox\npoll_interval: 1m\n"), aws);
  EXPECT_FALSE(d.applied);
  EXPECT_NE(d.message.find("turbo"), std::string::npos) << d.message;
  EXPECT_FALSE(d.config || d.governor);
}

}  // namespace
}  // namespace pcs::service
