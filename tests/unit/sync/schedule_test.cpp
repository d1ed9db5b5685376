// The pure parts of the schedule: next_delay(), daily_budget_pacing() and quota_class_of().
#include <gtest/gtest.h>

#include "sync/governed_client.hpp"
#include "sync/schedule.hpp"

namespace pcs::sync {
namespace {

using namespace std::chrono_literals;
using std::chrono::nanoseconds;

struct DelayCase {
  const char* what;
  nanoseconds poll, task_poll;
  bool unfinished;
  nanoseconds paced;
  nanoseconds expected;
  nanoseconds took = nanoseconds::zero();
};

TEST(NextDelay, Table) {
  const DelayCase cases[] = {
      {"idle: the poll interval", 300s, 30s, false, 0s, 300s},
      {"work unfinished: the task poll interval", 300s, 30s, true, 0s, 30s},
      {"task poll longer than poll: never later than the poll", 60s, 120s, true, 0s, 60s},
      {"daily budget pacing stretches an idle poll", 300s, 30s, false, 900s, 900s},
      {"daily budget pacing stretches task polling too", 300s, 30s, true, 45s, 45s},
      {"pacing below the interval changes nothing", 300s, 30s, false, 10s, 300s},
      {"pacing below the task interval changes nothing", 300s, 30s, true, 10s, 30s},
      {"intervals run from cycle start: the cycle's time is deducted", 10s, 30s, false, 0s, 7s, 3s},
      {"and from a task poll's start", 300s, 30s, true, 0s, 25s, 5s},
      {"and from a paced start", 300s, 30s, false, 900s, 840s, 60s},
      {"a cycle longer than the interval is followed at once", 10s, 30s, false, 0s, 0s, 12s},
  };
  for (const auto& c : cases)
    EXPECT_EQ(next_delay(ScheduleInput{c.poll, c.task_poll, c.unfinished, c.paced, c.took}), c.expected) << c.what;
}

TEST(QuotaClassOf, WritesAreTheTwoStateChangingOperations) {
  for (const char* read : {"ListEngagementInvitations", "GetEngagementInvitation",
                           "ListEngagementByAcceptingInvitationTasks", "ListOpportunityFromEngagementTasks"})
    EXPECT_EQ(quota_class_of(read), gov::QuotaClass::read) << read;
  EXPECT_EQ(quota_class_of(pc::StartEngagementByAcceptingInvitationTaskRequest::operation), gov::QuotaClass::write);
  EXPECT_EQ(quota_class_of(pc::RejectEngagementInvitationRequest::operation), gov::QuotaClass::write);
  EXPECT_EQ(quota_class_of("NoSuchOperation"), gov::QuotaClass::read);
}

// What polling costs is the reads that recur every cycle: detail fetches are paid once per new invitation.
TEST(DailyBudgetPacing, StretchesTheIntervalWhenTheReadBudgetWouldNotLastTheDay) {
  gov::GovernorSnapshot governor;
  governor.read.daily_limit = 50'000;
  governor.read.daily_remaining = 50'000;
  CycleReport last;
  last.counters.read_calls = 40;
  EXPECT_EQ(daily_budget_pacing(governor, last), 76800ms) << "sustained: 40 reads a cycle from 45,000 spendable a day";
  governor.read.daily_remaining = 5'000 + 864;  // beyond the 10 % reserve, 864 reads: 40 a cycle last 21.6 cycles
  EXPECT_EQ(daily_budget_pacing(governor, last), 4000s) << "24 h / 21.6";
  last.detail_reads = 20;  // half of them were one-off detail fetches: polling costs 20
  EXPECT_EQ(daily_budget_pacing(governor, last), 2000s);
}

}  // namespace
}  // namespace pcs::sync
