// The network providers against real loopback servers (lib/net HttpServer) through the production transport
// factory (lib/net HttpClient): the same flows as the in-memory tests, over sockets.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // GCC PR 109224 on Asio's awaitable frames
#endif

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "aws/config/environment.hpp"
#include "aws/credentials/container_provider.hpp"
#include "aws/credentials/http_transport_factory.hpp"
#include "aws/credentials/imds_provider.hpp"
#include "aws/credentials/profile_provider.hpp"
#include "io_helpers.hpp"
#include "net/http_server.hpp"
#include "temp_dir.hpp"

namespace pcs::aws {
namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

net::ServerReply reply(int status, std::string body) {
  net::ServerReply r;
  r.response.status = status;
  r.response.body = std::move(body);
  return r;
}

std::string metadata_json(const std::string& id) {
  return R"({"Code":"Success","AccessKeyId":")" + id + R"(","SecretAccessKey":")" + kSecret +
         R"(","Token":"tok","Expiration":"2030-01-01T00:00:00Z"})";
}

std::string base(const net::HttpServer& s) { return "http://127.0.0.1:" + std::to_string(s.port()); }

TEST(CredentialsLoopback, ImdsTokenFlowOverSockets) {
  boost::asio::io_context io;
  int token_puts = 0;
  int unauthorized = 0;
  net::HttpServer imds(io.get_executor(), {}, [&](net::HttpRequest r, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
    if (r.method == "PUT" && r.target == "/latest/api/token") {
      ++token_puts;
      co_return reply(200, "TOKEN");
    }
    const std::string* t = r.header("X-aws-ec2-metadata-token");
    if (t == nullptr || *t != "TOKEN") {
      ++unauthorized;
      co_return reply(401, "");
    }
    if (r.target == "/latest/meta-data/iam/security-credentials/") co_return reply(200, "role-a");
    if (r.target == "/latest/meta-data/iam/security-credentials/role-a") co_return reply(200, metadata_json("ASIALOOP"));
    co_return reply(404, "");
  });
  ASSERT_OK(imds.start());
  MapEnvironment env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", base(imds)}});
  ImdsCredentialsProvider provider(env, make_http_transport_factory(io.get_executor(), env));
  std::optional<Result<Credentials>> got;
  ASSERT_TRUE(test::run_coroutine(io, [&]() -> boost::asio::awaitable<void> { got.emplace(co_await provider.resolve()); }()));
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->ok()) << got->error().describe();
  EXPECT_EQ((*got)->access_key_id, "ASIALOOP");
  EXPECT_EQ(token_puts, 1);
  EXPECT_EQ(unauthorized, 0);
}

TEST(CredentialsLoopback, ImdsAbsentIsNotFound) {
  boost::asio::io_context io;
  // A port nobody listens on: bind a server, note its port, stop it.
  std::uint16_t port = 0;
  {
    net::HttpServer s(io.get_executor(), {}, [](net::HttpRequest, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
      co_return reply(200, "");
    });
    ASSERT_OK(s.start());
    port = s.port();
  }
  MapEnvironment env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + std::to_string(port)}});
  ImdsCredentialsProvider provider(env, make_http_transport_factory(io.get_executor(), env));
  std::optional<Result<Credentials>> got;
  ASSERT_TRUE(test::run_coroutine(io, [&]() -> boost::asio::awaitable<void> { got.emplace(co_await provider.resolve()); }()));
  ASSERT_TRUE(got.has_value());
  ASSERT_FALSE(got->ok());
  EXPECT_EQ(got->error().code, "CredentialsNotFound") << got->error().describe();
}

TEST(CredentialsLoopback, ContainerEndpointWithTokenFile) {
  boost::asio::io_context io;
  pcs::test::TempDir dir;
  auto token_file = dir.write("token", "container-secret-token\n");
  net::HttpServer server(io.get_executor(), {}, [&](net::HttpRequest r, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
    const std::string* auth = r.header("Authorization");
    if (auth == nullptr || *auth != "container-secret-token") co_return reply(403, "{}");
    co_return reply(200, metadata_json("ASIACONT"));
  });
  ASSERT_OK(server.start());
  MapEnvironment env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", base(server) + "/v1/credentials"},
                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()}});
  ContainerCredentialsProvider provider(env, make_http_transport_factory(io.get_executor(), env));
  std::optional<Result<Credentials>> got;
  ASSERT_TRUE(test::run_coroutine(io, [&]() -> boost::asio::awaitable<void> { got.emplace(co_await provider.resolve()); }()));
  ASSERT_TRUE(got.has_value() && got->ok()) << got->error().describe();
  EXPECT_EQ((*got)->access_key_id, "ASIACONT");

  dir.write("token", "wrong-token");
  got.reset();
  ASSERT_TRUE(test::run_coroutine(io, [&]() -> boost::asio::awaitable<void> { got.emplace(co_await provider.resolve()); }()));
  ASSERT_TRUE(got.has_value());
  ASSERT_FALSE(got->ok());
  EXPECT_EQ(got->error().http_status, 403);
  EXPECT_EQ(got->error().message.find("wrong-token"), std::string::npos);
}

TEST(CredentialsLoopback, ProfileAssumeRoleThroughSts) {
  boost::asio::io_context io;
  std::string last_body;
  net::HttpServer sts(io.get_executor(), {}, [&](net::HttpRequest r, net::ConnectionInfo) -> boost::asio::awaitable<net::ServerReply> {
    last_body = r.body;
    if (r.header("Authorization") == nullptr) co_return reply(403, "");
    co_return reply(200,
                    "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIASTS</AccessKeyId>"
                    "<SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>"
                    "<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>"
                    "</AssumeRoleResponse>");
  });
  ASSERT_OK(sts.start());
  MapEnvironment env({{"AWS_ENDPOINT_URL_STS", base(sts)}});
  auto c = parse_ini("[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n"
                     "[profile k]\naws_access_key_id = AKIDK\naws_secret_access_key = S\n",
                     "config");
  ASSERT_OK(c);
  auto set = std::make_shared<ProfileSet>(merge_profile_files(*c, IniFile{}));
  FakeClock clock;
  ProfileCredentialsProvider provider(set, env, make_http_transport_factory(io.get_executor(), env), clock,
                                      ProfileProviderOptions{"r", "us-east-1", {}});
  std::optional<Result<Credentials>> got;
  ASSERT_TRUE(test::run_coroutine(io, [&]() -> boost::asio::awaitable<void> { got.emplace(co_await provider.resolve()); }()));
  ASSERT_TRUE(got.has_value() && got->ok()) << got->error().describe();
  EXPECT_EQ((*got)->access_key_id, "ASIASTS");
  EXPECT_NE(last_body.find("Action=AssumeRole&Version=2011-06-15"), std::string::npos);
}

}  // namespace
}  // namespace pcs::aws
