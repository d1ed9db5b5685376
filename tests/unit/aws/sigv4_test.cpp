// The signer on a few vectors embedded from the official suite (so a clone without ../shared still tests it),
// plus the key cache, Authorization parsing and credential redaction.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "aws/sigv4.hpp"

namespace pcs::aws {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// 2015-08-30T12:36:00Z, the suite's instant.
WallTime suite_time() { return WallTime{std::chrono::seconds{1440938160}}; }

Credentials suite_credentials(std::string token = {}) {
  Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = kSecret;
  c.session_token = std::move(token);
  return c;
}

SigningParams suite_params() {
  SigningParams p;
  p.region = "us-east-1";
  p.service = "service";
  p.time = suite_time();
  return p;
}

net::HttpRequest request(std::string method, std::string target) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers.push_back({"Host", "example.amazonaws.com"});
  return r;
}

TEST(SigV4, Sha256HexOfEmptyAndKnownInput) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("Param1=value1"), "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
}

TEST(SigV4, DerivedKeyMatchesTheDocumentedExample) {
  // The AWS documentation's worked example (secret above, 20150830/us-east-1/iam).
  std::string key = derive_signing_key(kSecret, "20150830", "us-east-1", "iam");
  ASSERT_EQ(key.size(), 32u);
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : key) hex += std::string{digits[c >> 4], digits[c & 15]};
  EXPECT_EQ(hex, "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(SigV4, GetVanilla) {
  auto r = request("GET", "/");
  SigningStages s = sign_request(r, suite_credentials(), suite_params());
  EXPECT_EQ(s.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(s.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  ASSERT_NE(r.header("Authorization"), nullptr);
  EXPECT_EQ(*r.header("Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  ASSERT_NE(r.header("X-Amz-Date"), nullptr);
  EXPECT_EQ(*r.header("X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(r.header("X-Amz-Security-Token"), nullptr);
}

TEST(SigV4, PostFormWithBodyHashHeader) {
  auto r = request("POST", "/");
  r.headers.insert(r.headers.begin(), {"Content-Type", "application/x-www-form-urlencoded"});
  r.headers.push_back({"Content-Length", "13"});
  r.body = "Param1=value1";
  SigningParams p = suite_params();
  p.sign_body_header = true;
  SigningStages s = sign_request(r, suite_credentials(), p);
  EXPECT_EQ(s.signed_headers, "content-length;content-type;host;x-amz-content-sha256;x-amz-date");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb");
  EXPECT_EQ(s.signature, "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
}

TEST(SigV4, SessionTokenIsAddedAndSigned) {
  auto r = request("GET", "/");
  SigningStages s = sign_request(r, suite_credentials("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"),
                                 suite_params());
  EXPECT_EQ(s.signed_headers, "host;x-amz-date;x-amz-security-token");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b");
  EXPECT_EQ(s.signature, "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
  ASSERT_NE(r.header("X-Amz-Security-Token"), nullptr);
}

TEST(SigV4, OmittedSessionTokenIsSentButNotSigned) {
  auto r = request("POST", "/");
  SigningParams p = suite_params();
  p.omit_session_token = true;
  SigningStages s = sign_request(r, suite_credentials("AQoDYXdzEPT//////////wEXAMPLE"), p);
  EXPECT_EQ(s.signed_headers, "host;x-amz-date");
  // post-sts-header-after: the signature does not depend on the token at all.
  EXPECT_EQ(s.signature, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  ASSERT_NE(r.header("X-Amz-Security-Token"), nullptr);
}

TEST(SigV4, HeaderValuesAreTrimmedCollapsedAndJoined) {
  auto r = request("GET", "/");
  r.headers.push_back({"My-Header1", " value1"});
  r.headers.push_back({"My-Header2", " \"a   b   c\""});
  SigningStages s = sign_request(r, suite_credentials(), suite_params());
  EXPECT_NE(s.canonical_request.find("my-header1:value1\nmy-header2:\"a b c\"\n"), std::string::npos);
  EXPECT_EQ(s.signature, "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");

  auto dup = request("GET", "/");
  dup.headers.push_back({"My-Header1", "value4"});
  dup.headers.push_back({"my-header1", "value1\n  value2"});
  SigningStages d = sign_request(dup, suite_credentials(), suite_params());
  EXPECT_NE(d.canonical_request.find("my-header1:value4,value1 value2\n"), std::string::npos);

  // Single spaces stay; a tab, a run or a line break inside becomes one space. A repeated name keeps the order
  // it was sent in, whatever comes between (the names are sorted stably).
  auto mixed = request("GET", "/");
  mixed.headers.push_back({"X-B", "two words"});
  mixed.headers.push_back({"X-A", "tab\there"});
  mixed.headers.push_back({"x-b", "  second\r\n\tline  "});
  mixed.headers.push_back({"X-C", "a  b"});
  mixed.headers.push_back({"X-B", "third"});
  SigningStages m = sign_request(mixed, suite_credentials(), suite_params());
  EXPECT_NE(m.canonical_request.find("\nx-a:tab here\nx-amz-date:20150830T123600Z\nx-b:two words,second line,third\n"
                                     "x-c:a b\n\n"),
            std::string::npos)
      << m.canonical_request;
  EXPECT_EQ(m.signed_headers, "host;x-a;x-amz-date;x-b;x-c");

  // Empty and all-blank values are empty; a repeated header keeps an empty value's place in the join.
  auto blank = request("GET", "/");
  blank.headers.push_back({"X-E", ""});
  blank.headers.push_back({"X-F", " \t "});
  blank.headers.push_back({"X-E", "v"});
  SigningStages b = sign_request(blank, suite_credentials(), suite_params());
  EXPECT_NE(b.canonical_request.find("\nx-e:,v\nx-f:\n\n"), std::string::npos) << b.canonical_request;
}

TEST(SigV4, PathAndQueryCanonicalForms) {
  auto r = request("GET", "/a/./b//../c/?b=2&a=z&a=1&%E1%88%B4=x&k");
  SigningStages s = sign_request(r, suite_credentials(), suite_params());
  EXPECT_EQ(s.canonical_request.substr(0, s.canonical_request.find("\nhost:")),
            "GET\n/a/c/\n%E1%88%B4=x&a=1&a=z&b=2&k=");

  // Double encoding: an escape on the wire is escaped again; a single-encoding signer keeps it.
  auto e = request("GET", "/my%20file");
  EXPECT_NE(sign_request(e, suite_credentials(), suite_params()).canonical_request.find("\n/my%2520file\n"),
            std::string::npos);
  SigningParams s3 = suite_params();
  s3.double_encode_path = false;
  s3.normalize_path = false;
  auto f = request("GET", "//my%20file");
  EXPECT_NE(sign_request(f, suite_credentials(), s3).canonical_request.find("\n//my%20file\n"), std::string::npos);
}

TEST(SigV4, AuthorizationAndUserAgentAreNotSigned) {
  auto r = request("GET", "/");
  r.headers.push_back({"User-Agent", "pcsyncd/0.1"});
  r.headers.push_back({"Authorization", "stale"});
  SigningStages s = sign_request(r, suite_credentials(), suite_params());
  EXPECT_EQ(s.signed_headers, "host;x-amz-date");
  EXPECT_EQ(s.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  int authorizations = 0;
  for (const auto& h : r.headers) authorizations += net::header_name_equals(h.name, "authorization");
  EXPECT_EQ(authorizations, 1);
}

TEST(SigV4, SecretNeverAppearsInAnyStage) {
  auto r = request("POST", "/");
  r.body = "{}";
  SigningStages s = sign_request(r, suite_credentials("TOKEN"), suite_params());
  for (const std::string* text : {&s.canonical_request, &s.string_to_sign, &s.authorization, &s.signature})
    EXPECT_EQ(text->find(kSecret), std::string::npos);
  for (const auto& h : r.headers) EXPECT_EQ(h.value.find(kSecret), std::string::npos) << h.name;
}

TEST(SigningKeyCache, DerivesOncePerDayRegionService) {
  SigningKeyCache cache;
  const std::string first = cache.get(kSecret, "20150830", "us-east-1", "service");
  EXPECT_EQ(first, derive_signing_key(kSecret, "20150830", "us-east-1", "service"));
  EXPECT_EQ(cache.get(kSecret, "20150830", "us-east-1", "service"), first);
  EXPECT_EQ(cache.derivations(), 1u);

  const std::string next_day = cache.get(kSecret, "20150831", "us-east-1", "service");
  EXPECT_EQ(next_day, derive_signing_key(kSecret, "20150831", "us-east-1", "service"));
  EXPECT_NE(next_day, first);
  EXPECT_EQ(cache.derivations(), 2u);

  cache.get(kSecret, "20150831", "us-west-2", "service");
  cache.get("another-secret", "20150831", "us-west-2", "service");
  EXPECT_EQ(cache.derivations(), 4u);
}

TEST(SigningKeyCache, SignsLikeTheUncachedPath) {
  SigningKeyCache cache;
  for (int day = 0; day < 3; ++day) {
    SigningParams p = suite_params();
    p.time = suite_time() + std::chrono::hours{24 * day};
    auto a = request("GET", "/"), b = request("GET", "/");
    EXPECT_EQ(sign_request(a, suite_credentials(), p, cache).signature,
              sign_request(b, suite_credentials(), p).signature);
    EXPECT_EQ(sign_request(a, suite_credentials(), p, cache).signature,
              sign_request(b, suite_credentials(), p).signature);
  }
  EXPECT_EQ(cache.derivations(), 3u);
}

TEST(SigV4, ExpectedSignatureIgnoresHeadersAddedAfterSigningAndCatchesTampering) {
  // The simulator's path: take a signed request as received and recompute over it.
  auto r = request("POST", "/");
  r.headers.push_back({"Content-Type", "application/x-amz-json-1.0"});
  r.headers.push_back({"X-Amz-Target", "AWSPartnerCentralSelling.ListEngagementInvitations"});
  r.body = R"({"Catalog":"AWS"})";
  SigningParams p = suite_params();
  p.service = "partnercentral-selling";
  sign_request(r, suite_credentials("TOKEN"), p);
  r.headers.push_back({"Content-Length", "17"});  // as the transport adds it, after signing
  auto parsed = parse_authorization(*r.header("Authorization"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(expected_signature(r, *parsed, suite_credentials("TOKEN"), suite_time()), parsed->signature);

  EXPECT_NE(expected_signature(r, *parsed, suite_credentials("TOKEN"), suite_time() + std::chrono::seconds(1)),
            parsed->signature)
      << "another X-Amz-Date";
  Credentials wrong = suite_credentials("TOKEN");
  wrong.secret_access_key = "another-secret";
  EXPECT_NE(expected_signature(r, *parsed, wrong, suite_time()), parsed->signature);
  r.body = R"({"Catalog":"Sandbox"})";  // tampered in flight
  EXPECT_NE(expected_signature(r, *parsed, suite_credentials("TOKEN"), suite_time()), parsed->signature);
}

TEST(ParseAuthorization, ReadsWhatTheSignerWrites) {
  auto parsed = parse_authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->date_stamp, "20150830");
  EXPECT_EQ(parsed->region, "us-east-1");
  EXPECT_EQ(parsed->service, "service");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(parsed->signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(ParseAuthorization, ToleratesSpacingAfterCommas) {
  const std::string sig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  for (std::string sep : {",", ", ", ",   "}) {
    auto parsed = parse_authorization("AWS4-HMAC-SHA256 Credential=AK/20150830/eu-west-1/partnercentral-selling/aws4_request" +
                                      sep + "SignedHeaders=host" + sep + "Signature=" + sig);
    ASSERT_TRUE(parsed) << "separator '" << sep << "'";
    EXPECT_EQ(parsed->service, "partnercentral-selling");
  }
}

TEST(ParseAuthorization, RejectsMalformedHeaders) {
  const std::string sig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  const std::string cred = "Credential=AK/20150830/us-east-1/svc/aws4_request";
  for (std::string bad : {
           std::string(""),
           std::string("AWS4-HMAC-SHA256"),
           "Bearer " + cred + ", SignedHeaders=host, Signature=" + sig,
           "AWS4-HMAC-SHA1 " + cred + ", SignedHeaders=host, Signature=" + sig,
           "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host",                              // no signature
           "AWS4-HMAC-SHA256 " + cred + ", Signature=" + sig,                                 // no signed headers
           "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=" + sig,                           // no credential
           "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=" + sig.substr(1),  // short signature
           "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=" + std::string(64, 'G'),
           "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host;;x-amz-date, Signature=" + sig,
           "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=Host, Signature=" + sig,
           "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=" + sig + ", Signature=" + sig,
           "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=" + sig + ", Extra=1",
           "AWS4-HMAC-SHA256 Credential=AK/2015083/us-east-1/svc/aws4_request, SignedHeaders=host, Signature=" + sig,
           "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/svc/aws5_request, SignedHeaders=host, Signature=" + sig,
           "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/aws4_request, SignedHeaders=host, Signature=" + sig,
           "AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/svc/aws4_request, SignedHeaders=host, Signature=" + sig,
           "AWS4-HMAC-SHA256 " + cred + " SignedHeaders=host Signature=" + sig,
       }) {
    EXPECT_FALSE(parse_authorization(bad)) << bad;
  }
}

TEST(Credentials, RedactedNeverContainsTheSecretOrToken) {
  Credentials c = suite_credentials("FQoGZXIvYXdzEXAMPLETOKEN");
  c.source = "environment";
  std::string text = c.redacted();
  EXPECT_EQ(text.find(kSecret), std::string::npos);
  EXPECT_EQ(text.find("FQoGZXIvYXdzEXAMPLETOKEN"), std::string::npos);
  EXPECT_NE(text.find("environment"), std::string::npos);
  EXPECT_EQ(text.find("AKIDEXAMPLE"), std::string::npos) << "the key id is shown only in part";

  Credentials shorty;
  shorty.access_key_id = "AKID";
  shorty.secret_access_key = "s";
  EXPECT_EQ(shorty.redacted().find("AKID"), std::string::npos);
}

}  // namespace
}  // namespace pcs::aws
