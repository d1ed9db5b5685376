#include <cstdlib>
#include <map>

#include <gtest/gtest.h>

#include "env_of.hpp"
#include "net/proxy.hpp"

namespace pcs::net {
namespace {

using testing::env_of;

TEST(ProxyUrl, ParsesHostPortAndCredentials) {
  auto p = parse_proxy_url("http://alice:s%40cret@Proxy.Corp:3128");
  ASSERT_TRUE(p.ok()) << p.error().describe();
  EXPECT_EQ(p->host, "proxy.corp");
  EXPECT_EQ(p->port, 3128);
  EXPECT_EQ(p->username, "alice");
  EXPECT_EQ(p->password, "s@cret");
  EXPECT_EQ(p->describe(), "proxy.corp:3128 (with credentials)");
  EXPECT_EQ(p->describe().find("cret"), std::string::npos);
}

TEST(ProxyUrl, BareHostPortIsHttpAndDefaultPortIs80) {
  auto bare = parse_proxy_url("10.1.2.3:8080");
  ASSERT_TRUE(bare.ok()) << bare.error().describe();
  EXPECT_EQ(bare->host, "10.1.2.3");
  EXPECT_EQ(bare->port, 8080);
  EXPECT_TRUE(bare->username.empty());
  auto noport = parse_proxy_url("http://proxy/");
  ASSERT_OK(noport);
  EXPECT_EQ(noport->port, 80);
}

TEST(ProxyUrl, RejectsHttpsProxiesPathsAndNeverEchoesThePassword) {
  for (const char* url : {"https://u:hunter2@proxy:443", "socks5://u:hunter2@proxy:1080", "http://u:hunter2@proxy:3128/path",
                          "http://u:hunter2@:3128"}) {
    auto p = parse_proxy_url(url);
    ASSERT_FALSE(p.ok()) << url;
    EXPECT_EQ(p.error().kind, ErrorKind::config);
    EXPECT_EQ(p.error().message.find("hunter2"), std::string::npos) << p.error().message;
  }
}

// NO_PROXY as curl reads it: `*`, an exact name, or a domain and its subdomains (a leading dot changes
// nothing); entries separated by commas or spaces, case-insensitive, ports ignored; no globs, no CIDR.
TEST(NoProxy, MatchesAsCurlDoes) {
  const char* list = " internal.corp , .AMAZONAWS.com  169.254.169.254,example.org:8443 [::1]:80";
  struct Row {
    const char* no_proxy;
    const char* host;
    bool bypass;
  };
  const Row rows[] = {
      {"*", "anything.example", true},
      {"example.com", "example.com", true},
      {"example.com", "api.example.com", true},
      {".example.com", "api.example.com", true},
      {".example.com", "example.com", true},
      {"example.com", "badexample.com", false},
      {"api.example.com", "example.com", false},
      {"", "example.com", false},
      {"*.example.com", "api.example.com", false},  // glob syntax is not NO_PROXY syntax
      {list, "sts.us-east-1.amazonaws.com", true},
      {list, "Host.Internal.Corp", true},
      {list, "169.254.169.254", true},
      {list, "example.org", true},
      {list, "::1", true},
      {list, "[::1]", true},
      {list, "partnercentral-selling.us-east-1.api.aws", false},
      {list, "169.254.169.25", false},
  };
  for (const auto& r : rows) EXPECT_EQ(no_proxy_matches(r.no_proxy, r.host), r.bypass) << r.no_proxy << " / " << r.host;
}

TEST(ProxyFor, UsesHttpsProxyUnlessNoProxyMatches) {
  auto env = env_of({{"HTTPS_PROXY", "http://proxy.corp:3128"}, {"NO_PROXY", ".internal"}});
  auto p = proxy_for("partnercentral-selling.us-east-1.api.aws", true, env);
  ASSERT_OK(p);
  ASSERT_TRUE(p->has_value());
  EXPECT_EQ((*p)->host, "proxy.corp");
  EXPECT_EQ((*p)->port, 3128);

  auto bypass = proxy_for("svc.internal", true, env);
  ASSERT_OK(bypass);
  EXPECT_FALSE(bypass->has_value());
}

TEST(ProxyFor, LowercaseWinsHttpUsesHttpProxyAndLoopbackIsAlwaysDirect) {
  auto env = env_of({{"https_proxy", "http://lower:1"}, {"HTTPS_PROXY", "http://upper:2"}, {"HTTP_PROXY", "http://plain:3"}});
  auto p = proxy_for("api.aws", true, env);
  ASSERT_OK(p);
  ASSERT_TRUE(p->has_value());
  EXPECT_EQ((*p)->host, "lower");

  auto env2 = env_of({{"HTTP_PROXY", "http://plain:3"}});
  auto h = proxy_for("api.aws", false, env2);
  ASSERT_OK(h);
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ((*h)->host, "plain");
  auto none = proxy_for("api.aws", true, env2);
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value()) << "HTTP_PROXY is not used for https targets";

  auto local = proxy_for("127.0.0.1", true, env_of({{"HTTPS_PROXY", "http://proxy:3128"}}));
  ASSERT_OK(local);
  EXPECT_FALSE(local->has_value());
}

TEST(ProxyFor, MalformedVariableIsAConfigErrorNamingTheVariableNotItsValue) {
  auto p = proxy_for("api.aws", true, env_of({{"HTTPS_PROXY", "https://bob:topsecret@proxy:443"}}));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::config);
  EXPECT_NE(p.error().message.find("HTTPS_PROXY"), std::string::npos);
  EXPECT_EQ(p.error().message.find("topsecret"), std::string::npos);
}

TEST(ProxyFromEnvironment, ReadsTheProcessEnvironment) {
  ::setenv("https_proxy", "http://env-proxy.test:8888", 1);
  ::setenv("no_proxy", "skip.test", 1);
  auto used = proxy_from_environment("api.aws");
  auto skipped = proxy_from_environment("svc.skip.test");
  ::unsetenv("https_proxy");
  ::unsetenv("no_proxy");
  ASSERT_OK(used);
  ASSERT_TRUE(used->has_value());
  EXPECT_EQ((*used)->host, "env-proxy.test");
  EXPECT_EQ((*used)->port, 8888);
  ASSERT_OK(skipped);
  EXPECT_FALSE(skipped->has_value());
}

}  // namespace
}  // namespace pcs::net
