// The pure parts of SSO and the User-Agent: cache file names, token parsing and judging on a fake clock, the
// refreshed document, the profile forms, the portal's and OIDC's answers, the app id and the UA's format.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "aws/config/profile_set.hpp"
#include "aws/config/settings.hpp"
#include "aws/credentials/sso_client.hpp"
#include "aws/credentials/sso_provider.hpp"
#include "aws/credentials/sso_token.hpp"
#include "aws/user_agent.hpp"
#include "core/time_format.hpp"

namespace pcs::aws {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

WallTime at(const char* text) { return *parse_iso8601(text); }

TEST(SsoCache, FileNameIsTheSha1OfTheKeyUnderHome) {
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");  // FIPS 180 test vector
  MapEnvironment env({{"HOME", "/var/lib/pcsyncd"}});
  EXPECT_EQ(sso_cache_file(env, "abc"), "/var/lib/pcsyncd/.aws/sso/cache/a9993e364706816aba3e25717850c26c9cd0d89d.json");
  EXPECT_EQ(sso_cache_file(MapEnvironment{}, "abc"), std::nullopt);
}

TEST(SsoToken, ParsesTheCacheAndJudgesItOnTheClock) {
  const std::string text = R"({"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1",)"
                           R"("accessToken":"secret-access","expiresAt":"2026-03-01T12:00:00Z",)"
                           R"("clientId":"c","clientSecret":"cs","refreshToken":"r",)"
                           R"("registrationExpiresAt":"2026-05-01T00:00:00Z"})";
  auto t = parse_sso_token(text, "/cache.json");
  ASSERT_OK(t);
  EXPECT_EQ(t->expires_at, at("2026-03-01T12:00:00Z"));
  EXPECT_EQ(t->region, "eu-west-1");
  EXPECT_EQ(t->start_url, "https://corp.awsapps.com/start");
  ASSERT_TRUE(t->registration_expires_at);

  EXPECT_FALSE(sso_token_due(*t, at("2026-03-01T11:54:59Z")));
  EXPECT_TRUE(sso_token_due(*t, at("2026-03-01T11:55:00Z")));  // 5 minutes before: due
  EXPECT_FALSE(sso_token_expired(*t, at("2026-03-01T11:59:59Z")));
  EXPECT_TRUE(sso_token_expired(*t, at("2026-03-01T12:00:00Z")));
  EXPECT_TRUE(sso_token_refreshable(*t, at("2026-03-01T12:00:00Z")));
  EXPECT_FALSE(sso_token_refreshable(*t, at("2026-05-01T00:00:00Z")));  // the registration expired

  SsoToken no_refresh = *t;
  no_refresh.refresh_token.clear();
  EXPECT_FALSE(sso_token_refreshable(no_refresh, at("2026-03-01T12:00:00Z")));
  SsoToken no_client = *t;
  no_client.client_secret.clear();
  EXPECT_FALSE(sso_token_refreshable(no_client, at("2026-03-01T12:00:00Z")));
}

TEST(SsoToken, MalformedCachesNameTheFileAndMemberButNeverAValue) {
  const struct {
    const char* text;
    const char* says;
  } cases[] = {
      {"not json", "is not a JSON object"},
      {R"({"expiresAt":"2026-03-01T12:00:00Z"})", "has no accessToken"},
      {R"({"accessToken":"tok-123"})", "has no expiresAt"},
      {R"({"accessToken":"tok-123","expiresAt":"tomorrow"})", "has an expiresAt that is not"},
  };
  for (const auto& c : cases) {
    auto t = parse_sso_token(c.text, "/home/x/.aws/sso/cache/f.json");
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.error().code, "SsoTokenInvalid");
    EXPECT_NE(t.error().message.find("/home/x/.aws/sso/cache/f.json " + std::string(c.says)), std::string::npos)
        << t.error().message;
    EXPECT_EQ(t.error().message.find("tok-123"), std::string::npos);
  }
}

TEST(SsoToken, ARefreshRewritesTheTokenMembersAndKeepsTheRest) {
  auto t = parse_sso_token(R"({"accessToken":"old","expiresAt":"2026-03-01T12:00:00Z","refreshToken":"r1",)"
                           R"("clientId":"c","clientSecret":"s","region":"eu-west-1","extra":{"k":1}})",
                           "f");
  ASSERT_OK(t);
  auto fresh = refreshed_sso_token(*t, SsoTokenRefresh{"new", 28800s, "r2"}, at("2026-03-01T11:57:00Z"));
  EXPECT_EQ(fresh.access_token, "new");
  EXPECT_EQ(fresh.expires_at, at("2026-03-01T19:57:00Z"));
  auto doc = json::parse(fresh.document).as_object();
  EXPECT_EQ(doc.at("accessToken").as_string(), "new");
  EXPECT_EQ(doc.at("expiresAt").as_string(), "2026-03-01T19:57:00Z");
  EXPECT_EQ(doc.at("refreshToken").as_string(), "r2");
  EXPECT_EQ(doc.at("clientId").as_string(), "c");
  EXPECT_EQ(doc.at("extra").at("k").as_int64(), 1);
  // An answer without a new refresh token keeps the old one.
  auto same = refreshed_sso_token(*t, SsoTokenRefresh{"new", 3600s, ""}, at("2026-03-01T11:57:00Z"));
  EXPECT_EQ(json::parse(same.document).as_object().at("refreshToken").as_string(), "r1");
}

std::shared_ptr<ProfileSet> profiles(const char* config) {
  auto c = parse_ini(config, "config");
  EXPECT_TRUE(c.ok());
  return std::make_shared<ProfileSet>(merge_profile_files(c.ok() ? *c : IniFile{}, IniFile{}));
}

TEST(SsoProfile, SessionAndLegacyFormsAndWhatIsMissing) {
  auto set = profiles(
      "[profile a]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n"
      "[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = eu-west-1\n"
      "[profile b]\nsso_start_url = https://b.awsapps.com/start\nsso_region = us-east-2\nsso_account_id = 2\n"
      "sso_role_name = R2\n"
      "[profile c]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n"
      "[profile d]\nsso_start_url = https://d/start\nsso_account_id = 1\n"
      "[profile e]\nsso_session = s\nsso_region = us-west-2\nsso_account_id = 1\nsso_role_name = R\n"
      "[profile f]\naws_access_key_id = A\naws_secret_access_key = S\n");
  auto a = sso_profile_of(*set, *set->find("a"));
  ASSERT_OK(a);
  EXPECT_EQ(a->session_name, "s");
  EXPECT_EQ(a->start_url, "https://s.awsapps.com/start");
  EXPECT_EQ(a->sso_region, "eu-west-1");
  EXPECT_EQ(a->account_id, "1");
  auto b = sso_profile_of(*set, *set->find("b"));
  ASSERT_OK(b);
  EXPECT_FALSE(b->session_name);
  EXPECT_EQ(b->sso_region, "us-east-2");
  EXPECT_EQ(b->role_name, "R2");

  auto c = sso_profile_of(*set, *set->find("c"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("has no [sso-session nowhere] section"), std::string::npos) << c.error().message;
  auto d = sso_profile_of(*set, *set->find("d"));
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("without sso_role_name, sso_region"), std::string::npos) << d.error().message;
  auto e = sso_profile_of(*set, *set->find("e"));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("sso_region differs"), std::string::npos) << e.error().message;
  EXPECT_TRUE(is_sso_profile(*set->find("d")));
  EXPECT_FALSE(is_sso_profile(*set->find("f")));
}

TEST(SsoClient, RequestsAndAnswersOfThePortalAndOidc) {
  auto get = build_get_role_credentials("111122223333", "Role Name", "bearer-token");
  EXPECT_EQ(get.method, "GET");
  EXPECT_EQ(get.target, "/federation/credentials?account_id=111122223333&role_name=Role%20Name");
  ASSERT_NE(get.header("x-amz-sso_bearer_token"), nullptr);
  EXPECT_EQ(*get.header("x-amz-sso_bearer_token"), "bearer-token");

  net::HttpResponse ok;
  ok.status = 200;
  ok.body = R"({"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"s","sessionToken":"t",)"
            R"("expiration":1767225600000}})";
  auto creds = parse_role_credentials(ok);
  ASSERT_OK(creds);
  EXPECT_EQ(creds->expiration, at("2026-01-01T00:00:00Z"));

  net::HttpResponse unauthorized;
  unauthorized.status = 401;
  unauthorized.body = R"({"message":"Session token not found or invalid"})";
  unauthorized.set_header("x-amzn-ErrorType", "UnauthorizedException");
  auto refused = parse_role_credentials(unauthorized);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::access_denied);
  EXPECT_NE(refused.error().message.find("run `aws sso login` again"), std::string::npos);
  net::HttpResponse partial = ok;
  partial.body = R"({"roleCredentials":{"accessKeyId":"ASIA1"}})";
  EXPECT_EQ(parse_role_credentials(partial).error().code, "MalformedCredentials");

  SsoToken token;
  token.client_id = "c";
  token.client_secret = "cs";
  token.refresh_token = "r";
  auto post = build_create_token(token);
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.target, "/token");
  auto body = json::parse(post.body).as_object();
  EXPECT_EQ(body.at("grantType").as_string(), "refresh_token");
  net::HttpResponse created;
  created.status = 200;
  created.body = R"({"accessToken":"a2","expiresIn":28800,"refreshToken":"r2","tokenType":"Bearer"})";
  auto fresh = parse_create_token(created);
  ASSERT_OK(fresh);
  EXPECT_EQ(fresh->expires_in, 28800s);
  net::HttpResponse grant;
  grant.status = 400;
  grant.body = R"({"error":"invalid_grant","error_description":"Invalid refresh token provided"})";
  EXPECT_EQ(parse_create_token(grant).error().code, "invalid_grant");
}

TEST(SsoClient, EndpointsFollowTheServiceVariablesThenTheRegion) {
  MapEnvironment none;
  EXPECT_EQ(sso_portal_endpoint(none, "eu-west-1"), "https://portal.sso.eu-west-1.amazonaws.com");
  EXPECT_EQ(sso_oidc_endpoint(none, "eu-west-1"), "https://oidc.eu-west-1.amazonaws.com");
  MapEnvironment set({{"AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:1"}, {"AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:2"}});
  EXPECT_EQ(sso_portal_endpoint(set, "eu-west-1"), "http://127.0.0.1:1");
  EXPECT_EQ(sso_oidc_endpoint(set, "eu-west-1"), "http://127.0.0.1:2");
  set.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  EXPECT_EQ(sso_portal_endpoint(set, "eu-west-1"), "https://portal.sso.eu-west-1.amazonaws.com");
}

TEST(UserAgent, TheSdksFormatWithTheAppId) {
  UserAgentFacts f{"0.2.0", "6.1.0-18-amd64", "gcc-12.2.0", "1.81.0", "3.0.11", ""};
  EXPECT_EQ(format_user_agent(f),
            "pcsyncd/0.2.0 ua/2.1 os/linux#6.1.0-18-amd64 lang/cpp#C++20 md/compiler#gcc-12.2.0 md/boost#1.81.0 "
            "md/openssl#3.0.11");
  f.app_id = "acme sync (prod)";
  EXPECT_EQ(format_user_agent(f).substr(format_user_agent(f).rfind(' ') + 1), "app/acme-sync--prod-");
  EXPECT_EQ(user_agent_token("a+b-C$4'5.6"), "a+b-C$4'5.6");  // the token set is kept as is
  EXPECT_EQ(user_agent_token("1(2)3/x"), "1-2-3-x");
  const std::string live = user_agent("myapp");
  EXPECT_EQ(live.rfind("pcsyncd/", 0), 0u) << live;
  EXPECT_NE(live.find(" ua/2.1 os/linux#"), std::string::npos) << live;
  EXPECT_NE(live.find(" md/boost#1.81.0"), std::string::npos) << live;
  EXPECT_EQ(live.substr(live.size() - 10), " app/myapp");
  EXPECT_EQ(live.find_first_of("\r\n"), std::string::npos);
}

TEST(UserAgent, AppIdFromTheEnvironmentThenTheProfileAtMost50Characters) {
  auto set = profiles("[default]\nsdk_ua_app_id = from-profile\n");
  auto from_profile = resolve_aws_settings(MapEnvironment{}, *set);
  ASSERT_OK(from_profile);
  EXPECT_EQ(from_profile->app_id, "from-profile");
  EXPECT_EQ(from_profile->app_id_source, "profile default sdk_ua_app_id");
  auto from_env = resolve_aws_settings(MapEnvironment({{"AWS_SDK_UA_APP_ID", "from-env"}}), *set);
  ASSERT_OK(from_env);
  EXPECT_EQ(from_env->app_id, "from-env");
  const std::string fifty(50, 'x');
  EXPECT_OK(resolve_aws_settings(MapEnvironment({{"AWS_SDK_UA_APP_ID", fifty}}), *set));
  auto too_long = resolve_aws_settings(MapEnvironment({{"AWS_SDK_UA_APP_ID", fifty + "y"}}), *set);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "InvalidAwsSetting");
  EXPECT_NE(too_long.error().message.find("AWS_SDK_UA_APP_ID: must be at most 50 characters (it has 51)"),
            std::string::npos)
      << too_long.error().message;
}

}  // namespace
}  // namespace pcs::aws
