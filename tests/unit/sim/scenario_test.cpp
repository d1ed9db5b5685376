#include <gtest/gtest.h>

#include <filesystem>

#include "sim/scenario.hpp"

namespace pcs::sim {
namespace {

TEST(SimScenario, EmptyMappingGivesDefaults) {
  auto s = parse_scenario("seed: 3\n", "x.yaml");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->seed, 3u);
  EXPECT_EQ(s->name, "x");
  EXPECT_TRUE(s->quotas.enabled);
  EXPECT_DOUBLE_EQ(s->quotas.read.rate, 10);
  EXPECT_DOUBLE_EQ(s->quotas.write.rate, 1);
  EXPECT_FALSE(s->invitations.profiles.empty());
  EXPECT_FALSE(s->invitations.sender_companies.empty());
}

TEST(SimScenario, UnknownKeyIsRejectedWithFileLineAndColumn) {
  auto s = parse_scenario("seed: 3\ninvitations:\n  count: 5\n  cuont: 6\n", "demo.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("demo.yaml:4:3"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("cuont"), std::string::npos);
}

TEST(SimScenario, DuplicateKeysAreRejected) {
  auto s = parse_scenario("seed: 3\nquotas: off\nseed: 4\n", "dup.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("dup.yaml:3:1"), std::string::npos) << s.error().message;
}

TEST(SimScenario, BadValuesNameTheirLine) {
  auto s = parse_scenario("faults:\n  internal_error: 1.5\n", "f.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("f.yaml:2:"), std::string::npos) << s.error().message;

  auto t = parse_scenario("invitations:\n  profiles:\n    - industries: [Healthcare, Plumbing]\n", "p.yaml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("p.yaml:3:"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("Plumbing"), std::string::npos);

  auto u = parse_scenario("seed: [1\n", "broken.yaml");
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().message.find("broken.yaml:"), std::string::npos);
}

TEST(SimScenario, QuotasOffAndScale) {
  auto off = parse_scenario("quotas: off\n", "q.yaml");
  ASSERT_OK(off);
  EXPECT_FALSE(off->quotas.enabled);
  auto scaled = parse_scenario("quotas:\n  scale: 2\n  write: {rate: 0.5, burst: 2, daily: 100}\n  throttle_status: 400\n", "q.yaml");
  ASSERT_TRUE(scaled.ok()) << scaled.error().describe();
  EXPECT_DOUBLE_EQ(scaled->quotas.scale, 2);
  EXPECT_DOUBLE_EQ(scaled->quotas.write.rate, 0.5);
  EXPECT_EQ(scaled->quotas.write.daily, 100u);
  EXPECT_EQ(scaled->quotas.throttle_status, 400);
}

TEST(SimScenario, EveryShippedScenarioLoads) {
  const std::filesystem::path dir = std::filesystem::path(PCSYNC_SOURCE_DIR) / "sim" / "scenarios";
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    auto s = load_scenario(entry.path());
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().describe());
    ++n;
  }
  EXPECT_GE(n, 4);
  auto bulk = load_scenario(dir / "bulk.yaml");
  ASSERT_OK(bulk);
  EXPECT_EQ(bulk->invitations.count, 100'000u);
  EXPECT_FALSE(bulk->quotas.enabled);
}

}  // namespace
}  // namespace pcs::sim
