#include <gtest/gtest.h>

#include "aws/config/environment.hpp"
#include "aws/credentials/chain_provider.hpp"
#include "aws/credentials/container_provider.hpp"
#include "aws/credentials/environment_provider.hpp"
#include "aws/credentials/imds_provider.hpp"
#include "aws/credentials/json_credentials.hpp"
#include "aws/credentials/profile_provider.hpp"
#include "aws/credentials/sts_client.hpp"
#include "aws/credentials/web_identity_provider.hpp"
#include "aws/credentials/xml_extract.hpp"
#include "aws/sigv4.hpp"
#include "core/time_format.hpp"
#include "credentials_async_util.hpp"
#include "temp_dir.hpp"

namespace pcs::aws {
namespace {

using test::http_response;
using test::run_awaitable;
using test::SeenRequest;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "FQoGZXIvYXdzEXAMPLETOKEN";

std::string sts_success(const std::string& action, const std::string& key_id) {
  return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <" + action +
         "Result>\n    <Credentials>\n      <AccessKeyId>" + key_id +
         "</AccessKeyId>\n      <SecretAccessKey>" + std::string(kSecret) +
         "</SecretAccessKey>\n      <SessionToken>" + std::string(kToken) +
         "</SessionToken>\n      <Expiration>2030-01-01T00:00:00Z</Expiration>\n    </Credentials>\n"
         "    <AssumedRoleUser><Arn>arn:x</Arn></AssumedRoleUser>\n  </" +
         action + "Result>\n  <ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata>\n</" + action +
         "Response>\n";
}

std::string metadata_json(const std::string& key_id) {
  return R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":")" + key_id + R"(","SecretAccessKey":")" + kSecret +
         R"(","Token":")" + kToken + R"(","Expiration":"2030-01-01T00:00:00Z"})";
}

// ---- pure parts -------------------------------------------------------------------------------------------

TEST(CredentialsXml, FindsTextByPathIgnoringPrefixesAndComments) {
  const char* xml =
      "<?xml version=\"1.0\"?><!-- c --><a:Root xmlns:a=\"x\"><Other><B>no</B></Other>"
      "<B attr=\"v>w\">x &amp; y &lt;&#65;&#x42;&gt;</B><Empty/></a:Root>";
  auto b = xml_find_text(xml, {"Root", "B"});
  ASSERT_TRUE(b.ok()) << b.error().describe();
  EXPECT_EQ(b->value(), "x & y <AB>");
  EXPECT_EQ(xml_find_text(xml, {"Root", "Empty"})->value(), "");
  EXPECT_FALSE(xml_find_text(xml, {"Root", "Missing"})->has_value());
  EXPECT_FALSE(xml_find_text(xml, {"B"})->has_value());  // B is not the root
  EXPECT_EQ(xml_unescape("&bogus;"), std::nullopt);
  EXPECT_EQ(xml_escape("<&>\"'"), "&lt;&amp;&gt;&quot;&apos;");
}

TEST(CredentialsXml, MalformedDocumentsAreProtocolErrors) {
  for (const char* bad : {"<a><b>text</a>", "<a><b>", "<a attr=\"x>", "plain text", "<a></a><b></b>",
                          "<a><b>&nope;</b></a>", "<!-- unterminated"}) {
    auto r = xml_find_text(bad, {"a", "b"});
    if (r.ok()) {
      EXPECT_FALSE(r->has_value()) << bad;  // a document may end before the path is reached only if well-formed
      ADD_FAILURE() << "accepted malformed XML: " << bad;
    } else {
      EXPECT_EQ(r.error().kind, ErrorKind::protocol) << bad;
      EXPECT_EQ(r.error().code, "MalformedXml");
    }
  }
}

TEST(CredentialsSts, BuildsFormEncodedAssumeRole) {
  AssumeRoleParams p{"arn:aws:iam::123456789012:role/demo", "", std::string("ext id/1"), 900};
  auto req = build_assume_role_request(p, "sts.eu-west-1.amazonaws.com", "/", WallTime{std::chrono::seconds{1700000000}});
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(*req.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(req.body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
            "&RoleSessionName=pcsyncd-1700000000&DurationSeconds=900&ExternalId=ext%20id%2F1");
  MapEnvironment env;
  EXPECT_EQ(sts_endpoint_url(env, "eu-west-1"), "https://sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(sts_endpoint_url(env, "cn-north-1"), "https://sts.cn-north-1.amazonaws.com.cn");
  env.set("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
  EXPECT_EQ(sts_endpoint_url(env, "eu-west-1"), "http://127.0.0.1:1");
  env.set("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:2");
  EXPECT_EQ(sts_endpoint_url(env, "eu-west-1"), "http://127.0.0.1:2");
  env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  EXPECT_EQ(sts_endpoint_url(env, "eu-west-1"), "https://sts.eu-west-1.amazonaws.com");
}

TEST(CredentialsSts, ParsesSuccessAndErrors) {
  auto ok = parse_sts_response(http_response(200, sts_success("AssumeRole", "ASIAEXAMPLE")), "AssumeRole");
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(ok->access_key_id, "ASIAEXAMPLE");
  EXPECT_EQ(ok->secret_access_key, kSecret);
  EXPECT_EQ(ok->session_token, kToken);
  EXPECT_EQ(ok->expiration, parse_iso8601("2030-01-01T00:00:00Z"));

  const char* denied =
      "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
      "<Code>AccessDenied</Code><Message>User: arn:x is not authorized to perform: sts:AssumeRole</Message>"
      "</Error><RequestId>rid-err</RequestId></ErrorResponse>";
  auto e = parse_sts_response(http_response(403, denied), "AssumeRole");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "AccessDenied");
  EXPECT_EQ(e.error().kind, ErrorKind::access_denied);
  EXPECT_EQ(e.error().request_id, "rid-err");
  EXPECT_EQ(e.error().http_status, 403);
  EXPECT_NE(e.error().message.find("not authorized"), std::string::npos);
  EXPECT_FALSE(e.error().retryable);

  auto throttled = parse_sts_response(
      http_response(400, "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"),
      "AssumeRole");
  EXPECT_EQ(throttled.error().kind, ErrorKind::throttling);
  EXPECT_TRUE(throttled.error().retryable);

  auto garbage = parse_sts_response(http_response(502, "<html>bad gateway"), "AssumeRole");
  EXPECT_EQ(garbage.error().kind, ErrorKind::server);
  auto missing = parse_sts_response(http_response(200, "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>"),
                                    "AssumeRole");
  EXPECT_EQ(missing.error().code, "MalformedStsResponse");
  auto broken = parse_sts_response(http_response(200, "<AssumeRoleResponse><AssumeRoleResult>"), "AssumeRole");
  EXPECT_EQ(broken.error().code, "MalformedXml");
}

TEST(CredentialsJson, MetadataAndProcessDocuments) {
  auto m = parse_metadata_credentials(metadata_json("ASIAMETA"), "imds");
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->session_token, kToken);
  EXPECT_TRUE(m->expiration.has_value());
  auto p = parse_process_credentials(R"({"Version":1,"AccessKeyId":"AKIDP","SecretAccessKey":"s"})", "proc");
  ASSERT_OK(p);
  EXPECT_FALSE(p->expiration.has_value());
  EXPECT_TRUE(p->session_token.empty());

  struct Bad {
    const char* json;
    const char* expect;
  } bad[] = {
      {R"({"Version":2,"AccessKeyId":"a","SecretAccessKey":"s"})", "Version"},
      {R"({"Version":1,"SecretAccessKey":"SECRETVALUE"})", "AccessKeyId"},
      {R"({"Version":1,"AccessKeyId":"a","SecretAccessKey":"SECRETVALUE","Expiration":"soon"})", "Expiration"},
      {R"({"Version":1,"AccessKeyId":"a","SecretAccessKey":42})", "SecretAccessKey"},
      {R"({"Version":1,"AccessKeyId":"a","SecretAccessKey":"SECRETVALUE")", "not valid JSON"},
      {R"(["SECRETVALUE"])", "not an object"},
  };
  for (const auto& b : bad) {
    auto r = parse_process_credentials(b.json, "proc");
    ASSERT_FALSE(r.ok()) << b.json;
    EXPECT_EQ(r.error().code, "MalformedCredentials");
    EXPECT_NE(r.error().message.find(b.expect), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find("SECRETVALUE"), std::string::npos) << r.error().message;
  }
  auto failed = parse_metadata_credentials(R"({"Code":"AssumeRoleUnauthorizedAccess"})", "imds");
  EXPECT_EQ(failed.error().code, "CredentialsUnavailable");
}

// Found by fuzzing (tests/fuzz/regressions/sts_response, .../json_credentials): STS's code, message and request
// id, and a metadata endpoint's Code, reached log lines unescaped (a character reference &#10; is a newline); an
// empty <Code/> made an Error without a code; a year outside what WallTime holds overflowed.
TEST(CredentialsSts, TextFromTheAnswerIsEscapedOntoOneLine) {
  auto r = http_response(403, "<ErrorResponse><Error><Code>AccessDenied&#27;[31m</Code><Message>line1&#10;line2</Message>"
                      "</Error><RequestId>rid&#13;</RequestId></ErrorResponse>");
  auto e = parse_sts_response(r, "AssumeRole");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "AccessDenied\\x1b[31m");
  EXPECT_NE(e.error().message.find("line1\\nline2"), std::string::npos) << e.error().message;
  EXPECT_EQ(e.error().request_id, "rid\\r");
  EXPECT_EQ(e.error().describe().find_first_of("\r\n\x1b"), std::string::npos) << e.error().describe();

  auto empty =
      parse_sts_response(http_response(400, "<ErrorResponse><Error><Code></Code></Error></ErrorResponse>"), "AssumeRole");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "StsError");
  EXPECT_EQ(empty.error().kind, ErrorKind::protocol);

  auto far = parse_sts_response(
      http_response(200, "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S"
                 "</SecretAccessKey><SessionToken>T</SessionToken><Expiration>9999-12-31T23:59:59Z</Expiration>"
                 "</Credentials></AssumeRoleResult></AssumeRoleResponse>"),
      "AssumeRole");
  ASSERT_TRUE(far.ok()) << far.error().describe();
  EXPECT_GT(far->expiration, parse_iso8601("2200-01-01T00:00:00Z"));
}

TEST(CredentialsJson, MetadataCodeIsEscapedAndFarExpirationsRead) {
  auto failed = parse_metadata_credentials(R"({"Code":"AssumeRole\u007fUnauthorized\nAccess"})", "imds");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find(R"("AssumeRole\x7fUnauthorized\nAccess")"), std::string::npos)
      << failed.error().message;
  auto old = parse_process_credentials(
      R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"1015-01-01T00:00:00.123+02:00"})", "proc");
  ASSERT_TRUE(old.ok()) << old.error().describe();
  EXPECT_LT(old->expiration, parse_iso8601("1700-01-01T00:00:00Z"));
}

TEST(CredentialsEnvironment, KeysAndIncompletePairs) {
  auto none = credentials_from_environment(MapEnvironment{});
  EXPECT_EQ(none.error().code, "CredentialsNotFound");
  auto half = credentials_from_environment(MapEnvironment({{"AWS_ACCESS_KEY_ID", "AKID"}}));
  EXPECT_EQ(half.error().code, "IncompleteCredentials");
  auto c = credentials_from_environment(MapEnvironment(
      {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE12345"}, {"AWS_SECRET_ACCESS_KEY", kSecret}, {"AWS_SESSION_TOKEN", kToken}}));
  ASSERT_OK(c);
  EXPECT_EQ(c->session_token, kToken);
  EXPECT_EQ(c->source, "environment");
  const std::string red = c->redacted();
  EXPECT_EQ(red.find(kSecret), std::string::npos);
  EXPECT_EQ(red.find(kToken), std::string::npos);
  EXPECT_EQ(red.find("AKIDEXAMPLE12345"), std::string::npos);  // the key id is shortened too
}

TEST(CredentialsContainer, UrlRules) {
  EXPECT_EQ(*container_credentials_url(MapEnvironment({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds"}})),
            "http://169.254.170.2/v2/creds");
  for (const char* ok : {"http://127.0.0.1:8080/c", "http://169.254.170.23/v1/credentials", "https://creds.example/x",
                         "http://[::1]:9/c", "http://localhost/c", "http://[fd00:ec2::23]/c"}) {
    EXPECT_TRUE(container_credentials_url(MapEnvironment({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ok}})).ok()) << ok;
  }
  for (const char* bad : {"http://example.com/c", "http://10.0.0.1/c", "ftp://127.0.0.1/c", "http://127.0.0.1.evil/"}) {
    auto r = container_credentials_url(MapEnvironment({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", bad}}));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::config);
  }
  EXPECT_EQ(container_credentials_url(MapEnvironment{}).error().code, "CredentialsNotFound");
}

// ---- providers over a fake transport -------------------------------------------------------------------

TEST(CredentialsContainer, SendsTheTokenFromItsFile) {
  pcs::test::TempDir dir;
  auto token_file = dir.write("token", "Bearer-token-value\n");
  MapEnvironment env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:4567/creds?x=1"},
                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-file-set"},
                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()}});
  std::vector<SeenRequest> seen;
  auto handler = [](const std::string&, const net::HttpRequest& r) {
    const std::string* auth = r.header("Authorization");
    if (auth == nullptr || *auth != "Bearer-token-value") return http_response(401, "{}");
    return http_response(200, metadata_json("ASIACONTAINER"));
  };
  ContainerCredentialsProvider p(env, test::fake_factory(handler, &seen));
  boost::asio::io_context io;
  auto r = run_awaitable(io, p.resolve());
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->ok()) << r->error().describe();
  EXPECT_EQ((*r)->access_key_id, "ASIACONTAINER");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].base_url, "http://127.0.0.1:4567");
  EXPECT_EQ(seen[0].request.target, "/creds?x=1");
  EXPECT_EQ(seen[0].request.method, "GET");

  // Without the file the token variable is used; the fake refuses it and the error says what to check.
  env.unset("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  auto denied = run_awaitable(io, p.resolve());
  ASSERT_TRUE(denied.has_value());
  ASSERT_FALSE(denied->ok());
  EXPECT_EQ(denied->error().http_status, 401);
  EXPECT_NE(denied->error().message.find("AWS_CONTAINER_AUTHORIZATION_TOKEN"), std::string::npos);
  EXPECT_EQ(denied->error().message.find("ignored-when-file-set"), std::string::npos);
}

// A fake IMDS: tokens required (401 without one), one role.
net::HttpResponse fake_imds(const std::string&, const net::HttpRequest& r, int* token_puts) {
  if (r.method == "PUT" && r.target == "/latest/api/token") {
    ++*token_puts;
    const std::string* ttl = r.header("X-aws-ec2-metadata-token-ttl-seconds");
    if (ttl == nullptr) return http_response(400, "");
    return http_response(200, "TOKEN-" + std::to_string(*token_puts));
  }
  const std::string* tok = r.header("X-aws-ec2-metadata-token");
  // The first token is treated as expired so the provider must fetch another.
  if (tok == nullptr || *tok == "TOKEN-1") return http_response(401, "");
  if (r.target == "/latest/meta-data/iam/security-credentials/") return http_response(200, "pcsync-role\n");
  if (r.target == "/latest/meta-data/iam/security-credentials/pcsync-role") return http_response(200, metadata_json("ASIAIMDS"));
  return http_response(404, "");
}

TEST(CredentialsImds, TokenFlowWithStaleTokenRetry) {
  MapEnvironment env;
  std::vector<SeenRequest> seen;
  int puts = 0;
  ImdsCredentialsProvider p(env, test::fake_factory([&](const std::string& b, const net::HttpRequest& r) {
                              return fake_imds(b, r, &puts);
                            }, &seen));
  boost::asio::io_context io;
  auto r = run_awaitable(io, p.resolve());
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->ok()) << r->error().describe();
  EXPECT_EQ((*r)->access_key_id, "ASIAIMDS");
  EXPECT_EQ((*r)->source, "imds role pcsync-role");
  EXPECT_EQ(puts, 2);  // the 401 forced one new token
  EXPECT_EQ(seen.front().base_url, "http://169.254.169.254");
  EXPECT_EQ(*seen.front().request.header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
}

TEST(CredentialsImds, EndpointOverrideDisabledAndAbsent) {
  MapEnvironment env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9999/"}});
  EXPECT_EQ(imds_endpoint_url(env), "http://127.0.0.1:9999");
  EXPECT_EQ(imds_endpoint_url(MapEnvironment({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}})),
            "http://[fd00:ec2::254]");
  std::vector<SeenRequest> seen;
  boost::asio::io_context io;
  // Nothing answers: "not on EC2", so the chain may move on.
  ImdsCredentialsProvider absent(env, test::fake_factory(nullptr, &seen));
  auto r = run_awaitable(io, absent.resolve());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error().code, "CredentialsNotFound");
  EXPECT_EQ(seen.at(0).base_url, "http://127.0.0.1:9999");
  env.set("AWS_EC2_METADATA_DISABLED", "true");
  seen.clear();
  auto d = run_awaitable(io, absent.resolve());
  EXPECT_EQ(d->error().code, "CredentialsNotFound");
  EXPECT_TRUE(seen.empty());
}

TEST(CredentialsImds, FallsBackToV1UnlessDisabled) {
  MapEnvironment env;
  std::vector<SeenRequest> seen;
  auto v1_only = [](const std::string&, const net::HttpRequest& r) {
    if (r.method == "PUT") return http_response(403, "");
    if (r.header("X-aws-ec2-metadata-token") != nullptr) return http_response(400, "");
    if (r.target.ends_with("/security-credentials/")) return http_response(200, "role");
    return http_response(200, metadata_json("ASIAV1"));
  };
  ImdsCredentialsProvider p(env, test::fake_factory(v1_only, &seen));
  boost::asio::io_context io;
  auto r = run_awaitable(io, p.resolve());
  ASSERT_TRUE(r.has_value() && r->ok());
  EXPECT_EQ((*r)->access_key_id, "ASIAV1");
  env.set("AWS_EC2_METADATA_V1_DISABLED", "true");
  auto refused = run_awaitable(io, p.resolve());
  ASSERT_TRUE(refused.has_value());
  ASSERT_FALSE(refused->ok());
  EXPECT_EQ(refused->error().http_status, 403);
}

// A fake STS that checks the AssumeRole call is signed by the expected key and answers per role.
struct FakeSts {
  std::vector<std::string> bodies;
  net::HttpResponse operator()(const std::string&, const net::HttpRequest& r) {
    bodies.push_back(r.body);
    if (r.body.find("Action=AssumeRoleWithWebIdentity") != std::string::npos) {
      if (r.header("Authorization") != nullptr) return http_response(400, "");  // must be unsigned
      if (r.body.find("WebIdentityToken=oidc-token") == std::string::npos) {
        return http_response(400, "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad</Message></Error>"
                          "</ErrorResponse>");
      }
      return http_response(200, sts_success("AssumeRoleWithWebIdentity", "ASIAWEB"));
    }
    const std::string* auth = r.header("Authorization");
    if (auth == nullptr) return http_response(403, "");
    auto parsed = parse_authorization(*auth);
    if (!parsed || parsed->service != "sts") return http_response(403, "");
    if (r.body.find("role%2Fdenied") != std::string::npos) {
      return http_response(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed</Message></Error>"
                        "<RequestId>rid-d</RequestId></ErrorResponse>");
    }
    return http_response(200, sts_success("AssumeRole", "ASIAROLE-" + parsed->access_key_id));
  }
};

TEST(CredentialsWebIdentity, EnvironmentDrivenAssumeRoleWithWebIdentity) {
  pcs::test::TempDir dir;
  auto token = dir.write("token", "oidc-token\n");
  MapEnvironment env({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()},
                      {"AWS_ROLE_ARN", "arn:aws:iam::1:role/web"},
                      {"AWS_ROLE_SESSION_NAME", "sess"},
                      {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:7777"}});
  FakeClock clock;
  std::vector<SeenRequest> seen;
  auto sts = std::make_shared<FakeSts>();
  EnvironmentWebIdentityProvider p(env, "us-west-2",
                                   test::fake_factory([sts](auto& b, auto& r) { return (*sts)(b, r); }, &seen), clock);
  boost::asio::io_context io;
  auto r = run_awaitable(io, p.resolve());
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->ok()) << r->error().describe();
  EXPECT_EQ((*r)->access_key_id, "ASIAWEB");
  EXPECT_NE(sts->bodies.at(0).find("RoleSessionName=sess"), std::string::npos);
  EXPECT_EQ(seen.at(0).base_url, "http://127.0.0.1:7777");

  EXPECT_EQ(run_awaitable(io, EnvironmentWebIdentityProvider(MapEnvironment{}, "us-east-1", nullptr, clock).resolve())
                ->error()
                .code,
            "CredentialsNotFound");
  dir.write("token", "other-token");
  auto bad = run_awaitable(io, p.resolve());
  ASSERT_FALSE(bad->ok());
  EXPECT_EQ(bad->error().code, "InvalidIdentityToken");
  EXPECT_EQ(bad->error().message.find("other-token"), std::string::npos);
}

std::shared_ptr<const ProfileSet> profiles(const char* config, const char* credentials = "") {
  auto c = parse_ini(config, "config");
  auto k = parse_ini(credentials, "credentials");
  EXPECT_TRUE(c.ok() && k.ok());
  return std::make_shared<ProfileSet>(merge_profile_files(*c, *k));
}

struct ProfileFixture : ::testing::Test {
  FakeClock clock;
  std::vector<SeenRequest> seen;
  std::shared_ptr<FakeSts> sts = std::make_shared<FakeSts>();
  MapEnvironment env{{{"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:7777"}}};
  boost::asio::io_context io;

  Result<Credentials> resolve(std::shared_ptr<const ProfileSet> set, const std::string& name) {
    ProfileCredentialsProvider p(set, env, test::fake_factory([s = sts](auto& b, auto& r) { return (*s)(b, r); }, &seen),
                                 clock, ProfileProviderOptions{name, "eu-west-1", {}});
    auto r = run_awaitable(io, p.resolve());
    if (!r) return make_error(ErrorKind::timeout, "Hang", "did not complete");
    return std::move(*r);
  }
};

TEST_F(ProfileFixture, StaticKeysFromTheCredentialsFile) {
  auto r = resolve(profiles("[profile a]\nregion = x\n", "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = S\n"),
                   "a");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->access_key_id, "AKIDA");
  EXPECT_EQ(r->source, "profile a");
  EXPECT_EQ(resolve(profiles(""), "default").error().code, "CredentialsNotFound");
  EXPECT_EQ(resolve(profiles("[default]\nregion = x\n"), "default").error().code, "CredentialsNotFound");
  EXPECT_EQ(resolve(profiles("[default]\naws_access_key_id = A\n"), "default").error().code, "InvalidProfile");
}

TEST_F(ProfileFixture, RoleChainThroughSourceProfiles) {
  auto set = profiles(
      "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = S\n"
      "[profile mid]\nrole_arn = arn:aws:iam::1:role/mid\nsource_profile = base\n"
      "[profile top]\nrole_arn = arn:aws:iam::1:role/top\nsource_profile = mid\nexternal_id = ext\n"
      "role_session_name = mysess\nduration_seconds = 1800\n");
  auto r = resolve(set, "top");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  // top was assumed with mid's credentials, which were assumed with base's keys.
  EXPECT_EQ(r->access_key_id, "ASIAROLE-ASIAROLE-AKIDBASE");
  ASSERT_EQ(sts->bodies.size(), 2u);
  EXPECT_NE(sts->bodies[1].find("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Ftop"), std::string::npos);
  EXPECT_NE(sts->bodies[1].find("ExternalId=ext"), std::string::npos);
  EXPECT_NE(sts->bodies[1].find("RoleSessionName=mysess"), std::string::npos);
  EXPECT_NE(sts->bodies[1].find("DurationSeconds=1800"), std::string::npos);
  ASSERT_FALSE(seen.empty());
  EXPECT_NE(seen[0].request.header("Authorization")->find("/eu-west-1/sts/aws4_request"), std::string::npos);
}

TEST_F(ProfileFixture, SelfReferenceCyclesAndBadConfigurations) {
  auto self = resolve(profiles("[profile s]\nrole_arn = arn:aws:iam::1:role/s\nsource_profile = s\n"
                               "aws_access_key_id = AKIDSELF\naws_secret_access_key = S\n"),
                      "s");
  ASSERT_TRUE(self.ok()) << self.error().describe();
  EXPECT_EQ(self->access_key_id, "ASIAROLE-AKIDSELF");

  auto cycle = resolve(profiles("[profile a]\nrole_arn = r\nsource_profile = b\n"
                                "[profile b]\nrole_arn = r\nsource_profile = a\n"),
                       "a");
  ASSERT_FALSE(cycle.ok());
  EXPECT_NE(cycle.error().message.find("cycle"), std::string::npos);

  auto both = resolve(profiles("[profile a]\nrole_arn = r\nsource_profile = b\ncredential_source = Environment\n"), "a");
  EXPECT_EQ(both.error().code, "InvalidProfile");
  auto neither = resolve(profiles("[profile a]\nrole_arn = r\n"), "a");
  EXPECT_EQ(neither.error().code, "InvalidProfile");
  auto missing_source = resolve(profiles("[profile a]\nrole_arn = r\nsource_profile = ghost\n"), "a");
  EXPECT_EQ(missing_source.error().code, "InvalidProfile");
  auto bad_source = resolve(profiles("[profile a]\nrole_arn = r\ncredential_source = Somewhere\n"), "a");
  EXPECT_NE(bad_source.error().message.find("Somewhere"), std::string::npos);
  auto bad_duration = resolve(profiles("[profile a]\nrole_arn = r\nsource_profile = a\naws_access_key_id = A\n"
                                       "aws_secret_access_key = S\nduration_seconds = 60\n"),
                              "a");
  EXPECT_NE(bad_duration.error().message.find("duration_seconds"), std::string::npos);

  auto denied = resolve(profiles("[profile a]\nrole_arn = arn:aws:iam::1:role/denied\ncredential_source = Environment\n"),
                        "a");
  EXPECT_EQ(denied.error().code, "InvalidProfile");  // Environment has no keys: configured but missing
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", kSecret);
  auto denied2 = resolve(profiles("[profile a]\nrole_arn = arn:aws:iam::1:role/denied\ncredential_source = Environment\n"),
                         "a");
  ASSERT_FALSE(denied2.ok());
  EXPECT_EQ(denied2.error().code, "AccessDenied");
  EXPECT_EQ(denied2.error().request_id, "rid-d");
  EXPECT_EQ(denied2.error().message.find(kSecret), std::string::npos);
}

TEST_F(ProfileFixture, CredentialSourceEnvironmentAndWebIdentityProfile) {
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", kSecret);
  auto r = resolve(profiles("[default]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Environment\n"), "default");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->access_key_id, "ASIAROLE-AKIDENV");

  pcs::test::TempDir dir;
  auto token = dir.write("t", "oidc-token");
  const std::string cfg = "[profile w]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = " + token.string() + "\n";
  auto w = resolve(profiles(cfg.c_str()), "w");
  ASSERT_TRUE(w.ok()) << w.error().describe();
  EXPECT_EQ(w->access_key_id, "ASIAWEB");
}

TEST(CredentialsChain, OrderAndStopOnBrokenSource) {
  FakeClock clock;
  std::vector<SeenRequest> seen;
  MapEnvironment env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"}});
  auto set = profiles("[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = S\n");
  int puts = 0;
  auto factory = test::fake_factory([&](const std::string& b, const net::HttpRequest& r) { return fake_imds(b, r, &puts); },
                                    &seen);
  boost::asio::io_context io;
  auto chain = make_default_chain(env, factory, clock, DefaultChainOptions{set, "default", "us-east-1", {}});

  auto first = run_awaitable(io, chain->resolve());
  ASSERT_TRUE(first.has_value() && first->ok()) << first->error().describe();
  EXPECT_EQ((*first)->access_key_id, "AKIDPROFILE");  // profile before IMDS
  EXPECT_TRUE(seen.empty());

  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", "S");
  EXPECT_EQ(run_awaitable(io, chain->resolve())->value().access_key_id, "AKIDENV");  // environment first

  // Nothing but IMDS: the last link answers.
  env.unset("AWS_ACCESS_KEY_ID");
  env.unset("AWS_SECRET_ACCESS_KEY");
  auto imds_only = make_default_chain(env, factory, clock, DefaultChainOptions{profiles(""), "default", "us-east-1", {}});
  auto r = run_awaitable(io, imds_only->resolve());
  ASSERT_TRUE(r.has_value() && r->ok()) << r->error().describe();
  EXPECT_EQ((*r)->access_key_id, "ASIAIMDS");

  // A half-configured environment stops the chain instead of falling through to the profile.
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  auto broken = run_awaitable(io, chain->resolve());
  EXPECT_EQ(broken->error().code, "IncompleteCredentials");

  // Nothing anywhere: one error listing every link.
  env.unset("AWS_ACCESS_KEY_ID");
  env.set("AWS_EC2_METADATA_DISABLED", "true");
  auto none = run_awaitable(io, imds_only->resolve());
  ASSERT_FALSE(none->ok());
  EXPECT_EQ(none->error().code, "NoCredentials");
  for (const char* link : {"environment:", "web-identity:", "profile:", "container:", "imds:"}) {
    EXPECT_NE(none->error().message.find(link), std::string::npos) << link;
  }
}

}  // namespace
}  // namespace pcs::aws
