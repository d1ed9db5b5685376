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
