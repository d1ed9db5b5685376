#include <gtest/gtest.h>

#include "aws/credentials/doctor.hpp"
#include "credentials_async_util.hpp"
#include "temp_dir.hpp"

namespace pcs::aws {
namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

TEST(CredentialsDoctor, ReportsSourcesWithoutSecrets) {
  pcs::test::TempDir dir;
  auto cfg = dir.write("config", "[profile ops]\nregion = eu-west-1\n");
  MapEnvironment env({{"AWS_CONFIG_FILE", cfg.string()},
                      {"AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "none").string()},
                      {"AWS_PROFILE", "ops"},
                      {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE12345"},
                      {"AWS_SECRET_ACCESS_KEY", kSecret},
                      {"AWS_CA_BUNDLE", (dir.path() / "missing.pem").string()}});
  FakeClock clock;
  std::vector<test::SeenRequest> seen;
  boost::asio::io_context io;
  auto report = test::run_awaitable(io, run_aws_doctor(env, test::fake_factory(nullptr, &seen), clock, {}));
  ASSERT_TRUE(report.has_value());
  const std::string text = report->render();
  EXPECT_NE(text.find("region: eu-west-1 (from profile ops)"), std::string::npos) << text;
  EXPECT_NE(text.find("[ok]      profile: ops"), std::string::npos) << text;
  EXPECT_NE(text.find("(absent)"), std::string::npos) << text;  // the credentials file
  EXPECT_NE(text.find("[FAILED]  ca bundle"), std::string::npos) << text;
  EXPECT_NE(text.find("[warning] credentials: AKID****2345 from environment, long-term"), std::string::npos) << text;
  EXPECT_EQ(text.find(kSecret), std::string::npos);
  EXPECT_FALSE(report->ok());
  EXPECT_TRUE(seen.empty());  // the environment answered; no network
}

TEST(CredentialsDoctor, SettingsFailureStopsBeforeCredentials) {
  MapEnvironment env({{"AWS_PROFILE", "ghost"}, {"HOME", "/nonexistent-home"}});
  ProfileSet none;
  std::optional<Result<AwsSettings>> settings;
  settings.emplace(resolve_aws_settings(env, none));
  auto report = build_aws_doctor_report(env, none, settings, std::nullopt, FakeClock{}.wall_now());
  EXPECT_FALSE(report.ok());
  EXPECT_NE(report.render().find("ghost"), std::string::npos);
  EXPECT_EQ(report.render().find("credentials:"), std::string::npos);
}

TEST(CredentialsDoctor, ShortLivedCredentialsWarn) {
  FakeClock clock;
  Credentials c;
  c.access_key_id = "ASIAEXAMPLE00001";
  c.secret_access_key = kSecret;
  c.session_token = "tok";
  c.expiration = clock.wall_now() + std::chrono::minutes(10);
  c.source = "imds role r";
  std::optional<Result<Credentials>> creds;
  creds.emplace(c);
  auto report = build_aws_doctor_report(MapEnvironment{}, ProfileSet{}, std::nullopt, creds, clock.wall_now());
  ASSERT_EQ(report.checks.back().name, "credentials");
  EXPECT_EQ(report.checks.back().status, CheckStatus::warning);
  EXPECT_NE(report.checks.back().detail.find("in 10 min"), std::string::npos);
  EXPECT_TRUE(report.ok());
}

}  // namespace
}  // namespace pcs::aws

namespace pcs::aws {
namespace {

// pcsyncctl doctor names where an SSO profile's credentials come from, and which cache file the login writes.
TEST(CredentialsDoctor, AnSsoProfileShowsItsSessionAccountRoleAndTokenCache) {
  pcs::test::TempDir dir;
  auto cfg = dir.write("config",
                       "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Sync\n"
                       "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
  MapEnvironment env({{"AWS_CONFIG_FILE", cfg.string()},
                      {"AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "none").string()},
                      {"AWS_PROFILE", "dev"},
                      {"HOME", dir.path().string()},
                      {"AWS_EC2_METADATA_DISABLED", "true"}});
  FakeClock clock;
  boost::asio::io_context io;
  auto report = test::run_awaitable(io, run_aws_doctor(env, test::fake_factory(nullptr, nullptr), clock, {}));
  ASSERT_TRUE(report.has_value());
  const std::string text = report->render();
  EXPECT_NE(text.find("sso: session corp, start URL https://corp.awsapps.com/start, region eu-west-1, account "
                      "111122223333, role Sync; token cache " +
                      dir.path().string() + "/.aws/sso/cache/"),
            std::string::npos)
      << text;
  // No login yet: the credentials check says what to run.
  EXPECT_NE(text.find("[FAILED]  credentials: SsoTokenMissing"), std::string::npos) << text;
  EXPECT_NE(text.find("aws sso login --profile dev"), std::string::npos) << text;
}

}  // namespace
}  // namespace pcs::aws
