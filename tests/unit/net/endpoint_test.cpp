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

  for (const char* url : {"http://example.com", "http://10.0.0.1:80", "http://128.0.0.1", "http://localhost.evil.com",
                          "http://[::2]:80"}) {
    auto ep = parse_endpoint(url);
    ASSERT_FALSE(ep.ok()) << url;
    EXPECT_EQ(ep.error().kind, ErrorKind::config);
    EXPECT_NE(ep.error().message.find("https://"), std::string::npos) << ep.error().message;
  }
}

TEST(Endpoint, RejectsOtherSchemesUserinfoQueriesAndGarbage) {
  for (const char* url : {"ftp://example.com", "example.com", "https://user:pw@example.com", "https://example.com/?q=1",
                          "https://example.com/#frag", "https://:443", "https://example.com:0", "https://example.com:99999"}) {
    auto ep = parse_endpoint(url);
    EXPECT_FALSE(ep.ok()) << url;
    if (!ep.ok()) {
      EXPECT_EQ(ep.error().kind, ErrorKind::config) << url;
      EXPECT_EQ(ep.error().message.find("pw"), std::string::npos) << "message must not echo credentials";
    }
  }
}

TEST(Endpoint, LoopbackHosts) {
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("LOCALHOST"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.255.255.254"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_FALSE(is_loopback_host("127.0.0"));
  EXPECT_FALSE(is_loopback_host("127.0.0.256"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.example.com"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("mylocalhost"));
  EXPECT_FALSE(is_loopback_host(""));
}

}  // namespace
}  // namespace pcs::net

namespace pcs::net {
namespace {

TEST(Endpoint, PortParsing) {
  EXPECT_EQ(parse_port("1"), std::uint16_t{1});
  EXPECT_EQ(parse_port("65535"), std::uint16_t{65535});
  EXPECT_FALSE(parse_port("0"));
  EXPECT_FALSE(parse_port("65536"));
  EXPECT_FALSE(parse_port("99999"));
  EXPECT_FALSE(parse_port(""));
  EXPECT_FALSE(parse_port("80a"));
  EXPECT_FALSE(parse_port("-1"));
}

}  // namespace
}  // namespace pcs::net

namespace pcs::net {
namespace {

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

}  // namespace
}  // namespace pcs::net

namespace pcs::net {
namespace {

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
