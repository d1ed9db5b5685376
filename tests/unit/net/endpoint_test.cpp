#include <gtest/gtest.h>

#include "net/endpoint.hpp"

namespace pcs::net {
namespace {

// What an accepted URL becomes: scheme and host lower-cased, the default port filled in, a trailing slash dropped.
TEST(Endpoint, WhatAnAcceptedUrlBecomes) {
  struct Row {
    const char* url;
    bool tls;
    const char* host;
    std::uint16_t port;
    const char* base_path;
    const char* host_header;
    const char* authority;
  };
  const Row rows[] = {
      {"https://partnercentral-selling.us-east-1.api.aws", true, "partnercentral-selling.us-east-1.api.aws", 443, "",
       "partnercentral-selling.us-east-1.api.aws", "partnercentral-selling.us-east-1.api.aws:443"},
      {"HTTPS://Example.COM:8443/base/v1/", true, "example.com", 8443, "/base/v1", "example.com:8443",
       "example.com:8443"},
      {"http://[::1]:9000", false, "::1", 9000, "", "[::1]:9000", "[::1]:9000"},
  };
  for (const auto& r : rows) {
    auto ep = parse_endpoint(r.url);
    ASSERT_TRUE(ep.ok()) << r.url << ": " << ep.error().describe();
    EXPECT_EQ(ep->tls, r.tls) << r.url;
    EXPECT_EQ(ep->host, r.host) << r.url;
    EXPECT_EQ(ep->port, r.port) << r.url;
    EXPECT_EQ(ep->base_path, r.base_path) << r.url;
    EXPECT_EQ(ep->host_header(), r.host_header) << r.url;
    EXPECT_EQ(ep->authority(), r.authority) << r.url;
  }
}

TEST(Endpoint, PlainHttpIsAllowedOnlyToLoopback) {
  for (const char* url : {"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9000", "http://127.1.2.3:80"}) {
    auto ep = parse_endpoint(url);
    ASSERT_TRUE(ep.ok()) << url << ": " << ep.error().describe();
    EXPECT_FALSE(ep->tls);
  }
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
