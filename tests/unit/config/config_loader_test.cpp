#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_loader.hpp"
#include "core/time_format.hpp"
#include "temp_dir.hpp"

namespace pcs::config {
namespace {

using std::chrono::seconds;

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(PCSYNC_SOURCE_DIR) + "/" + relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

rules::InvitationFacts invitation(const char* country, const char* industry, const char* spend, const char* sender) {
  rules::InvitationFacts f;
  f.id = "engi-1";
  f.status = "PENDING";
  f.expiration_date = *parse_iso8601("2024-07-01T00:00:00Z");
  f.sender_company = sender;
  f.customer_country = country;
  f.customer_industry = industry;
  f.expected_customer_spend = std::vector<rules::SpendEntry>{{spend, "USD", "Monthly"}};
  return f;
}

Result<DaemonConfig> parse(const std::string& text) { return parse_daemon_config(text, "pcsyncd.yaml"); }

// Expects `text` to fail with a message starting with `prefix` and containing `fragment`.
void expect_error(const std::string& text, const std::string& prefix, const std::string& fragment) {
  auto r = parse(text);
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.error().kind, ErrorKind::config);
  const std::string& m = r.error().message;
  EXPECT_EQ(m.rfind(prefix, 0), 0u) << m;
  EXPECT_NE(m.find(fragment), std::string::npos) << m;
}

// The README shows the installed default and says it works as written: its first YAML block is the file.
TEST(ConfigLoader, TheReadmesExampleIsTheShippedDefaultVerbatim) {
  const std::string shipped = pcs::test::shipped_config_text();
  ASSERT_FALSE(shipped.empty()) << "config/pcsyncd.yaml not found under " << PCSYNC_SOURCE_DIR;
  const std::string readme = read_source_file("README.md");
  const std::string section = "## Configuration";
  const auto block = readme.find("```yaml\n", readme.find(section));
  ASSERT_NE(block, std::string::npos) << "no YAML block under " << section << " in README.md";
  const auto start = block + std::string("```yaml\n").size();
  EXPECT_EQ(readme.substr(start, readme.find("```", start) - start), shipped);
}

TEST(ConfigLoader, ExampleLoadsWithDefaults) {
  auto r = parse(pcs::test::shipped_config_text());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const DaemonConfig& c = *r;
  EXPECT_EQ(c.catalog, "Sandbox");
  EXPECT_EQ(c.region, "us-east-1");
  EXPECT_FALSE(c.endpoint_url.has_value());
  EXPECT_EQ(c.database, "/var/lib/pcsyncd/pcsync.db");
  EXPECT_EQ(c.poll_interval, seconds{300});
  EXPECT_FALSE(c.dry_run);
  EXPECT_EQ(c.rules.default_action(), rules::Action::ignore);
  ASSERT_EQ(c.rules.rules().size(), 2u);
  // The defaults table.
  EXPECT_EQ(c.reconcile_interval, seconds{3600});
  EXPECT_EQ(c.task_poll_interval, seconds{30});
  EXPECT_EQ(c.request_timeout, seconds{10});
  EXPECT_EQ(c.call_timeout, seconds{30});
  EXPECT_EQ(c.max_accept_attempts, 3);
  EXPECT_EQ(c.log_level, "info");
  EXPECT_DOUBLE_EQ(c.quota_share, 0.5);
  EXPECT_DOUBLE_EQ(c.read_quota_per_second, 10);
  EXPECT_DOUBLE_EQ(c.write_quota_per_second, 1);
  EXPECT_EQ(c.read_quota_daily, 100000);
  EXPECT_EQ(c.write_quota_daily, 10000);
  EXPECT_FALSE(c.max_attempts);  // unset: the AWS settings decide
  EXPECT_FALSE(c.retry_mode);
  EXPECT_FALSE(c.profile.has_value());
  EXPECT_FALSE(c.ca_bundle.has_value());
  EXPECT_FALSE(c.metrics_listen.has_value());
}

TEST(ConfigLoader, ExampleDecidesAsIntended) {
  auto r = load_daemon_config(std::string(PCSYNC_SOURCE_DIR) + "/config/pcsyncd.yaml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const rules::RuleSet& set = r->rules;
  WallTime now = *parse_iso8601("2024-06-01T00:00:00Z");

  auto d = set.evaluate(invitation("CA", "Life Sciences", "5000", "AWS"), now);
  EXPECT_EQ(d.action, rules::Action::accept);
  EXPECT_EQ(d.rule, "us-healthcare");
  ASSERT_EQ(d.tags.size(), 1u);
  EXPECT_EQ(d.tags[0].key, "source");

  d = set.evaluate(invitation("US", "Healthcare", "4999", "AWS"), now);
  EXPECT_EQ(d.action, rules::Action::ignore);
  EXPECT_EQ(d.rule, "default");

  d = set.evaluate(invitation("FR", "Retail", "100", "Example Holdings"), now);
  EXPECT_EQ(d.action, rules::Action::reject);
  EXPECT_EQ(d.rejection_reason, "Outside our focus area");

  auto expired = invitation("US", "Healthcare", "9000", "AWS");
  expired.expiration_date = now - seconds{1};
  d = set.evaluate(expired, now);
  EXPECT_EQ(d.action, rules::Action::ignore);
  EXPECT_EQ(d.reason, "expired");
}

TEST(ConfigLoader, DemoConfigLoadsOnceThePortIsFilledIn) {
  std::string demo = read_source_file("config/demo.yaml");
  ASSERT_NE(demo.find("http://127.0.0.1:PORT"), std::string::npos);
  // The demo script substitutes every occurrence, as sed 's/PORT/18080/g' would.
  for (size_t at = demo.find("PORT"); at != std::string::npos; at = demo.find("PORT", at)) demo.replace(at, 4, "18080");
  auto r = parse_daemon_config(demo, "demo.yaml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->endpoint_url, "http://127.0.0.1:18080");
  EXPECT_EQ(r->database, "/tmp/pcsyncd-demo/state/pcsync.db");
  EXPECT_EQ(r->rules.rules().size(), 2u);
}

TEST(ConfigLoader, EveryKeyParses) {
  auto r = parse(R"(
catalog: AWS
region: us-west-2
endpoint_url: https://partnercentral-selling.us-east-1.api.aws/
profile: partner
ca_bundle: /etc/ssl/custom.pem
database: /srv/pcsync.db
log_level: debug
poll_interval: 1h30m
reconcile_interval: 2h
task_poll_interval: 10s
request_timeout: 1m
dry_run: true
default_action: reject
quota_share: 1
read_quota_per_second: 2.5
write_quota_per_second: 0.5
read_quota_daily: 5000
write_quota_daily: 500
max_attempts: 5
retry_mode: standard
metrics_listen: 127.0.0.1:9465
)");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->catalog, "AWS");
  EXPECT_EQ(r->region, "us-west-2");
  EXPECT_EQ(r->endpoint_url, "https://partnercentral-selling.us-east-1.api.aws/");
  EXPECT_EQ(r->profile, "partner");
  EXPECT_EQ(r->ca_bundle, "/etc/ssl/custom.pem");
  EXPECT_EQ(r->database, "/srv/pcsync.db");
  EXPECT_EQ(r->log_level, "debug");
  EXPECT_EQ(r->poll_interval, seconds{5400});
  EXPECT_EQ(r->reconcile_interval, seconds{7200});
  EXPECT_EQ(r->task_poll_interval, seconds{10});
  EXPECT_EQ(r->request_timeout, seconds{60});
  EXPECT_TRUE(r->dry_run);
  EXPECT_EQ(r->rules.default_action(), rules::Action::reject);
  EXPECT_DOUBLE_EQ(r->quota_share, 1.0);
  EXPECT_DOUBLE_EQ(r->read_quota_per_second, 2.5);
  EXPECT_DOUBLE_EQ(r->write_quota_per_second, 0.5);
  EXPECT_EQ(r->read_quota_daily, 5000);
  EXPECT_EQ(r->write_quota_daily, 500);
  EXPECT_EQ(r->max_attempts, 5);
  EXPECT_EQ(r->retry_mode, std::optional<std::string>("standard"));
  EXPECT_EQ(r->metrics_listen, "127.0.0.1:9465");
}

TEST(ConfigLoader, BadValuesNameFileLineColumnAndKey) {
  const std::string head = "catalog: Sandbox\n";  // line 1; the bad line is line 2
  struct Row {
    std::string line;
    std::string prefix;
    std::string fragment;
  };
  const Row rows[] = {
      {"polll_interval: 5m", "pcsyncd.yaml:2:1: ", "unknown key 'polll_interval' (did you mean 'poll_interval'?)"},
      {"colour: blue", "pcsyncd.yaml:2:1: ", "unknown key 'colour'"},
      {"poll_interval: 5x", "pcsyncd.yaml:2:16: poll_interval:", "not a duration"},
      {"poll_interval: 300", "pcsyncd.yaml:2:16: poll_interval:", "not a duration"},
      {"poll_interval: 5s", "pcsyncd.yaml:2:16: poll_interval:", "between 10s and 1d"},
      {"reconcile_interval: 30s", "pcsyncd.yaml:2:21: reconcile_interval:", "between 1m"},
      {"task_poll_interval: 1s", "pcsyncd.yaml:2:21: task_poll_interval:", "between 5s"},
      {"request_timeout: 1h", "pcsyncd.yaml:2:18: request_timeout:", "between 1s and 10m"},
      {"region: US East", "pcsyncd.yaml:2:9: region:", "not a region name"},
      {"endpoint_url: ftp://x", "pcsyncd.yaml:2:15: endpoint_url:", "https://"},
      {"endpoint_url: http://sim.example.com:8080", "pcsyncd.yaml:2:15: endpoint_url:",
       "plain http:// is only allowed to a loopback host"},
      {"endpoint_url: https://host:99999", "pcsyncd.yaml:2:15: endpoint_url:", "not a port number"},
      {"endpoint_url: https://host/path", "pcsyncd.yaml:2:15: endpoint_url:", "no path"},
      {"endpoint_url: https://user:secret@host", "pcsyncd.yaml:2:15: endpoint_url:", "user:password"},
      {"database: ''", "pcsyncd.yaml:2:11: database:", "non-empty string"},
      {"profile: [a]", "pcsyncd.yaml:2:10: profile:", "non-empty string"},
      {"log_level: verbose", "pcsyncd.yaml:2:12: log_level:", "trace, debug, info, warn, error"},
      {"dry_run: maybe", "pcsyncd.yaml:2:10: dry_run:", "true or false"},
      {"default_action: accpet", "pcsyncd.yaml:2:17: default_action:", "accept, reject, review or ignore"},
      {"quota_share: 0", "pcsyncd.yaml:2:14: quota_share:", "greater than 0"},
      {"quota_share: 1.5", "pcsyncd.yaml:2:14: quota_share:", "at most 1"},
      {"quota_share: half", "pcsyncd.yaml:2:14: quota_share:", "must be a number"},
      {"read_quota_per_second: -1", "pcsyncd.yaml:2:24: read_quota_per_second:", "greater than 0"},
      {"write_quota_per_second: 0", "pcsyncd.yaml:2:25: write_quota_per_second:", "greater than 0"},
      {"read_quota_daily: 0", "pcsyncd.yaml:2:19: read_quota_daily:", "between 1 and"},
      {"write_quota_daily: 1.5", "pcsyncd.yaml:2:20: write_quota_daily:", "whole number"},
      {"max_attempts: 0", "pcsyncd.yaml:2:15: max_attempts:", "between 1 and 10"},
      {"retry_mode: legacy", "pcsyncd.yaml:2:13: retry_mode:", "pcsyncd (known-quota pacing, the default), adaptive or standard"},
      {"metrics_listen: 9465", "pcsyncd.yaml:2:17: metrics_listen:", "host:port"},
      {"catalog: AWS", "pcsyncd.yaml:2:1: catalog:", "duplicate key"},
      {"rules:\n  - name: a\n    action: acept", "pcsyncd.yaml:4:13: rules[0].action:", "unknown action"},
      {"rules:\n  - name: a\n    action: accept\n  - name: a\n    action: ignore", "pcsyncd.yaml:5:11: rules[1].name:",
       "duplicate rule name"},
      {"rules:\n  - name: a\n    action: accept\n    when: {title: {regex: \"[\"}}", "pcsyncd.yaml:5:27:",
       "invalid regular expression"},
      {"rules:\n  - name: a\n    action: reject\n    reason: " + std::string(90, 'r'), "pcsyncd.yaml:5:13: rules[0].reason:",
       "at most 80"},
      {"rules:\n  - name: a\n    action: accept\n    tags: {k: \"a|b\"}", "pcsyncd.yaml:5:15: rules[0].tags.k:",
       "tag value"},
      {"rules:\n  - name: a\n    action: accept\n    when: {expires_within: soon}", "pcsyncd.yaml:5:28: rules[0].when.expires_within:",
       "not a duration"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    expect_error(head + row.line + "\n", row.prefix, row.fragment);
  }
}

TEST(ConfigLoader, CatalogIsRequiredAndExact) {
  expect_error("region: us-east-1\n", "pcsyncd.yaml:1:1: catalog:", "missing");
  expect_error("catalog: sandbox\n", "pcsyncd.yaml:1:10: catalog:", "AWS or Sandbox");
  expect_error("catalog: [AWS]\n", "pcsyncd.yaml:1:10: catalog:", "AWS or Sandbox");
}

// The same rule as lib/net's (net::parse_endpoint), which the daemon applies to AWS_ENDPOINT_URL_* too: all of
// 127.0.0.0/8 is loopback.
TEST(ConfigLoader, EndpointAllowsLoopbackHttp) {
  for (const char* url : {"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:8080/", "https://[::1]",
                          "http://127.0.0.2:8080", "HTTP://LOCALHOST:8080"}) {
    auto r = parse(std::string("catalog: Sandbox\nendpoint_url: ") + url + "\n");
    EXPECT_TRUE(r.ok()) << url << ": " << (r.ok() ? "" : r.error().message);
  }
}

TEST(ConfigLoader, SyntaxErrorsCarryYamlCppPosition) {
  auto r = parse("catalog: Sandbox\nrules:\n  - name: [unclosed\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("pcsyncd.yaml:", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find("YAML syntax error"), std::string::npos) << r.error().message;

  auto tabs = parse("catalog: Sandbox\n\tregion: x\n");
  ASSERT_FALSE(tabs.ok());
  EXPECT_EQ(tabs.error().message.rfind("pcsyncd.yaml:2:", 0), 0u) << tabs.error().message;
}

TEST(ConfigLoader, EmptyOrNonMapFile) {
  expect_error("", "pcsyncd.yaml: ", "empty");
  expect_error("# only a comment\n", "pcsyncd.yaml: ", "empty");
  expect_error("- a\n- b\n", "pcsyncd.yaml:1:1: ", "map");
}

// Hostile or runaway rules are config errors with a position, never a crash at start (std::regex used to
// overflow the stack compiling these).
TEST(ConfigLoader, HugeOrUnsupportedRegexesAreConfigErrors) {
  const std::string head = "catalog: Sandbox\nrules:\n  - name: a\n    action: accept\n    when:\n      title: {regex: ";
  expect_error(head + "\"" + std::string(20'000, '(') + "a" + std::string(20'000, ')') + "\"}\n",
               "pcsyncd.yaml:6:22: rules[0].when.title.regex: ", "the pattern is 40001 bytes long; the limit is 1000");
  expect_error(head + "\"" + std::string(200'000, 'x') + "\"}\n", "pcsyncd.yaml:6:22: rules[0].when.title.regex: ",
               "the pattern is 200000 bytes long");
  expect_error(head + "\"(a)\\\\1\"}\n", "pcsyncd.yaml:6:22: rules[0].when.title.regex: ",
               "invalid escape sequence: \\1; write RE2 syntax (https://github.com/google/re2/wiki/Syntax)");
  expect_error(head + "\"x(?=y)\"}\n", "pcsyncd.yaml:6:22: rules[0].when.title.regex: ", "invalid perl operator: (?=");
}

TEST(ConfigLoader, RefusesAFileOverOneMebibyte) {
  std::string text = "catalog: Sandbox\n# ";
  text += std::string(kMaxConfigBytes - text.size() - 1, 'x') + "\n";
  ASSERT_EQ(text.size(), kMaxConfigBytes);
  auto at_limit = parse(text);
  EXPECT_TRUE(at_limit.ok()) << at_limit.error().message;
  expect_error(text + "\n", "pcsyncd.yaml: ", "larger than 1048576 bytes (1 MiB)");

  test::TempDir dir;
  auto path = dir.write("big.yaml", text + "#\n");
  auto r = load_daemon_config(path.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind(path.string() + ": the file is larger than", 0), 0u) << r.error().message;
  // An endless "file" is refused after the limit instead of being read forever.
  if (std::filesystem::exists("/dev/zero")) {
    auto zero = load_daemon_config("/dev/zero");
    ASSERT_FALSE(zero.ok());
    EXPECT_NE(zero.error().message.find("larger than"), std::string::npos) << zero.error().message;
  }
}

TEST(ConfigLoader, DeeplyNestedYamlIsAConfigErrorNotAStackOverflow) {
  for (const std::string& nested : {"rules: " + std::string(100'000, '[') + std::string(100'000, ']'),
                                    "rules: " + std::string(100'000, '{'), "rules:\n  - name: " + std::string(600, '[')}) {
    auto r = parse("catalog: Sandbox\n" + nested + "\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("pcsyncd.yaml:", 0), 0u) << r.error().message.substr(0, 200);
    EXPECT_NE(r.error().message.find("levels deep"), std::string::npos) << r.error().message.substr(0, 200);
  }
  // Nesting within the guard but past what the schema allows is an ordinary config error.
  expect_error("catalog: Sandbox\nrules: " + std::string(300, '[') + std::string(300, ']') + "\n", "pcsyncd.yaml:2:9: rules[0]:",
               "must be a map");
}

TEST(ConfigLoader, LoadFromFileLabelsErrorsWithThePath) {
  test::TempDir dir;
  auto path = dir.write("pcsyncd.yaml", "catalog: Sandbox\npoll_interval: 1x\n");
  auto r = load_daemon_config(path.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind(path.string() + ":2:16: poll_interval:", 0), 0u) << r.error().message;

  auto missing = load_daemon_config((dir.path() / "nope.yaml").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::config);
  EXPECT_NE(missing.error().message.find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace pcs::config

namespace pcs::config {
namespace {

TEST(ConfigLoader, NotifyWebhooksParse) {
  auto r = parse_daemon_config(R"(
catalog: AWS
notify:
  expiry_warning: 12h
  webhooks:
    - url: https://hooks.slack.com/services/T0/B0/XYZ
      format: slack
      events: [review_needed, expiring]
    - url: https://ops.example.com/pcsyncd?token=abc
      name: ops
      secret: s3cret
)",
                               "pcsyncd.yaml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->notify.expiry_warning, std::chrono::hours{12});
  ASSERT_EQ(r->notify.webhooks.size(), 2u);
  const auto& slack = r->notify.webhooks[0];
  EXPECT_EQ(slack.name, "hooks.slack.com");
  EXPECT_EQ(slack.format, WebhookFormat::slack);
  EXPECT_TRUE(slack.wants("expiring"));
  EXPECT_FALSE(slack.wants("accepted"));
  const auto& ops = r->notify.webhooks[1];
  EXPECT_EQ(ops.name, "ops");
  EXPECT_EQ(ops.secret, "s3cret");
  EXPECT_EQ(ops.target, "/pcsyncd?token=abc");
  EXPECT_TRUE(ops.wants("degraded")) << "no events: every event";
  auto none = parse_daemon_config("catalog: AWS\n", "pcsyncd.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->notify.webhooks.empty());
  EXPECT_EQ(none->notify.expiry_warning, std::chrono::hours{24});
}

TEST(ConfigLoader, NotifyErrorsNameTheKeyAndNeverTheUrl) {
  struct Bad {
    const char* yaml;
    const char* fragment;
  };
  const Bad cases[]{
      {"notify: [a]", "must be a map with webhooks"},
      {"notify: {hooks: []}", "unknown key 'hooks'"},
      {"notify: {expiry_warning: 10s}", "notify.expiry_warning: must be between"},
      {"notify: {webhooks: [{name: x}]}", "notify.webhooks[0].url: missing"},
      {"notify: {webhooks: [{url: 'http://hooks.example.com/SECRET'}]}", "notify.webhooks[0].url: plain http://"},
      {"notify: {webhooks: [{url: 'https://a.example.com/SECRET', format: teams}]}", "json (the default) or slack"},
      {"notify: {webhooks: [{url: 'https://a.example.com/SECRET', events: [acepted]}]}", "unknown event 'acepted'"},
      {"notify: {webhooks: [{url: 'https://a.example.com/SECRET', colour: red}]}", "unknown key 'colour'"},
      {"notify: {webhooks: [{url: 'https://a.example.com/SECRET'}, {url: 'https://a.example.com/OTHER'}]}",
       "two webhooks are named a.example.com"},
  };
  for (const auto& c : cases) {
    auto r = parse_daemon_config(std::string("catalog: AWS\n") + c.yaml + "\n", "pcsyncd.yaml");
    ASSERT_FALSE(r.ok()) << c.yaml;
    EXPECT_NE(r.error().message.find(c.fragment), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find("SECRET"), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace pcs::config
