// SSO profiles end to end over sockets: a loopback fake of the SSO portal's GetRoleCredentials and of SSO OIDC's
// CreateToken (lib/net HttpServer), the production transport factory, the token cache in a temporary HOME, and a
// FakeClock deciding when the cached token is due.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // GCC PR 109224 on Asio's awaitable frames
#endif

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "aws/config/environment.hpp"
#include "aws/credentials/http_transport_factory.hpp"
#include "aws/credentials/profile_provider.hpp"
#include "aws/credentials/sso_token.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"
#include "child_process.hpp"
#include "io_helpers.hpp"
#include "net/http_server.hpp"
#include "temp_dir.hpp"

namespace pcs::aws {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kConfig =
    "[profile dev]\n"
    "sso_session = corp\n"
    "sso_account_id = 111122223333\n"
    "sso_role_name = PartnerCentralSync\n"
    "region = us-east-1\n"
    "[sso-session corp]\n"
    "sso_start_url = https://corp.awsapps.com/start\n"
    "sso_region = eu-west-1\n"
    "sso_registration_scopes = sso:account:access\n"
    "[profile legacy]\n"
    "sso_start_url = https://legacy.awsapps.com/start\n"
    "sso_region = eu-west-1\n"
    "sso_account_id = 111122223333\n"
    "sso_role_name = PartnerCentralSync\n"
    "[profile mfa]\n"
    "role_arn = arn:aws:iam::111122223333:role/Sync\n"
    "source_profile = legacy\n"
    "mfa_serial = arn:aws:iam::111122223333:mfa/op\n";

net::ServerReply reply(int status, std::string body, const char* error_type = nullptr) {
  net::ServerReply r;
  r.response.status = status;
  r.response.body = std::move(body);
  r.response.set_header("Content-Type", "application/json");
  if (error_type) r.response.set_header("x-amzn-ErrorType", error_type);
  return r;
}

// The portal and OIDC on loopback; what they saw is kept for the assertions.
class SsoLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() / ".aws/sso/cache");
    portal_ = std::make_unique<net::HttpServer>(
        io_.get_executor(), net::HttpServerOptions{},
        [this](net::HttpRequest r, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
          ++portal_calls_;
          portal_target_ = r.target;
          const std::string* token = r.header("x-amz-sso_bearer_token");
          if (r.method != "GET" || token == nullptr || *token != valid_access_token_)
            co_return reply(401, portal_refusal_, "UnauthorizedException");
          co_return reply(200, R"({"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret",)"
                               R"("sessionToken":"sso-session-token","expiration":1893456000000}})");
        });
    oidc_ = std::make_unique<net::HttpServer>(
        io_.get_executor(), net::HttpServerOptions{},
        [this](net::HttpRequest r, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
          ++oidc_calls_;
          oidc_body_ = r.body;
          if (r.method != "POST" || r.target != "/token") co_return reply(404, "{}");
          if (oidc_refuses_) co_return reply(400, R"({"error":"invalid_grant","error_description":"expired"})");
          co_return reply(200, R"({"accessToken":"refreshed-access","expiresIn":3600,"refreshToken":"refresh-2",)"
                               R"("tokenType":"Bearer"})");
        });
    ASSERT_OK(portal_->start());
    ASSERT_OK(oidc_->start());
    env_.set("HOME", dir_.path().string());
    env_.set("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:" + std::to_string(portal_->port()));
    env_.set("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:" + std::to_string(oidc_->port()));
    auto config = parse_ini(kConfig, "config");
    ASSERT_OK(config);
    profiles_ = std::make_shared<ProfileSet>(merge_profile_files(*config, IniFile{}));
  }

  std::filesystem::path cache(const std::string& key) const {
    return dir_.path() / ".aws/sso/cache" / (sha1_hex(key) + ".json");
  }
  // A cache file as `aws sso login` writes one, expiring `left` after the fake clock's now.
  void write_cache(const std::string& key, std::chrono::seconds left, bool refreshable) {
    json::object o{{"startUrl", "https://corp.awsapps.com/start"},
                   {"region", "eu-west-1"},
                   {"accessToken", "cached-access"},
                   {"expiresAt", format_iso8601(clock_.wall_now() + left)},
                   {"somethingNew", "kept on rewrite"}};
    if (refreshable) {
      o["clientId"] = "client-1";
      o["clientSecret"] = "client-secret-1";
      o["refreshToken"] = "refresh-1";
      o["registrationExpiresAt"] = format_iso8601(clock_.wall_now() + 24h * 90);
    }
    dir_.write(cache(key).lexically_relative(dir_.path()).string(), json::serialize(o));
  }

  Result<Credentials> resolve(const std::string& profile) {
    ProfileCredentialsProvider provider(profiles_, env_, make_http_transport_factory(io_.get_executor(), env_), clock_,
                                        ProfileProviderOptions{profile, "us-east-1", {}});
    std::optional<Result<Credentials>> got;
    EXPECT_TRUE(test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> { got.emplace(co_await provider.resolve()); }()));
    if (!got) return make_error(ErrorKind::timeout, "TestGuard", "no answer under the guard");
    return std::move(*got);
  }

  boost::asio::io_context io_;
  pcs::test::TempDir dir_;
  MapEnvironment env_;
  FakeClock clock_;
  std::shared_ptr<ProfileSet> profiles_;
  std::unique_ptr<net::HttpServer> portal_;
  std::unique_ptr<net::HttpServer> oidc_;
  std::string valid_access_token_ = "cached-access";
  std::string portal_refusal_ = R"({"message":"Session token not found or invalid"})";
  bool oidc_refuses_ = false;
  int portal_calls_ = 0;
  int oidc_calls_ = 0;
  std::string portal_target_;
  std::string oidc_body_;
};

TEST_F(SsoLoopback, AValidSessionTokenBuysRoleCredentialsWithoutARefresh) {
  write_cache("corp", 2h, true);
  auto got = resolve("dev");
  ASSERT_OK(got);
  EXPECT_EQ(got->access_key_id, "ASIASSO");
  EXPECT_EQ(got->session_token, "sso-session-token");
  ASSERT_TRUE(got->expiration);
  EXPECT_EQ(format_iso8601(*got->expiration), "2030-01-01T00:00:00Z");
  EXPECT_EQ(got->source, "sso profile dev (session corp), account 111122223333, role PartnerCentralSync");
  EXPECT_EQ(portal_target_, "/federation/credentials?account_id=111122223333&role_name=PartnerCentralSync");
  EXPECT_EQ(oidc_calls_, 0);
}

TEST_F(SsoLoopback, ATokenDueIsRefreshedThroughOidcAndTheCacheRewrittenOwnerOnly) {
  write_cache("corp", 4min, true);  // within the 5-minute window
  valid_access_token_ = "refreshed-access";
  ::umask(022);
  auto got = resolve("dev");
  ASSERT_OK(got);
  EXPECT_EQ(got->access_key_id, "ASIASSO");
  EXPECT_EQ(oidc_calls_, 1);
  auto body = json::parse(oidc_body_).as_object();
  EXPECT_EQ(body.at("grantType").as_string(), "refresh_token");
  EXPECT_EQ(body.at("refreshToken").as_string(), "refresh-1");
  EXPECT_EQ(body.at("clientId").as_string(), "client-1");
  EXPECT_EQ(body.at("clientSecret").as_string(), "client-secret-1");

  const std::string text = test::read_text_file(cache("corp"));
  auto doc = json::parse(text).as_object();
  EXPECT_EQ(doc.at("accessToken").as_string(), "refreshed-access");
  EXPECT_EQ(doc.at("refreshToken").as_string(), "refresh-2");
  EXPECT_EQ(doc.at("expiresAt").as_string(), format_iso8601(clock_.wall_now() + 1h));
  EXPECT_EQ(doc.at("somethingNew").as_string(), "kept on rewrite");
  EXPECT_EQ(doc.at("clientId").as_string(), "client-1");
  struct stat st {};
  ASSERT_EQ(::stat(cache("corp").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(cache("corp").parent_path())) ++files;
  EXPECT_EQ(files, 1u) << "no temporary file left behind";

  // The next resolve reads the refreshed cache: no second refresh.
  ASSERT_OK(resolve("dev"));
  EXPECT_EQ(oidc_calls_, 1);
}

TEST_F(SsoLoopback, AFailedRefreshKeepsATokenNotYetExpiredAndOtherwiseSaysToLogIn) {
  write_cache("corp", 3min, true);
  oidc_refuses_ = true;
  ASSERT_OK(resolve("dev"));  // still 3 minutes of validity: used, as the SDKs do
  EXPECT_EQ(oidc_calls_, 1);
  EXPECT_EQ(json::parse(test::read_text_file(cache("corp"))).as_object().at("accessToken").as_string(), "cached-access");

  clock_.advance(4min);  // now expired
  auto got = resolve("dev");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, "SsoTokenExpired");
  EXPECT_NE(got.error().message.find("run `aws sso login --profile dev`"), std::string::npos) << got.error().message;
  EXPECT_NE(got.error().message.find("invalid_grant"), std::string::npos) << got.error().message;
  EXPECT_EQ(portal_calls_, 1) << "an expired token is not sent to the portal";
}

TEST_F(SsoLoopback, LegacyProfileUsesTheStartUrlCacheAndNeverRefreshes) {
  write_cache("https://legacy.awsapps.com/start", 2h, false);
  auto got = resolve("legacy");
  ASSERT_OK(got);
  EXPECT_EQ(got->source, "sso profile legacy, account 111122223333, role PartnerCentralSync");

  write_cache("https://legacy.awsapps.com/start", -1min, true);  // expired; legacy tokens are not refreshed
  auto expired = resolve("legacy");
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "SsoTokenExpired");
  EXPECT_EQ(oidc_calls_, 0);
}

TEST_F(SsoLoopback, AMissingCacheSaysWhichFileAndToLogInAsTheServiceUser) {
  auto got = resolve("dev");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, "SsoTokenMissing");
  EXPECT_NE(got.error().message.find(cache("corp").string()), std::string::npos) << got.error().message;
  EXPECT_NE(got.error().message.find("run `aws sso login --profile dev` as the user pcsyncd runs as"),
            std::string::npos);
  EXPECT_EQ(portal_calls_, 0);
}

TEST_F(SsoLoopback, ATokenThePortalRefusesIsAnAccessErrorThatNamesTheProfileAndNeverTheToken) {
  write_cache("corp", 2h, true);
  valid_access_token_ = "something-else";
  auto got = resolve("dev");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, ErrorKind::access_denied);
  EXPECT_EQ(got.error().code, "UnauthorizedException");
  EXPECT_EQ(got.error().http_status, 401);
  EXPECT_NE(got.error().message.find("SSO profile dev"), std::string::npos);
  EXPECT_EQ(got.error().message.find("cached-access"), std::string::npos) << got.error().message;
}

// The service's message goes into the error as one safe line: a line break cannot forge a log line, and a long
// message is cut at a character, never inside one.
TEST_F(SsoLoopback, TheServicesMessageIsCutAtACharacterAndItsControlsEscaped) {
  write_cache("corp", 2h, true);
  valid_access_token_ = "something-else";
  std::string long_text;
  for (int i = 0; i < 250; ++i) long_text += "\u00e9";  // é, two bytes in UTF-8
  portal_refusal_ = R"({"message":"refused\r\n[error] forged line )" + long_text + R"("})";
  auto got = resolve("dev");
  ASSERT_FALSE(got.ok());
  const std::string& m = got.error().message;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  EXPECT_EQ(m.find('\r'), std::string::npos) << m;
  EXPECT_NE(m.find("refused\\r\\n[error] forged line"), std::string::npos) << m;
  EXPECT_NE(m.find("\u2026"), std::string::npos) << "cut short: " << m;
  for (std::size_t at = 0; at < m.size();) {
    const auto c = decode_utf8_at(m, at);
    ASSERT_TRUE(c.valid) << "byte " << at << " of " << m;
    at += c.length;
  }
}

TEST_F(SsoLoopback, AnAssumedRoleProfileWithMfaSerialIsRefusedBeforeAnyCall) {
  write_cache("https://legacy.awsapps.com/start", 2h, false);
  auto got = resolve("mfa");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, "MfaNotSupported");
  EXPECT_EQ(got.error().kind, ErrorKind::config);
  EXPECT_NE(got.error().message.find("profile mfa has mfa_serial"), std::string::npos) << got.error().message;
  EXPECT_NE(got.error().message.find("cannot prompt"), std::string::npos);
  EXPECT_EQ(portal_calls_, 0);
}

}  // namespace
}  // namespace pcs::aws
