#include <gtest/gtest.h>

#include "aws/config/ini_file.hpp"

namespace pcs::aws {
namespace {

TEST(ConfigIni, SectionsPropertiesAndComments) {
  auto f = parse_ini(R"(# leading comment
; another
[default]
region = eu-west-1   # trailing comment
output=json

[ profile dev ] ; comment after header
role_arn = arn:aws:iam::123456789012:role/x
url = http://host/a#fragment
empty =
)",
                     "cfg");
  ASSERT_OK(f);
  ASSERT_EQ(f->sections.size(), 2u);
  const IniSection* d = f->find("default");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->properties.at("region").value, "eu-west-1");
  EXPECT_EQ(d->properties.at("output").value, "json");
  const IniSection* dev = f->find("profile dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->line, 7);
  EXPECT_EQ(dev->properties.at("role_arn").value, "arn:aws:iam::123456789012:role/x");
  // '#' not preceded by a blank is part of the value.
  EXPECT_EQ(dev->properties.at("url").value, "http://host/a#fragment");
  EXPECT_EQ(dev->properties.at("empty").value, "");
}

TEST(ConfigIni, SubPropertiesAndContinuations) {
  // The tab before `other` is part of the test: continuation lines may be indented with tabs.
  auto f = parse_ini("[services mine]\n"
                     "partnercentral_selling =\n"
                     "  endpoint_url = https://example.test\n"
                     "  # comment inside\n"
                     "\tother = 1 ; note\n"
                     "[profile x]\nmulti = first\n  second\n",
                     "cfg");
  ASSERT_OK(f);
  const auto& svc = f->find("services mine")->properties.at("partnercentral_selling");
  EXPECT_EQ(svc.value, "");
  EXPECT_EQ(svc.sub_properties.at("endpoint_url"), "https://example.test");
  EXPECT_EQ(svc.sub_properties.at("other"), "1");
  EXPECT_EQ(f->find("profile x")->properties.at("multi").value, "first\nsecond");
}

TEST(ConfigIni, RepeatedSectionsMergeAndLaterKeysWin) {
  auto f = parse_ini("[a]\nk = 1\n[b]\n[a]\nk = 2\nj = 3\r\n", "cfg");
  ASSERT_OK(f);
  ASSERT_EQ(f->sections.size(), 2u);
  EXPECT_EQ(f->find("a")->properties.at("k").value, "2");
  EXPECT_EQ(f->find("a")->properties.at("j").value, "3");  // CRLF stripped
}

struct BadCase {
  const char* text;
  const char* expect;  // substring of the message
};

TEST(ConfigIni, MalformedInputNamesFileAndLine) {
  const BadCase cases[] = {
      {"key = v\n", "cfg:1: property before any [section]"},
      {"[ok]\n[broken\n", "cfg:2: section header without a closing ']'"},
      {"[ok]\njust words\n", "cfg:2: line is neither"},
      {"[ok]\n= v\n", "cfg:2: property with an empty name"},
      {"[ok]\n  indented = first\n", "cfg:2: indented line that does not follow a property"},
      {"  x = 1\n", "cfg:1: indented line before any section"},
      {"[]\n", "cfg:1: empty section name"},
      {"[a] junk\n", "cfg:1: unexpected text after a section header"},
      {"[a]\ns3 =\n  no equals sign\n", "cfg:3: sub-property without '='"},
  };
  for (const auto& c : cases) {
    auto f = parse_ini(c.text, "cfg");
    ASSERT_FALSE(f.ok()) << c.text;
    EXPECT_EQ(f.error().kind, ErrorKind::config);
    EXPECT_EQ(f.error().code, "MalformedConfigFile");
    EXPECT_NE(f.error().message.find(c.expect), std::string::npos) << f.error().message;
  }
}

TEST(ConfigIni, ErrorsNeverEchoValues) {
  // A malformed line right after a secret must not carry the secret into the message.
  auto f = parse_ini("[default]\naws_secret_access_key = SECRETSECRET\nSECRETLINE\n", "creds");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message.find("SECRET"), std::string::npos) << f.error().message;
  EXPECT_NE(f.error().message.find("creds:3"), std::string::npos);
}

}  // namespace
}  // namespace pcs::aws
