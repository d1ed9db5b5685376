#include <gtest/gtest.h>

#include "net/endpoint.hpp"

namespace pcs::net {
namespace {

TEST(Endpoint, HttpsDefaultsToPort443WithoutBasePath) {
  auto ep = parse_endpoint("https://partnercentral-selling.us-east-1.api.aws");
  ASSERT_TRUE(ep.ok()) << ep.error().describe();
  EXPECT_TRUE(ep->tls);
  EXPECT_EQ(ep->host, "partnercentral-selling.us-east-1.api.aws");
  EXPECT_EQ(ep->port, 443);
  EXPECT_EQ(ep->base_path, "");
  EXPECT_EQ(ep->host_header(), "partnercentral-selling.us-east-1.api.aws");
  EXPECT_EQ(ep->authority(), "partnercentral-selling.us-east-1.api.aws:443");
}

TEST(Endpoint, PortAndBasePathAreKeptAndTrailingSlashDropped) {
  auto ep = parse_endpoint("HTTPS://Example.COM:8443/base/v1/");
  ASSERT_TRUE(ep.ok()) << ep.error().describe();
  EXPECT_EQ(ep->host, "example.com");
  EXPECT_EQ(ep->port, 8443);
  EXPECT_EQ(ep->base_path, "/base/v1");
  EXPECT_EQ(ep->host_header(), "example.com:8443");
}

TEST(Endpoint, PlainHttpIsAllowedOnlyToLoopback) {
  for (const char* url : {"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9000", "http://127.1.2.3:80"}) {
    auto ep = parse_endpoint(url);
    ASSERT_TRUE(ep.ok()) << url << ": " << ep.error().describe();
    EXPECT_FALSE(ep->tls);
  }
  auto v6 = parse_endpoint("http://[::1]:9000");
  ASSERT_OK(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->host_header(), "[::1]:9000");

}

// Refused with a config error that says what to write instead, never echoing a password.
TEST(Endpoint, WhatIsRefusedAndWhy) {
  struct Row {
    const char* url;
    const char* says;
  };
  const Row rows[] = {
      {"http://example.com", "use https://"},      {"http://10.0.0.1:80", "use https://"},
      {"http://128.0.0.1", "use https://"},        {"http://localhost.evil.com", "use https://"},
      {"http://[::2]:80", "use https://"},         {"ftp://example.com", "not supported"},
      {"example.com", "not an absolute URL"},      {"https://user:pw@example.com", "user:password"},
      {"https://example.com/?q=1", "query"},       {"https://example.com/#frag", "not an absolute URL"},
      {"https://:443", "has no host"},             {"https://example.com:0", "not a port number"},
      {"https://example.com:99999", "not a port number"},
  };
  for (const auto& r : rows) {
    auto ep = parse_endpoint(r.url);
    ASSERT_FALSE(ep.ok()) << r.url;
    EXPECT_EQ(ep.error().kind, ErrorKind::config) << r.url;
    EXPECT_NE(ep.error().message.find(r.says), std::string::npos) << r.url << ": " << ep.error().message;
    EXPECT_EQ(ep.error().message.find(":pw"), std::string::npos) << "message must not echo credentials";
  }
}

TEST(Endpoint, LoopbackHosts) {
  for (const char* host : {"localhost", "LOCALHOST", "127.0.0.1", "127.255.255.254", "::1", "[::1]"})
    EXPECT_TRUE(is_loopback_host(host)) << host;
  for (const char* host : {"127.0.0", "127.0.0.256", "127.0.0.1.example.com", "10.0.0.1", "mylocalhost", ""})
    EXPECT_FALSE(is_loopback_host(host)) << host;
}

TEST(Endpoint, PortParsing) {
  EXPECT_EQ(parse_port("1"), std::uint16_t{1});
  EXPECT_EQ(parse_port("65535"), std::uint16_t{65535});
  for (const char* bad : {"0", "65536", "99999", "", "80a", "-1"}) EXPECT_FALSE(parse_port(bad)) << bad;
}

TEST(Endpoint, PlainHttpToAwsMetadataAddressesOnlyWhenAllowed) {
  for (const char* url : {"http://169.254.169.254", "http://[fd00:ec2::254]", "http://169.254.170.2/v2/creds",
                          "http://169.254.170.23", "http://[fd00:ec2::23]:80"}) {
    EXPECT_FALSE(parse_endpoint(url).ok()) << url;
    auto ep = parse_endpoint(url, true);
    ASSERT_TRUE(ep.ok()) << url << ": " << ep.error().describe();
    EXPECT_FALSE(ep->tls);
  }
  EXPECT_FALSE(parse_endpoint("http://169.254.169.253", true).ok());
  EXPECT_FALSE(parse_endpoint("http://example.com", true).ok());
  EXPECT_TRUE(is_aws_metadata_host("[FD00:EC2::254]"));
  EXPECT_FALSE(is_aws_metadata_host("169.254.169.25"));
}

TEST(Endpoint, AHostThatOnlyStartsLikeLoopbackIsRefused) {
  for (const char* url : {"http://127.0.0.1.evil/", "http://127.0.0.1.example.com", "https://10.0.0.1.x:443/"}) {
    auto ep = parse_endpoint(url);
    if (ep) {
      // If Boost.URL parsed a real host, it must be the whole name, never a loopback prefix of it.
      EXPECT_FALSE(is_loopback_host(ep->host)) << url << " -> " << ep->host;
    } else {
      EXPECT_EQ(ep.error().kind, ErrorKind::config) << url;
    }
  }
  EXPECT_FALSE(parse_endpoint("http://127.0.0.1.evil/"));
}

}  // namespace
}  // namespace pcs::net
