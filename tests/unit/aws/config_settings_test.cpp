#include <gtest/gtest.h>

#include "aws/config/profile_set.hpp"
#include "aws/config/settings.hpp"
#include "temp_dir.hpp"

namespace pcs::aws {
namespace {

ProfileSet profiles_from(const char* config, const char* credentials = "") {
  auto c = parse_ini(config, "config");
  auto k = parse_ini(credentials, "credentials");
  EXPECT_TRUE(c.ok() && k.ok());
  return merge_profile_files(*c, *k);
}

TEST(ConfigProfiles, MergeRulesOfTheSdks) {
  auto set = profiles_from(
      "[default]\nregion = us-west-1\nfrom = default\n"
      "[profile default]\nfrom = profile default\n"
      "[profile dev]\nregion = eu-west-1\naws_access_key_id = CONFIGKEY\n"
      "[noprefix]\nregion = ignored\n"
      "[services s]\npartnercentral_selling =\n  endpoint_url = https://svc.test\n",
      "[dev]\naws_access_key_id = CREDSKEY\naws_secret_access_key = S\n[other]\nregion = x\n");
  ASSERT_NE(set.find("default"), nullptr);
  EXPECT_EQ(set.find("default")->get("from"), "profile default");  // [profile default] wins
  EXPECT_EQ(set.find("default")->get("region"), "us-west-1");
  EXPECT_EQ(set.find("dev")->get("aws_access_key_id"), "CREDSKEY");  // credentials file wins
  EXPECT_EQ(set.find("dev")->get("region"), "eu-west-1");
  EXPECT_EQ(set.find("noprefix"), nullptr);  // config sections need the "profile " prefix
  EXPECT_NE(set.find("other"), nullptr);     // credentials sections do not
  ASSERT_NE(set.find_services("s"), nullptr);
}

TEST(ConfigProfiles, LoadsFilesNamedByTheEnvironment) {
  test::TempDir dir;
  auto cfg = dir.write("cfg", "[profile p]\nregion = ap-south-1\n");
  auto creds = dir.write("creds", "[p]\naws_access_key_id = A\n");
  MapEnvironment env({{"AWS_CONFIG_FILE", cfg.string()}, {"AWS_SHARED_CREDENTIALS_FILE", creds.string()}});
  auto set = load_profile_set(env);
  ASSERT_TRUE(set.ok()) << set.error().describe();
  EXPECT_EQ(set->find("p")->get("region"), "ap-south-1");
  EXPECT_EQ(set->find("p")->get("aws_access_key_id"), "A");
  EXPECT_EQ(set->config_file, cfg.string());
}

TEST(ConfigProfiles, DefaultPathsUnderHomeAndMissingFilesAreEmpty) {
  test::TempDir dir;
  dir.write(".aws/config", "[profile h]\nregion = eu-north-1\n");
  MapEnvironment env({{"HOME", dir.path().string()}});
  EXPECT_EQ(config_file_path(env), dir.path().string() + "/.aws/config");
  auto set = load_profile_set(env);
  ASSERT_OK(set);
  EXPECT_EQ(set->find("h")->get("region"), "eu-north-1");
  EXPECT_TRUE(load_profile_set(MapEnvironment({{"HOME", (dir.path() / "nowhere").string()}})).ok());
}

TEST(ConfigProfiles, MalformedFileErrorNamesThePath) {
  test::TempDir dir;
  auto cfg = dir.write("cfg", "[ok]\n[bad\n");
  MapEnvironment env({{"AWS_CONFIG_FILE", cfg.string()}, {"HOME", dir.path().string()}});
  auto set = load_profile_set(env);
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.error().message.find(cfg.string() + ":2:"), std::string::npos) << set.error().message;
  // A directory where a file should be is unreadable, not "missing".
  MapEnvironment env2({{"AWS_CONFIG_FILE", dir.path().string()}});
  auto set2 = load_profile_set(env2);
  ASSERT_FALSE(set2.ok());
  EXPECT_EQ(set2.error().code, "UnreadableConfigFile");
}

TEST(ConfigProfiles, SelectedProfile) {
  EXPECT_EQ(selected_profile_name(MapEnvironment{}), "default");
  EXPECT_EQ(selected_profile_name(MapEnvironment({{"AWS_DEFAULT_PROFILE", "b"}})), "b");
  EXPECT_EQ(selected_profile_name(MapEnvironment({{"AWS_PROFILE", "a"}, {"AWS_DEFAULT_PROFILE", "b"}})), "a");
  EXPECT_EQ(selected_profile_name(MapEnvironment({{"AWS_PROFILE", "a"}}), std::string("c")), "c");
}

TEST(ConfigSettings, RegionPrecedence) {
  auto set = profiles_from("[default]\nregion = eu-central-1\n");
  MapEnvironment env;
  auto s = resolve_aws_settings(env, set);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->region, "eu-central-1");
  EXPECT_EQ(s->region_source, "profile default");
  env.set("AWS_DEFAULT_REGION", "eu-west-2");
  EXPECT_EQ(resolve_aws_settings(env, set)->region, "eu-west-2");
  env.set("AWS_REGION", "eu-west-3");
  EXPECT_EQ(resolve_aws_settings(env, set)->region, "eu-west-3");
  ExplicitAwsSettings ex;
  ex.region = "us-west-2";
  EXPECT_EQ(resolve_aws_settings(env, set, ex)->region, "us-west-2");
  auto bare = resolve_aws_settings(MapEnvironment{}, ProfileSet{});
  EXPECT_EQ(bare->region, "us-east-1");
  EXPECT_EQ(bare->region_source, "default");
  EXPECT_EQ(bare->endpoint_source, "endpoint rules");
  EXPECT_EQ(bare->endpoint_url, "https://partnercentral-selling.us-east-1.api.aws");
}

TEST(ConfigSettings, EndpointPrecedenceAndIgnoreSwitch) {
  auto set = profiles_from(
      "[default]\nendpoint_url = https://profile.test\nservices = s\n"
      "[services s]\npartnercentral_selling =\n  endpoint_url = https://services.test\n");
  MapEnvironment env;
  EXPECT_EQ(resolve_aws_settings(env, set)->endpoint_url, "https://services.test");
  env.set("AWS_ENDPOINT_URL", "https://global.test");
  EXPECT_EQ(resolve_aws_settings(env, set)->endpoint_url, "https://global.test");
  env.set("AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING", "https://specific.test");
  auto s = resolve_aws_settings(env, set);
  EXPECT_EQ(s->endpoint_url, "https://specific.test");
  EXPECT_EQ(s->endpoint_source, "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING");
  ExplicitAwsSettings ex;
  ex.endpoint_url = "http://127.0.0.1:8080";
  EXPECT_EQ(resolve_aws_settings(env, set, ex)->endpoint_url, "http://127.0.0.1:8080");

  env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE");
  auto ignored = resolve_aws_settings(env, set);
  EXPECT_EQ(ignored->endpoint_url, "https://partnercentral-selling.us-east-1.api.aws");
  EXPECT_FALSE(ignored->endpoint_override.has_value());
  EXPECT_EQ(resolve_aws_settings(env, set, ex)->endpoint_url, "http://127.0.0.1:8080");  // explicit still wins

  auto set2 = profiles_from("[default]\nendpoint_url = https://profile.test\nignore_configured_endpoint_urls = true\n");
  EXPECT_EQ(resolve_aws_settings(MapEnvironment{}, set2)->endpoint_url,
            "https://partnercentral-selling.us-east-1.api.aws");
  auto set3 = profiles_from("[default]\nendpoint_url = https://profile.test\n");
  EXPECT_EQ(resolve_aws_settings(MapEnvironment{}, set3)->endpoint_url, "https://profile.test");
}

TEST(ConfigSettings, FipsCaBundleAndRetries) {
  auto set = profiles_from(
      "[profile p]\nuse_fips_endpoint = true\nca_bundle = ~/ca.pem\nmax_attempts = 7\nretry_mode = adaptive\n"
      "region = us-west-2\n");
  MapEnvironment env({{"AWS_PROFILE", "p"}, {"HOME", "/home/op"}});
  auto s = resolve_aws_settings(env, set);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->profile, "p");
  EXPECT_TRUE(s->use_fips_endpoint);
  EXPECT_EQ(s->endpoint_url, "https://partnercentral-selling-fips.us-west-2.api.aws");
  EXPECT_EQ(s->ca_bundle, "/home/op/ca.pem");
  EXPECT_EQ(s->max_attempts, 7);
  EXPECT_EQ(s->retry_mode, "adaptive");

  env.set("AWS_USE_FIPS_ENDPOINT", "false");
  env.set("AWS_CA_BUNDLE", "/etc/ca.pem");
  env.set("AWS_MAX_ATTEMPTS", "2");
  env.set("AWS_RETRY_MODE", "standard");
  auto t = resolve_aws_settings(env, set);
  ASSERT_OK(t);
  EXPECT_FALSE(t->use_fips_endpoint);
  EXPECT_EQ(t->ca_bundle, "/etc/ca.pem");
  EXPECT_EQ(t->max_attempts, 2);
  EXPECT_EQ(t->retry_mode, "standard");
}

TEST(ConfigSettings, InvalidValuesAreConfigErrors) {
  ProfileSet none;
  struct Case {
    const char* var;
    const char* value;
    const char* expect;
  } cases[] = {
      {"AWS_USE_FIPS_ENDPOINT", "yes", "AWS_USE_FIPS_ENDPOINT"},
      {"AWS_MAX_ATTEMPTS", "0", "AWS_MAX_ATTEMPTS"},
      {"AWS_MAX_ATTEMPTS", "3x", "AWS_MAX_ATTEMPTS"},
      {"AWS_RETRY_MODE", "fast", "AWS_RETRY_MODE"},
      {"AWS_REGION", "not a region", "region"},
  };
  for (const auto& c : cases) {
    auto s = resolve_aws_settings(MapEnvironment({{c.var, c.value}}), none);
    ASSERT_FALSE(s.ok()) << c.var;
    EXPECT_EQ(s.error().kind, ErrorKind::config);
    EXPECT_NE(s.error().message.find(c.expect), std::string::npos) << s.error().message;
  }
  auto missing = resolve_aws_settings(MapEnvironment({{"AWS_PROFILE", "ghost"}}), none);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ProfileNotFound");
  EXPECT_TRUE(resolve_aws_settings(MapEnvironment({{"AWS_PROFILE", "default"}}), none).ok());
}

// Found by fuzzing (tests/fuzz/regressions/aws_shared_files): a continuation line put a newline, and a section
// header any byte, into messages that are logged as they are.
TEST(ConfigSettings, ValuesAndNamesFromTheFilesAreEscapedInMessages) {
  auto set = profiles_from(
      "[profile dev]\nretry_mode = fast\n  and loose\n"
      "[profile esc\x1b[31m]\nmax_attempts = 3\n  4\n"
      "[profile region]\nregion = us-east-1\n  x\n");
  auto with_profile = [&set](const char* name) {
    ExplicitAwsSettings explicit_settings;
    explicit_settings.profile = name;
    return resolve_aws_settings(MapEnvironment{}, set, explicit_settings);
  };
  for (const char* name : {"dev", "esc\x1b[31m", "region"}) {
    auto s = with_profile(name);
    ASSERT_FALSE(s.ok()) << name;
    const std::string line = s.error().describe();
    EXPECT_EQ(line.find_first_of("\n\x1b"), std::string::npos) << line;
  }
  auto retry = with_profile("dev");
  EXPECT_NE(retry.error().message.find("retry_mode: must be standard, adaptive or legacy (\"fast\\nand loose\")"),
            std::string::npos)
      << retry.error().message;
  auto escaped = with_profile("esc\x1b[31m");
  EXPECT_NE(escaped.error().message.find("profile esc\\x1b[31m max_attempts"), std::string::npos)
      << escaped.error().message;
  auto missing = resolve_aws_settings(MapEnvironment({{"AWS_PROFILE", "gh\nost"}}), set);
  EXPECT_NE(missing.error().message.find("(gh\\nost)"), std::string::npos) << missing.error().message;
}

}  // namespace
}  // namespace pcs::aws
