#include "net/request_wire.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pcs::net {
namespace {

HttpRequest post(std::string body) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", "AWSPartnerCentralSelling.ListX"}};
  r.body = std::move(body);
  return r;
}

TEST(RequestWire, IsTheRequestLineHeadersInOrderThenHostUserAgentAndLength) {
  auto wire = request_wire(post("{\"a\":1}"), {"", "example.com:8443", "pcsyncd/1"});
  ASSERT_TRUE(wire) << wire.error().describe();
  EXPECT_EQ(*wire,
            "POST / HTTP/1.1\r\n"
            "Content-Type: application/x-amz-json-1.0\r\n"
            "X-Amz-Target: AWSPartnerCentralSelling.ListX\r\n"
            "Host: example.com:8443\r\n"
            "User-Agent: pcsyncd/1\r\n"
            "Content-Length: 7\r\n"
            "\r\n"
            "{\"a\":1}");
}

TEST(RequestWire, KeepsTheCallersHostAndUserAgentAndDropsItsFraming) {
  HttpRequest r = post("");
  r.method = "GET";
  r.target = "/latest/meta-data?x=1";
  r.headers = {{"host", "signed.example"}, {"Content-Length", "99"}, {"user-agent", "mine"},
               {"Transfer-Encoding", "chunked"}, {"X-Tab", "a\tb"}};
  auto wire = request_wire(r, {"/base", "ignored", "ignored/1"});
  ASSERT_TRUE(wire) << wire.error().describe();
  EXPECT_EQ(*wire,
            "GET /base/latest/meta-data?x=1 HTTP/1.1\r\n"
            "host: signed.example\r\n"
            "user-agent: mine\r\n"
            "X-Tab: a\tb\r\n"
            "Content-Length: 0\r\n"
            "\r\n");
}

TEST(RequestWire, AnEmptyTargetIsTheRootAndNoUserAgentIsSentWhenThereIsNone) {
  HttpRequest r;
  r.method = "PUT";
  r.target = "";
  r.body = "x";
  auto wire = request_wire(r, {"", "h", ""});
  ASSERT_TRUE(wire);
  EXPECT_EQ(*wire, "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx");
}

// Each of these would change what the server reads as the request's framing or its headers.
TEST(RequestWire, RefusesWhatWouldSmuggleBytesIntoTheHead) {
  auto refused = [](HttpRequest r, RequestFraming f = {"", "h", "ua"}) {
    auto wire = request_wire(r, f);
    if (wire) return std::string("sent: ") + *wire;
    EXPECT_EQ(wire.error().code, "InvalidRequest");
    return wire.error().message;
  };
  auto with_header = [](std::string name, std::string value) {
    HttpRequest r = post("");
    r.headers.push_back({std::move(name), std::move(value)});
    return r;
  };
  EXPECT_NE(refused(with_header("X-Amz-Security-Token", "abc\r\nX-Evil: 1")).find("X-Amz-Security-Token"),
            std::string::npos);
  EXPECT_EQ(refused(with_header("X-Amz-Security-Token", "abc\r\nX-Evil: 1")).find("abc"), std::string::npos)
      << "a value may be a secret: never in the message";
  for (std::string value : {std::string("a\nb"), std::string("a\rb"), std::string("a\0b", 3), std::string("a\x7f" "b"),
                            std::string("a\x01" "b")})
    EXPECT_NE(refused(with_header("X-A", value)).rfind("refused", 0), std::string::npos);
  for (std::string name : {"", "X A", "X:A", "X\r\nA", "X(A)"})
    EXPECT_NE(refused(with_header(name, "v")).rfind("refused", 0), std::string::npos) << name;
  HttpRequest method = post("");
  method.method = "GET /x HTTP/1.1\r\n";
  EXPECT_NE(refused(method).find("method"), std::string::npos);
  method.method = "";
  EXPECT_NE(refused(method).find("method"), std::string::npos);
  HttpRequest target = post("");
  target.target = "/a b";
  EXPECT_NE(refused(target).find("target"), std::string::npos);
  target.target = "/a\r\nX: y";
  EXPECT_NE(refused(target).find("target"), std::string::npos);
  EXPECT_NE(refused(post(""), {"/a b", "h", "ua"}).find("target"), std::string::npos);
  EXPECT_NE(refused(post(""), {"", "h\r\nX: y", "ua"}).find("Host"), std::string::npos);
  EXPECT_NE(refused(post(""), {"", "h", "ua\n"}).find("User-Agent"), std::string::npos);
}

}  // namespace
}  // namespace pcs::net
