// pcsyncctl accept / reject in-process over a copy of the golden database: what is recorded (who, when, why,
// exactly what will be sent), what is printed, and what is refused without writing (dry run, --now while a
// daemon holds the database, a second decision). The daemon's side is tests/integration/sync/review_process_test.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <sstream>

#include "ctl_run.hpp"
#include "golden_database.hpp"
#include "invoking_user.hpp"
#include "store/daemon_presence.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pcs::ctl {
namespace {

using test::CtlRun;

class CtlDecide : public ::testing::Test {
 protected:
  void SetUp() override {
    pcs::test::build_golden_database(db_.string());
    config_ = dir_.write("pcsyncd.yaml", pcs::test::golden_config(db_.string()));
  }

  CtlRun run(std::vector<std::string> args) {
    FakeClock clock(pcs::test::golden_now());
    return test::run_in_process(args, clock);
  }

  std::vector<store::Decision> decisions_of(const std::string& id) {
    auto store = store::Store::open(db_.string(), {store::OpenMode::read_only});
    EXPECT_OK(store);
    auto h = store->show(id);
    EXPECT_TRUE(h.ok() && h->has_value());
    return h.ok() && h->has_value() ? (*h)->decisions : std::vector<store::Decision>{};
  }

  pcs::test::TempDir dir_;
  std::filesystem::path db_ = dir_.path() / "pcsync.db";
  std::filesystem::path config_;
  const std::string waiting_ = "engi-00000000000010";
};

TEST(PersonName, IsTheUserOrWhomSudoRanItFor) {
  EXPECT_EQ(person_name("alice", std::nullopt), "alice");
  EXPECT_EQ(person_name("pcsyncd", std::string("alice")), "alice via sudo");
  EXPECT_EQ(person_name("root", std::string("alice")), "alice via sudo");
  EXPECT_EQ(person_name("alice", std::string("alice")), "alice") << "sudo to oneself changes nobody";
  EXPECT_EQ(person_name("alice", std::string("")), "alice");
}

TEST_F(CtlDecide, AnAcceptIsRecordedWithWhoWhenWhyAndItsTags) {
  auto r = run({"accept", waiting_, "--tag", "source=alice", "--tag", "team=health", "--reason", "existing customer",
                "--config", config_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accept of " + waiting_ + " recorded"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("it sends Tags source=alice team=health"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no pcsyncd is running"), std::string::npos) << r.out;
  auto d = decisions_of(waiting_);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].decided_by, invoking_person());
  EXPECT_EQ(d[0].decided_at, pcs::test::golden_now());
  EXPECT_EQ(d[0].reason, "existing customer");
  EXPECT_EQ(d[0].rule, "person");
  EXPECT_EQ(d[0].state, store::DecisionState::recorded);
  EXPECT_EQ(d[0].tags, (std::vector<store::TagRecord>{{"source", "alice"}, {"team", "health"}}));
  EXPECT_FALSE(d[0].client_token.empty());
  EXPECT_FALSE(d[0].rejection_reason);

  // The second decision is refused with the first named, and nothing more is written.
  auto again = run({"reject", waiting_, "--reason", "Not our region", "--config", config_.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already has decision " + std::to_string(d[0].id)), std::string::npos) << again.err;
  EXPECT_EQ(decisions_of(waiting_).size(), 1u);
}

TEST_F(CtlDecide, SudoNamesThePersonAndJsonPrintsTheDecision) {
  ::setenv("SUDO_USER", "carol-test", 1);
  auto r = run({"reject", waiting_, "--reason", "Not our region", "--config", config_.string(), "--json"});
  ::unsetenv("SUDO_USER");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = boost::json::parse(r.out).as_object();
  EXPECT_EQ(json.at("DecidedBy").as_string(), "carol-test via sudo");
  EXPECT_EQ(json.at("RejectionReason").as_string(), "Not our region");
  EXPECT_EQ(json.at("State").as_string(), "recorded");
  EXPECT_EQ(json.at("DaemonRunning").as_bool(), false);
  EXPECT_EQ(decisions_of(waiting_).at(0).decided_by, "carol-test via sudo");
}

TEST_F(CtlDecide, DryRunIsRefusedAndNothingIsRecorded) {
  const auto dry = dir_.write("dry.yaml", pcs::test::golden_config(db_.string()) + "dry_run: true\n");
  auto r = run({"accept", waiting_, "--config", dry.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("dry_run: true"), std::string::npos) << r.err;
  EXPECT_TRUE(decisions_of(waiting_).empty());
}

TEST_F(CtlDecide, NowIsRefusedWhileADaemonHoldsTheDatabaseAndTheDaemonIsNamedOtherwise) {
  auto presence = store::DaemonPresence::announce(db_.string(), std::chrono::milliseconds{0});
  ASSERT_OK(presence);
  auto now = run({"accept", waiting_, "--now", "--config", config_.string()});
  EXPECT_EQ(now.exit_code, 1);
  EXPECT_NE(now.err.find("pcsyncd is running on"), std::string::npos) << now.err;
  EXPECT_TRUE(decisions_of(waiting_).empty()) << "refused before anything was recorded";

  auto later = run({"accept", waiting_, "--config", config_.string()});
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("pcsyncd carries it out within seconds"), std::string::npos) << later.out;
}

// A daemon starting while `--now` holds the database waits for it, then says so.
TEST_F(CtlDecide, ADaemonWaitsForNowThenGivesUpNamingIt) {
  auto now = store::DaemonPresence::exclusive(db_.string());
  ASSERT_OK(now);
  auto daemon = store::DaemonPresence::announce(db_.string(), std::chrono::milliseconds{300});
  ASSERT_FALSE(daemon);
  EXPECT_EQ(daemon.error().code, "StoreBusyNow");
  now = store::DaemonPresence::exclusive(dir_.write("other.db", "").string());  // releases the first
  EXPECT_OK(store::DaemonPresence::announce(db_.string(), std::chrono::milliseconds{0}));
}

// Found in review: a second pcsyncd on the same file started and competed with the first (StoreLocked cycles).
// It is refused at start now, and the file is free for a daemon again once the first is gone.
TEST_F(CtlDecide, ASecondDaemonOnTheSameFileIsRefused) {
  std::optional<store::DaemonPresence> first;
  {
    auto announced = store::DaemonPresence::announce(db_.string(), std::chrono::milliseconds{0});
    ASSERT_OK(announced);
    first.emplace(std::move(*announced));
  }
  auto second = store::DaemonPresence::announce(db_.string(), std::chrono::milliseconds{0});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, "DaemonAlreadyRunning");
  EXPECT_NE(second.error().message.find("one pcsyncd per database file"), std::string::npos) << second.error().message;
  EXPECT_TRUE(store::DaemonPresence::daemon_running(db_.string())) << "the refused one took nothing from the first";
  first.reset();
  EXPECT_OK(store::DaemonPresence::announce(db_.string(), std::chrono::milliseconds{0}));
}

}  // namespace
}  // namespace pcs::ctl
