#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "core/utf8.hpp"
#include "partnercentral/error_mapping.hpp"

namespace pcs::pc {
namespace {

net::HttpResponse response(int status, std::string body, std::vector<net::Header> headers = {}) {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(ErrorMapping, NormalizesTypeSpellings) {
  EXPECT_EQ(normalize_error_type("ThrottlingException"), "ThrottlingException");
  EXPECT_EQ(normalize_error_type("com.amazonaws.partnercentralselling#ThrottlingException"), "ThrottlingException");
  EXPECT_EQ(normalize_error_type("ThrottlingException:http://internal.amazon.com/coral/"), "ThrottlingException");
  EXPECT_EQ(normalize_error_type("aws.protocoltests#ValidationException:extra"), "ValidationException");
  EXPECT_EQ(normalize_error_type(""), "");
}

// The service's error types, grouped by the kind each maps to; retryable is the outcome table's (lib/core).
TEST(ErrorMapping, EveryTypeMapsToItsKindWhateverTheStatus) {
  const std::pair<ErrorKind, std::vector<const char*>> kinds[] = {
      {ErrorKind::throttling, {"ThrottlingException"}},
      {ErrorKind::validation, {"ValidationException"}},
      {ErrorKind::access_denied,
       {"AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
        "IncompleteSignatureException", "ExpiredTokenException", "MissingAuthenticationToken"}},
      {ErrorKind::not_found, {"ResourceNotFoundException"}},
      {ErrorKind::conflict, {"ConflictException"}},
      {ErrorKind::quota_exceeded, {"ServiceQuotaExceededException"}},
      {ErrorKind::server, {"InternalServerException", "SomethingBrandNewException"}},
  };
  for (const auto& [kind, types] : kinds) {
    for (const char* type : types) {
      for (std::string spelling : {std::string(type), "com.amazonaws.partnercentralselling#" + std::string(type),
                                   std::string(type) + ":http://internal.amazon.com/"}) {
        for (int status : {400, 429, 403, 500}) {
          SCOPED_TRACE(spelling + " " + std::to_string(status));
          auto e = parse_error_response(response(status, R"({"__type":")" + spelling + R"(","message":"m"})"));
          EXPECT_EQ(e.kind, kind);
          EXPECT_EQ(e.code, type);
          EXPECT_EQ(e.retryable, outcome_of(kind).retryable());
          EXPECT_EQ(e.http_status, status);
        }
      }
    }
  }
}

TEST(ErrorMapping, ThrottlingAs400PerTheDocsIsStillThrottling) {
  auto e = parse_error_response(response(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})",
                                         {{"x-amzn-RequestId", "abc-123"}}));
  EXPECT_EQ(e.kind, ErrorKind::throttling);
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(e.request_id, "abc-123");
  EXPECT_NE(e.message.find("Rate exceeded"), std::string::npos);
  EXPECT_NE(e.describe().find("ThrottlingException (HTTP 400, request abc-123): Rate exceeded"), std::string::npos)
      << e.describe();
}

TEST(ErrorMapping, MessageOrCapitalMessage) {
  auto e = parse_error_response(response(404, R"({"__type":"ResourceNotFoundException","Message":"No such invitation"})"));
  EXPECT_EQ(e.kind, ErrorKind::not_found);
  EXPECT_NE(e.message.find("No such invitation"), std::string::npos);
}

TEST(ErrorMapping, HeaderOnlyType) {
  auto e = parse_error_response(
      response(403, "", {{"x-amzn-ErrorType", "UnrecognizedClientException:http://internal.amazon.com/coral/"}}));
  EXPECT_EQ(e.kind, ErrorKind::access_denied);
  EXPECT_EQ(e.code, "UnrecognizedClientException");
  auto body_without_type = parse_error_response(
      response(400, R"({"message":"slow down"})", {{"X-Amzn-ErrorType", "ThrottlingException"}}));
  EXPECT_EQ(body_without_type.kind, ErrorKind::throttling);
  EXPECT_NE(body_without_type.message.find("slow down"), std::string::npos);
}

TEST(ErrorMapping, ValidationIncludesReasonAndFields) {
  auto e = parse_error_response(response(400, R"({"__type":"ValidationException","message":"Invalid input",
      "Reason":"REQUEST_VALIDATION_FAILED",
      "ErrorList":[{"FieldName":"Identifier","Message":"bad format","Code":"INVALID_STRING_FORMAT"},
                   {"FieldName":"Catalog","Message":"required","Code":"REQUIRED_FIELD_MISSING"}]})"));
  EXPECT_EQ(e.kind, ErrorKind::validation);
  EXPECT_FALSE(e.retryable);
  for (auto part : {"Invalid input", "REQUEST_VALIDATION_FAILED", "Identifier: bad format [INVALID_STRING_FORMAT]",
                    "Catalog: required [REQUIRED_FIELD_MISSING]"})
    EXPECT_NE(e.message.find(part), std::string::npos) << part << " in " << e.message;
}

TEST(ErrorMapping, Html503IsAShortServerError) {
  std::string html = "<html><body><h1>503 Service Temporarily Unavailable</h1>" + std::string(5000, 'x') +
                     "</body></html>";
  auto e = parse_error_response(response(503, html, {{"Content-Type", "text/html"}}));
  EXPECT_EQ(e.kind, ErrorKind::server);
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(e.code, "HttpError503");
  EXPECT_EQ(e.message.find("<html>"), std::string::npos);
  EXPECT_NE(e.message.find("text/html"), std::string::npos);
  EXPECT_LT(e.message.size(), 300u);
}

TEST(ErrorMapping, BareStatusesAndUnreadableBodies) {
  EXPECT_EQ(parse_error_response(response(500, "")).kind, ErrorKind::server);
  EXPECT_EQ(parse_error_response(response(429, "")).kind, ErrorKind::throttling);
  EXPECT_EQ(parse_error_response(response(502, "{truncated")).kind, ErrorKind::server);
  auto e = parse_error_response(response(400, "not json"));
  EXPECT_EQ(e.kind, ErrorKind::server);
}

TEST(ErrorMapping, MessagesAreSanitizedAndBounded) {
  std::string long_message(3000, 'm');
  auto e = parse_error_response(
      response(400, R"({"__type":"AccessDeniedException","message":"line1\nline2\u001b[31m)" + long_message + "\"}"));
  EXPECT_EQ(e.message.find('\n'), std::string::npos);
  EXPECT_EQ(e.message.find('\x1b'), std::string::npos);
  EXPECT_LT(e.message.size(), 800u);
  EXPECT_NE(e.message.find("line1\\nline2\\x1b[31m"), std::string::npos) << "escaped, not dropped";
  // Cut at a character: a long message of two-byte characters stays valid UTF-8.
  std::string accents;
  for (int i = 0; i < 600; ++i) accents += "\u00e9";
  auto cut = parse_error_response(response(400, R"({"__type":"ValidationException","message":")" + accents + "\"}"));
  EXPECT_LT(cut.message.size(), 1200u);
  EXPECT_NE(cut.message.find("\u2026"), std::string::npos) << "cut short";
  for (std::size_t at = 0; at < cut.message.size();) {
    const auto c = decode_utf8_at(cut.message, at);
    ASSERT_TRUE(c.valid) << "byte " << at;
    at += c.length;
  }
}

// Found by fuzzing (tests/fuzz/regressions/error_response): the error type from the header or the body became
// the code as it was, control characters included, and every log line that named the error carried them.
TEST(ErrorMapping, TheTypeIsSanitizedIntoTheCode) {
  auto header = parse_error_response(response(400, R"({"message":"m"})",
                                              {{"x-amzn-ErrorType", "Thro\x05ttling\x1b[31m:http://internal"}}));
  EXPECT_EQ(header.code, "Thro\\x05ttling\\x1b[31m") << "escaped as every outside text is (core::printable)";
  EXPECT_EQ(header.kind, ErrorKind::server);
  auto body = parse_error_response(response(500, R"({"__type":"com.amazonaws#Internal\nServerException"})"));
  EXPECT_EQ(body.code, "Internal\\nServerException");
  EXPECT_EQ(body.describe().find_first_of("\n\x05\x1b"), std::string::npos);
  // Known types are untouched.
  EXPECT_EQ(parse_error_response(response(400, R"({"__type":"ThrottlingException"})")).code, "ThrottlingException");
}

}  // namespace
}  // namespace pcs::pc
