// `pcsyncctl call --config F` as a process: it must reach the endpoint, region, profile, CA bundle and catalog
// of F (as pcsyncd would with F), not those of the operator's environment, which here all point elsewhere.
// The endpoint is a loopback TLS server signed by the test CA that verifies every SigV4 signature.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <mutex>

#include "aws/sigv4.hpp"
#include "child_process.hpp"
#include "core/time_format.hpp"
#include "temp_dir.hpp"
#include "test_certs.hpp"
#include "threaded_server.hpp"

namespace pcs::ctl {
namespace {

using namespace std::chrono_literals;
constexpr const char* kProfileKey = "AKIDPROFILEPC0001";
constexpr const char* kProfileSecret = "profile-pc-secret-never-printed";

struct Seen {
  std::string key_id, region, target, body;
  bool signature_ok = false;
};

class CallConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    net::HttpServerOptions options;
    options.tls_cert_file = certs().server_cert.string();
    options.tls_key_file = certs().server_key.string();
    server_ = std::make_unique<test::ThreadedServer>([this](const net::HttpRequest& req) { return handle(req); },
                                                     options);
    ASSERT_TRUE(server_->started());

    tmp_.write("credentials", std::string("[pc]\naws_access_key_id = ") + kProfileKey + "\naws_secret_access_key = " +
                                  kProfileSecret + "\n[other]\naws_access_key_id = AKIDOTHERPROFILE1\n"
                                  "aws_secret_access_key = other-secret\n");
    tmp_.write("config", "[profile pc]\n[profile other]\nregion = us-west-2\n");
    config_ = tmp_.write("pcsyncd.yaml", "catalog: Sandbox\nregion: eu-west-1\nprofile: pc\nendpoint_url: https://localhost:" +
                                             std::to_string(server_->port()) + "\nca_bundle: " +
                                             certs().ca_cert.string() + "\ndatabase: " +
                                             (tmp_.path() / "pcsync.db").string() + "\n");
  }
  static const test::TestCerts& certs() {
    static const test::TestCerts generated;
    return generated;
  }

  net::ServerReply handle(const net::HttpRequest& req) {
    Seen s;
    if (const auto* t = req.header("X-Amz-Target")) s.target = *t;
    s.body = req.body;
    const auto* auth = req.header("Authorization");
    const auto* date = req.header("X-Amz-Date");
    if (auth && date) {
      if (auto parsed = aws::parse_authorization(*auth)) {
        s.key_id = parsed->access_key_id;
        s.region = parsed->region;
        aws::Credentials c;
        c.access_key_id = kProfileKey;
        c.secret_access_key = kProfileSecret;
        s.signature_ok = aws::expected_signature(req, *parsed, c, parse_amz_date(*date).value_or(WallTime{})) ==
                         parsed->signature;
      }
    }
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(s);
    }
    net::ServerReply r;
    r.response.status = 200;
    r.response.set_header("Content-Type", "application/x-amz-json-1.0");
    r.response.body = R"({"EngagementInvitationSummaries":[{"Id":"engi-0123456789abc","Catalog":"Sandbox","Amount":7500.5}]})";
    return r;
  }

  // The operator's environment points at another endpoint, region, profile and CA than the config.
  test::ProcessRun call(std::vector<std::string> args) {
    args.insert(args.begin(), "call");
    auto o = test::run_process(std::string(PCSYNC_CTL_BINARY), std::move(args),
                               {{"PATH", "/usr/bin:/bin"},
                                {"HOME", tmp_.path().string()},
                                {"AWS_EC2_METADATA_DISABLED", "true"},
                                {"AWS_SHARED_CREDENTIALS_FILE", (tmp_.path() / "credentials").string()},
                                {"AWS_CONFIG_FILE", (tmp_.path() / "config").string()},
                                {"AWS_PROFILE", "other"},
                                {"AWS_REGION", "us-west-2"},
                                {"AWS_ENDPOINT_URL", "https://127.0.0.1:9"},
                                {"AWS_CA_BUNDLE", certs().other_ca_cert.string()}},
                               tmp_.path() / "call", 20s);
    EXPECT_EQ((o.out + o.err).find(kProfileSecret), std::string::npos);
    return o;
  }

  std::vector<Seen> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

  std::mutex mutex_;
  std::vector<Seen> seen_;
  test::TempDir tmp_;
  std::filesystem::path config_;
  std::unique_ptr<test::ThreadedServer> server_;  // last: stopped before what its handler uses goes
};

TEST_F(CallConfig, UsesTheDaemonsEndpointRegionProfileCaAndCatalog) {
  auto r = call({"ListEngagementInvitations", R"({"ParticipantType":"RECEIVER"})", "--config", config_.string(),
                 "--compact"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, R"({"EngagementInvitationSummaries":[{"Id":"engi-0123456789abc","Catalog":"Sandbox","Amount":7500.5}]})"
                   "\n");
  const auto requests = seen();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].key_id, kProfileKey);
  EXPECT_EQ(requests[0].region, "eu-west-1");
  EXPECT_TRUE(requests[0].signature_ok);
  EXPECT_EQ(requests[0].target, "AWSPartnerCentralSelling.ListEngagementInvitations");
  EXPECT_EQ(boost::json::parse(requests[0].body).at("Catalog").as_string(), "Sandbox");
}

TEST_F(CallConfig, CatalogOptionWinsOverTheConfigsAndTheOutputIsIndented) {
  auto r = call({"ListEngagementInvitations", R"({"ParticipantType":"RECEIVER"})", "--catalog", "AWS", "--config",
                 config_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(seen().size(), 1u);
  EXPECT_EQ(boost::json::parse(seen()[0].body).at("Catalog").as_string(), "AWS");  // --catalog wins
  EXPECT_NE(r.out.find("\n  \"EngagementInvitationSummaries\": [\n"), std::string::npos) << r.out;  // pretty
}

TEST_F(CallConfig, WithoutConfigTheEnvironmentDecides) {
  auto r = call({"ListEngagementInvitations", R"({"ParticipantType":"RECEIVER"})", "--catalog", "Sandbox"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("127.0.0.1:9"), std::string::npos) << r.err;
  EXPECT_TRUE(seen().empty());
}

TEST_F(CallConfig, UnreadableConfigFailsBeforeAnyCall) {
  auto r = call({"ListEngagementInvitations", "--config", (tmp_.path() / "missing.yaml").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.yaml"), std::string::npos) << r.err;
  EXPECT_TRUE(seen().empty());
}

}  // namespace
}  // namespace pcs::ctl
