// Endpoint resolution against the model's own endpoint tests (read at run time from PCSYNC_API_MODEL) and a
// few embedded cases so a fresh clone tests it too.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "aws/endpoint_rules.hpp"

namespace pcs::aws {
namespace {

struct Expect {
  std::string url;    // empty when an error is expected
  std::string error;
};

void check(const EndpointParams& params, const Expect& expect) {
  Result<std::string> r = resolve_endpoint(params);
  if (!expect.url.empty()) {
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(*r, expect.url);
  } else {
    ASSERT_FALSE(r.ok()) << "resolved to " << *r;
    EXPECT_EQ(r.error().message, expect.error);
    EXPECT_EQ(r.error().kind, ErrorKind::config);
    EXPECT_FALSE(r.error().retryable);
  }
}

EndpointParams region(std::string name, bool fips = false) {
  EndpointParams p;
  p.region = std::move(name);
  p.use_fips = fips;
  return p;
}

TEST(EndpointRules, EmbeddedCases) {
  check(region("us-east-1"), {"https://partnercentral-selling.us-east-1.api.aws", ""});
  check(region("us-east-1", true), {"https://partnercentral-selling-fips.us-east-1.api.aws", ""});
  check(region("cn-northwest-1"), {"https://partnercentral-selling.cn-northwest-1.api.amazonwebservices.com.cn", ""});
  check(region("us-gov-west-1", true), {"https://partnercentral-selling-fips.us-gov-west-1.api.aws", ""});
  check(region("us-iso-east-1"), {"https://partnercentral-selling.us-iso-east-1.c2s.ic.gov", ""});
  check(region("us-isob-east-1"), {"https://partnercentral-selling.us-isob-east-1.sc2s.sgov.gov", ""});
  check(region("eu-isoe-west-1", true), {"https://partnercentral-selling-fips.eu-isoe-west-1.cloud.adc-e.uk", ""});
  check(region("us-isof-south-1"), {"https://partnercentral-selling.us-isof-south-1.csp.hci.ic.gov", ""});

  EndpointParams custom;
  custom.endpoint = "https://example.com";
  check(custom, {"https://example.com", ""});
  custom.region = "eu-west-1";
  check(custom, {"https://example.com", ""});
  custom.use_fips = true;
  check(custom, {"", "Invalid Configuration: FIPS and custom endpoint are not supported"});

  check(EndpointParams{}, {"", "Invalid Configuration: Missing Region"});
  check(region(""), {"", "Invalid Configuration: Missing Region"});
}

TEST(EndpointRules, DualStackFlagChangesNothing) {
  EndpointParams p = region("eu-central-1");
  p.use_dual_stack = true;
  check(p, {"https://partnercentral-selling.eu-central-1.api.aws", ""});
}

TEST(EndpointRules, PartitionsByPatternAndFallback) {
  EXPECT_EQ(partition_of("ap-southeast-2").name, "aws");
  EXPECT_EQ(partition_of("cn-north-1").name, "aws-cn");
  EXPECT_EQ(partition_of("us-gov-east-1").name, "aws-us-gov");
  EXPECT_EQ(partition_of("us-iso-west-1").name, "aws-iso");
  EXPECT_EQ(partition_of("us-isob-east-1").name, "aws-iso-b");
  EXPECT_EQ(partition_of("eu-isoe-west-1").name, "aws-iso-e");
  EXPECT_EQ(partition_of("us-isof-east-1").name, "aws-iso-f");
  EXPECT_EQ(partition_of("eusc-de-east-1").name, "aws-eusc");
  EXPECT_EQ(partition_of("aws-cn-global").name, "aws-cn");
  // Unknown shapes fall back to aws, as the rules engine does.
  EXPECT_EQ(partition_of("mars-central-1").name, "aws");
  EXPECT_EQ(partition_of("cn-north").name, "aws");
  check(region("mars-central-1"), {"https://partnercentral-selling.mars-central-1.api.aws", ""});
}

TEST(EndpointRules, RegionThatIsNotAHostLabelIsRefused) {
  for (std::string bad : {std::string("us-east-1/evil"), std::string("us east 1"), std::string("-us-east-1"),
                          std::string("us-east-1.example.com"), std::string(64, 'a')}) {
    Result<std::string> r = resolve_endpoint(region(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::config);
    EXPECT_NE(r.error().message.find("us-east-1"), std::string::npos) << "says what a region looks like";
  }
}

TEST(EndpointRules, EveryTestOfTheModel) {
  const std::filesystem::path model = PCSYNC_API_MODEL;
  if (model.empty() || !std::filesystem::exists(model))
    GTEST_SKIP() << "API model not found at '" << model.string()
                 << "' (configure with -DPCSYNC_API_MODEL=...); only the embedded cases ran";
  std::ifstream in(model, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text.str(), ec);
  ASSERT_FALSE(ec) << ec.message();

  const boost::json::array* cases = nullptr;
  for (const auto& [name, shape] : doc.at("shapes").as_object()) {
    const auto* traits = shape.as_object().if_contains("traits");
    if (!traits) continue;
    if (const auto* tests = traits->as_object().if_contains("smithy.rules#endpointTests"))
      cases = &tests->at("testCases").as_array();
  }
  ASSERT_NE(cases, nullptr) << "no smithy.rules#endpointTests in the model";
  ASSERT_FALSE(cases->empty());

  for (const auto& c : *cases) {
    const auto& o = c.as_object();
    SCOPED_TRACE(std::string(o.at("documentation").as_string()));
    EndpointParams p;
    if (const auto* params = o.if_contains("params")) {
      for (const auto& [key, value] : params->as_object()) {
        if (key == "Region") p.region = std::string(value.as_string());
        else if (key == "Endpoint") p.endpoint = std::string(value.as_string());
        else if (key == "UseFIPS") p.use_fips = value.as_bool();
        else if (key == "UseDualStack") p.use_dual_stack = value.as_bool();
        else FAIL() << "parameter the resolver does not know: " << key;
      }
    }
    const auto& expect = o.at("expect").as_object();
    if (const auto* endpoint = expect.if_contains("endpoint"))
      check(p, {std::string(endpoint->at("url").as_string()), ""});
    else
      check(p, {"", std::string(expect.at("error").as_string())});
  }
}

}  // namespace
}  // namespace pcs::aws
