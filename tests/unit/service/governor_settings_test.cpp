// service::governor_config_from(): the config file > AWS_MAX_ATTEMPTS / AWS_RETRY_MODE (and the profile) >
// the defaults.
#include <gtest/gtest.h>

#include "service/governor_settings.hpp"

namespace pcs::service {
namespace {

TEST(GovernorConfigFrom, QuotasAndShareComeFromTheConfigFile) {
  config::DaemonConfig c;
  c.read_quota_per_second = 8;
  c.write_quota_per_second = 2;
  c.read_quota_daily = 5000;
  c.write_quota_daily = 300;
  c.quota_share = 0.25;
  auto g = governor_config_from(c, aws::AwsSettings{});
  ASSERT_TRUE(g.ok()) << g.error().describe();
  EXPECT_EQ(g->read.per_second, 8);
  EXPECT_EQ(g->write.per_second, 2);
  EXPECT_EQ(g->read.daily, 5000);
  EXPECT_EQ(g->write.daily, 300);
  EXPECT_EQ(g->share, 0.25);
  EXPECT_EQ(g->max_attempts, 3) << "nothing set anywhere: the default";
  EXPECT_EQ(g->retry_mode, gov::RetryMode::pcsyncd);
}

TEST(GovernorConfigFrom, AwsSettingsApplyWhenTheConfigFileIsSilentAndLoseWhenItIsNot) {
  aws::AwsSettings aws;
  aws.max_attempts = 7;
  aws.retry_mode = "adaptive";
  config::DaemonConfig c;
  auto fallback = governor_config_from(c, aws);
  ASSERT_OK(fallback);
  EXPECT_EQ(fallback->max_attempts, 7);
  EXPECT_EQ(fallback->retry_mode, gov::RetryMode::adaptive);

  c.max_attempts = 2;
  c.retry_mode = "standard";
  auto explicit_wins = governor_config_from(c, aws);
  ASSERT_OK(explicit_wins);
  EXPECT_EQ(explicit_wins->max_attempts, 2);
  EXPECT_EQ(explicit_wins->retry_mode, gov::RetryMode::standard);

  aws.retry_mode = "legacy";  // the SDKs' old name: treated as standard
  auto legacy = governor_config_from(config::DaemonConfig{}, aws);
  ASSERT_OK(legacy);
  EXPECT_EQ(legacy->retry_mode, gov::RetryMode::standard);
}

TEST(GovernorConfigFrom, BadValuesAreConfigErrorsThatNameWhereToLook) {
  aws::AwsSettings aws;
  aws.retry_mode = "turbo";
  auto bad_mode = governor_config_from(config::DaemonConfig{}, aws);
  ASSERT_FALSE(bad_mode.ok());
  EXPECT_EQ(bad_mode.error().kind, ErrorKind::config);
  EXPECT_NE(bad_mode.error().message.find("turbo"), std::string::npos);
  EXPECT_NE(bad_mode.error().message.find("AWS_RETRY_MODE"), std::string::npos);

  aws::AwsSettings attempts;
  attempts.max_attempts = 50;
  auto too_many = governor_config_from(config::DaemonConfig{}, attempts);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().kind, ErrorKind::config);
  EXPECT_NE(too_many.error().message.find("max_attempts"), std::string::npos);
}

}  // namespace
}  // namespace pcs::service
