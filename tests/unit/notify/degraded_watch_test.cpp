#include "notify/degraded_watch.hpp"

#include <gtest/gtest.h>

namespace pcs::notify {
namespace {

sync::CycleReport cycle(store::SyncOutcome outcome, std::int64_t calls = 10, std::int64_t throttled = 0) {
  sync::CycleReport r;
  r.outcome = outcome;
  r.counters.read_calls = calls;
  r.counters.throttled = throttled;
  if (outcome == store::SyncOutcome::failed) r.error = "ConnectFailed: connection refused";
  return r;
}

TEST(DegradedWatch, ThreeFailedCyclesInARowAreOneOutageWithOneRecovery) {
  DegradedWatch w;
  EXPECT_FALSE(w.observe(cycle(store::SyncOutcome::failed)));
  EXPECT_FALSE(w.observe(cycle(store::SyncOutcome::failed)));
  auto degraded = w.observe(cycle(store::SyncOutcome::failed));
  ASSERT_TRUE(degraded);
  EXPECT_EQ(degraded->event, "degraded");
  EXPECT_NE(degraded->reason.find("3 sync cycles in a row failed: ConnectFailed"), std::string::npos);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(w.observe(cycle(store::SyncOutcome::failed))) << "told once";
  auto recovered = w.observe(cycle(store::SyncOutcome::ok));
  ASSERT_TRUE(recovered);
  EXPECT_EQ(recovered->event, "recovered");
  EXPECT_FALSE(w.observe(cycle(store::SyncOutcome::ok)));
}

// A restart during an outage: the state last announced is restored, so the outage is not announced again and
// its end is.
TEST(DegradedWatch, ARestoredOutageIsNotAnnouncedAgainItsEndIs) {
  DegradedWatch w;
  w.restore(true);
  sync::CycleReport refused = cycle(store::SyncOutcome::failed);
  refused.setup_failure = true;
  EXPECT_FALSE(w.observe(refused)) << "still the outage the last run announced";
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(w.observe(cycle(store::SyncOutcome::failed)));
  auto recovered = w.observe(cycle(store::SyncOutcome::ok));
  ASSERT_TRUE(recovered);
  EXPECT_EQ(recovered->event, "recovered");

  DegradedWatch fresh;
  fresh.restore(false);
  EXPECT_TRUE(fresh.observe(refused)) << "a healthy last run: the first refusal is news";
}

TEST(DegradedWatch, ThrottlingOverAFifthAndSetupFailuresDegradeAtOnce) {
  DegradedWatch w;
  EXPECT_FALSE(w.observe(cycle(store::SyncOutcome::ok, 10, 2))) << "20 % is not over 20 %";
  EXPECT_FALSE(w.observe(cycle(store::SyncOutcome::ok, 4, 4))) << "too few calls to say";
  auto throttled = w.observe(cycle(store::SyncOutcome::partial, 10, 3));
  ASSERT_TRUE(throttled);
  EXPECT_NE(throttled->reason.find("30 % of the last cycle's 10 calls were throttled"), std::string::npos)
      << throttled->reason;
  EXPECT_TRUE(w.observe(cycle(store::SyncOutcome::ok)));  // recovered

  sync::CycleReport refused = cycle(store::SyncOutcome::partial);
  refused.setup_failure = true;
  refused.error = "AccessDeniedException: not authorized";
  auto setup = w.observe(refused);
  ASSERT_TRUE(setup);
  EXPECT_NE(setup->reason.find("credentials, IAM or the clock"), std::string::npos);

  sync::CycleReport pass = cycle(store::SyncOutcome::ok);
  pass.decisions_only = true;
  EXPECT_FALSE(w.observe(pass)) << "a decisions-only pass is not a cycle";
  EXPECT_TRUE(w.degraded());
}

}  // namespace
}  // namespace pcs::notify
