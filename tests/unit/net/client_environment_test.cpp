#include <map>

#include <gtest/gtest.h>

#include "env_of.hpp"
#include "net/http_client.hpp"

namespace pcs::net {
namespace {

using testing::env_of;

TEST(ClientEnvironment, FillsCaBundleAndProxyForTheEndpointHost) {
  HttpClientOptions o;
  o.endpoint_url = "https://partnercentral-selling.us-east-1.api.aws";
  auto st = apply_environment(o, env_of({{"AWS_CA_BUNDLE", "/etc/corp-ca.pem"}, {"HTTPS_PROXY", "http://proxy:3128"}}));
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(o.ca_file, "/etc/corp-ca.pem");
  ASSERT_TRUE(o.proxy.has_value());
  EXPECT_EQ(o.proxy->host, "proxy");
  EXPECT_EQ(o.proxy->port, 3128);
}

TEST(ClientEnvironment, ExplicitSettingsWinAndNoProxyAndMetadataBypass) {
  HttpClientOptions o;
  o.endpoint_url = "https://api.internal.corp";
  o.ca_file = "/explicit.pem";
  auto env = env_of({{"AWS_CA_BUNDLE", "/env.pem"}, {"HTTPS_PROXY", "http://proxy:3128"},
                     {"HTTP_PROXY", "http://proxy:3128"}, {"NO_PROXY", ".internal.corp"}});
  ASSERT_TRUE(apply_environment(o, env).ok());
  EXPECT_EQ(o.ca_file, "/explicit.pem");
  EXPECT_FALSE(o.proxy.has_value());

  HttpClientOptions imds;
  imds.endpoint_url = "http://169.254.169.254";
  imds.allow_http_to_aws_metadata = true;
  ASSERT_TRUE(apply_environment(imds, env).ok());
  EXPECT_FALSE(imds.proxy.has_value()) << "link-local metadata is never proxied";
}

// Every outbound client built from one OutboundSettings trusts its CA bundle and uses its proxy; loopback
// (webhook receivers on the host) stays direct, and no environment means no proxy.
TEST(ClientEnvironment, OutboundSettingsGiveEveryClientTheSameTrustAndProxy) {
  const OutboundSettings outbound{"/etc/pcsyncd/ca.pem",
                                  env_of({{"AWS_CA_BUNDLE", "/env.pem"}, {"HTTPS_PROXY", "http://proxy:3128"}}),
                                  "pcsyncd/9.9.9 ua/2.1 app/ops"};
  HttpClientOptions api;
  api.endpoint_url = "https://partnercentral-selling.us-east-1.api.aws";
  HttpClientOptions webhook;
  webhook.endpoint_url = "https://hooks.slack.com";
  HttpClientOptions local;
  local.endpoint_url = "http://127.0.0.1:8080";
  for (auto* o : {&api, &webhook, &local}) {
    ASSERT_TRUE(apply_outbound(*o, outbound).ok()) << o->endpoint_url;
    EXPECT_EQ(o->ca_file, "/etc/pcsyncd/ca.pem") << o->endpoint_url;
    EXPECT_EQ(o->user_agent, "pcsyncd/9.9.9 ua/2.1 app/ops") << "the webhooks say who calls as the API client does";
  }
  ASSERT_TRUE(api.proxy.has_value());
  ASSERT_TRUE(webhook.proxy.has_value());
  EXPECT_EQ(webhook.proxy->host, "proxy");
  EXPECT_FALSE(local.proxy.has_value()) << "loopback is never proxied";

  HttpClientOptions bare;
  bare.endpoint_url = "https://hooks.slack.com";
  ASSERT_TRUE(apply_outbound(bare, OutboundSettings{}).ok());
  EXPECT_EQ(bare.ca_file, "");
  EXPECT_FALSE(bare.proxy.has_value());
}

TEST(ClientEnvironment, BadEndpointOrProxyIsAConfigError) {
  HttpClientOptions o;
  o.endpoint_url = "http://example.com";
  auto st = apply_environment(o, env_of({}));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::config);

  HttpClientOptions p;
  p.endpoint_url = "https://example.com";
  auto bad = apply_environment(p, env_of({{"HTTPS_PROXY", "ftp://proxy"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidProxy");
}

}  // namespace
}  // namespace pcs::net
