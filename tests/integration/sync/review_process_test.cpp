// The "done when", as processes: pcsyncd with default_action: review and a poll_interval of an hour
// against pcsync-sim; a person answers two invitations with pcsyncctl (one accept, one reject with a reason);
// the daemon carries both out within seconds (it sees the commit, it does not poll), once each; a second
// decision is refused; pcsyncctl show names who decided. Every wait has a deadline.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <algorithm>
#include <chrono>
#include <functional>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include <openssl/hmac.h>
#include <SQLiteCpp/Database.h>
#include <mutex>
#include <set>

#include "child_process.hpp"
#include "demo_scenario.hpp"
#include "threaded_server.hpp"
#include "sim/scenario.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pcs::sync {
namespace {

using namespace std::chrono_literals;
using pcs::test::ChildProcess;
using pcs::test::read_text_file;
namespace json = boost::json;

class ReviewProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    receiver_ = std::make_unique<pcs::test::ThreadedServer>([this](const net::HttpRequest& r) {
      std::lock_guard lock(mutex_);
      posts_.push_back(r);
      net::ServerReply reply;
      reply.response.status = 204;
      return reply;
    });
    ASSERT_TRUE(receiver_->started());
    const auto scenario_file =
        pcs::test::write_demo_scenario(dir_, "scenario.yaml", {.write_rate = 20, .write_burst = 5});
    auto scenario = sim::load_scenario(scenario_file);
    ASSERT_TRUE(scenario.ok()) << scenario.error().describe();
    scenario_ = std::move(*scenario);
    auto sim = pcs::test::start_sim_process(PCSYNC_SIM_BINARY, scenario_file, dir_.path() / "stats.json",
                                            dir_.path(), dir_.path() / "sim.stderr");
    sim_ = std::move(sim.process);
    port_ = sim.port;
    ASSERT_NE(port_, 0);
    std::filesystem::create_directory(dir_.path() / "state");
    std::filesystem::permissions(dir_.path() / "state", std::filesystem::perms::owner_all);
    config_ = write_config();
  }

  // The shipped rules; what they leave open waits for a person. The schedule would not list again for an hour.
  std::filesystem::path write_config() {
    const std::string text = pcs::test::shipped_config_without(
        {"catalog:", "region:", "database:", "poll_interval:", "dry_run:", "endpoint_url:", "default_action:"});
    return dir_.write("pcsyncd.yaml", "catalog: " + scenario_.catalog + "\nregion: " + scenario_.region +
                                          "\nendpoint_url: http://127.0.0.1:" + std::to_string(port_) +
                                          "\ndatabase: " + db().string() +
                                          "\npoll_interval: 1h\ntask_poll_interval: 1h\nrequest_timeout: 5s\n"
                                          "quota_share: 1\nread_quota_per_second: 100\nwrite_quota_per_second: 20\n"
                                          "default_action: review\nnotify:\n  webhooks:\n"
                                          "    - url: http://127.0.0.1:" + std::to_string(receiver_->port()) +
                                          "/hooks/SECRETPATH\n      name: ops\n      secret: " + kSecret + "\n" +
                                          text);
  }

  std::filesystem::path db() const { return dir_.path() / "state" / "pcsync.db"; }

  std::map<std::string, std::string> env(std::map<std::string, std::string> extra = {}) const {
    auto e = pcs::test::daemon_environment(dir_.path(), scenario_.credentials.access_key_id,
                                           scenario_.credentials.secret_access_key);
    e.insert(extra.begin(), extra.end());
    return e;
  }

  pcs::test::ProcessRun ctl(std::vector<std::string> args, std::map<std::string, std::string> extra_env = {}) {
    return pcs::test::run_process(PCSYNC_CTL_BINARY, std::move(args), env(std::move(extra_env)),
                                  dir_.path() / ("ctl-" + std::to_string(++ctl_runs_)), 30s);
  }

  // The review queue as pcsyncctl prints it, once it holds at least `count` (deadline 30 s).
  std::vector<std::string> queue_of_at_least(std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (std::filesystem::exists(db())) {
        auto r = ctl({"invitations", "--decision", "review", "--config", config_.string(), "--json"});
        if (r.exit_code == 0) {
          std::vector<std::string> ids;
          const json::value listed = json::parse(r.out);
          for (const auto& i : listed.at("Invitations").as_array())
            ids.emplace_back(i.at("Id").as_string());
          if (ids.size() >= count) return ids;
        }
      }
      std::this_thread::sleep_for(200ms);
    }
    ADD_FAILURE() << "the review queue never held " << count << "; pcsyncd said:\n" << read_text_file(log());
    return {};
  }

  // The live decision of `id`, once it is done (deadline `limit`).
  std::optional<store::Decision> done_within(const std::string& id, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      auto store = store::Store::open(db().string(), {store::OpenMode::read_only});
      if (store) {
        auto d = store->latest_decision(id);
        if (d && *d && (*d)->state == store::DecisionState::done) return **d;
      }
      std::this_thread::sleep_for(50ms);
    }
    return std::nullopt;
  }

  std::filesystem::path log() const { return dir_.path() / "pcsyncd.log"; }

  // The webhook POSTs received so far, each checked as a receiver would: the X-Pcsyncd-Signature is the
  // HMAC-SHA256 of the body with the shared secret (OpenSSL here, independently of lib/notify).
  std::vector<json::object> verified_posts() {
    std::lock_guard lock(mutex_);
    std::vector<json::object> out;
    for (const auto& r : posts_) {
      unsigned char mac[32];
      unsigned int size = 0;
      HMAC(EVP_sha256(), kSecret, int(std::strlen(kSecret)), reinterpret_cast<const unsigned char*>(r.body.data()),
           r.body.size(), mac, &size);
      char hex[65];
      for (unsigned i = 0; i < size; ++i) std::snprintf(hex + 2 * i, 3, "%02x", mac[i]);
      const std::string* signature = r.header("X-Pcsyncd-Signature");
      EXPECT_TRUE(signature && *signature == "sha256=" + std::string(hex)) << r.body;
      EXPECT_EQ(r.target, "/hooks/SECRETPATH");
      out.push_back(json::parse(r.body).as_object());
    }
    return out;
  }

  // The invitation ids of the POSTs of `event`, once there are at least `count` (deadline 15 s).
  std::multiset<std::string> posted(const std::string& event, std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    std::multiset<std::string> ids;
    do {
      ids.clear();
      for (const auto& p : verified_posts())
        if (p.at("Event").as_string() == event) ids.emplace(p.at("InvitationId").as_string());
      if (ids.size() >= count) break;
      std::this_thread::sleep_for(50ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return ids;
  }

  static constexpr const char* kSecret = "webhook-shared-secret";
  std::mutex mutex_;
  std::vector<net::HttpRequest> posts_;
  std::unique_ptr<pcs::test::ThreadedServer> receiver_;

  pcs::test::TempDir dir_;
  sim::Scenario scenario_;
  std::unique_ptr<ChildProcess> sim_;
  std::uint16_t port_ = 0;
  std::filesystem::path config_;
  int ctl_runs_ = 0;
};

TEST_F(ReviewProcessTest, APersonsAnswersAreCarriedOutWithinSecondsOnceEachWithWhoDecided) {
  ChildProcess daemon(PCSYNC_DAEMON_BINARY, {"--config", config_.string()}, env(), log(), false);
  ASSERT_TRUE(daemon.started());
  const auto queue = queue_of_at_least(2);
  ASSERT_GE(queue.size(), 2u);
  const std::string accepted = queue[0], rejected = queue[1];

  const auto asked = std::chrono::steady_clock::now();
  auto accept = ctl({"accept", accepted, "--tag", "source=review", "--config", config_.string()}, {{"SUDO_USER", "alice"}});
  ASSERT_EQ(accept.exit_code, 0) << accept.all();
  EXPECT_NE(accept.out.find("pcsyncd carries it out within seconds"), std::string::npos) << accept.out;
  auto reject = ctl({"reject", rejected, "--reason", "Not our region", "--config", config_.string()},
                    {{"SUDO_USER", "bob"}});
  ASSERT_EQ(reject.exit_code, 0) << reject.all();

  // An hour's poll_interval: only the database watch can carry them out this soon.
  const auto a = done_within(accepted, 15s);
  const auto r = done_within(rejected, 15s);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked);
  ASSERT_TRUE(a.has_value()) << read_text_file(log());
  ASSERT_TRUE(r.has_value()) << read_text_file(log());
  std::printf("both answers carried out %lld ms after the first pcsyncctl started\n", (long long)took.count());
  EXPECT_EQ(a->decided_by, "alice via sudo");
  EXPECT_FALSE(a->task_id.empty());
  EXPECT_EQ(r->decided_by, "bob via sudo");
  EXPECT_EQ(r->rejection_reason, "Not our region");

  auto again = ctl({"reject", accepted, "--reason", "Changed our mind", "--config", config_.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already has decision"), std::string::npos) << again.err;
  auto now = ctl({"accept", queue.size() > 2 ? queue[2] : accepted, "--now", "--config", config_.string()});
  EXPECT_EQ(now.exit_code, 1);
  EXPECT_NE(now.err.find("pcsyncd is running on"), std::string::npos) << now.err;

  auto show = ctl({"show", accepted, "--config", config_.string()});
  ASSERT_EQ(show.exit_code, 0) << show.all();
  EXPECT_NE(show.out.find("decided accept by alice via sudo"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("left to a person by rule default"), std::string::npos) << show.out;

  // Every invitation the rules left open was announced once (review_needed), and both answers were too.
  std::set<std::string> reviewed;
  {
    SQLite::Database raw(db().string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(raw, "SELECT EngagementInvitationId FROM v_reviews");
    while (q.executeStep()) reviewed.insert(q.getColumn(0).getString());
  }
  const auto announced = posted("review_needed", reviewed.size());
  EXPECT_EQ(std::set<std::string>(announced.begin(), announced.end()), reviewed);
  EXPECT_EQ(announced.size(), reviewed.size()) << "each review is announced once";
  EXPECT_EQ(posted("accepted", 1).count(accepted), 1u);
  EXPECT_EQ(posted("rejected", 1).count(rejected), 1u);
  std::printf("%zu review_needed webhooks, each signed\n", announced.size());
  const auto log_text = read_text_file(log());
  EXPECT_EQ(log_text.find("SECRETPATH"), std::string::npos) << "the webhook's URL path never reaches the log";
  EXPECT_EQ(log_text.find(kSecret), std::string::npos);

  EXPECT_EQ(daemon.terminate(10s).value_or(-1), 0) << read_text_file(log());
  ASSERT_EQ(sim_->terminate(5s).value_or(-1), 0);
  const auto stats = json::parse(read_text_file(dir_.path() / "stats.json")).as_object();
  const auto& per = stats.at("per_invitation").as_object();
  ASSERT_TRUE(per.contains(accepted));
  EXPECT_EQ(per.at(accepted).at("distinct_client_tokens").to_number<int>(), 1);
  EXPECT_EQ(per.at(accepted).at("tasks_created").to_number<int>(), 1);
  ASSERT_TRUE(per.contains(rejected));
  EXPECT_EQ(per.at(rejected).at("reject_calls").to_number<int>(), 1);
  EXPECT_EQ(per.at(rejected).at("status").as_string(), "REJECTED");
  // Nothing was sent for the invitations still waiting.
  for (std::size_t i = 2; i < queue.size(); ++i) EXPECT_FALSE(per.contains(queue[i])) << queue[i];
}

// An outage announced once, even when the daemon restarts into it (the state last announced is in the database),
// and its end announced when a cycle is healthy again.
TEST_F(ReviewProcessTest, AnOutageARestartFallsIntoIsNotAnnouncedAgainItsEndIs) {
  auto events = [&](const std::string& event) {
    std::lock_guard lock(mutex_);
    return std::count_if(posts_.begin(), posts_.end(), [&](const net::HttpRequest& r) {
      return json::parse(r.body).as_object().at("Event").as_string() == event;
    });
  };
  auto wait_for = [&](const std::function<bool()>& done, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
    return done();
  };
  auto count_in_log = [&](std::string_view needle) {
    const std::string text = read_text_file(log());
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  };
  // A wrong secret key: the service refuses every signature, which is a setup failure: degraded at once.
  auto wrong_key = env();
  wrong_key["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-key";
  {
    ChildProcess daemon(PCSYNC_DAEMON_BINARY, {"--config", config_.string()}, wrong_key, log(), false);
    ASSERT_TRUE(daemon.started());
    ASSERT_TRUE(wait_for([&] { return events("degraded") == 1; }, 30s)) << read_text_file(log());
    EXPECT_EQ(daemon.terminate(10s).value_or(-1), 0) << read_text_file(log());
  }
  const std::size_t failed_before = count_in_log("sync failed");
  {
    // The same outage after a restart: its cycle fails and nothing new is announced (the health is recorded in
    // the cycle's own step, before the loop can take SIGTERM).
    ChildProcess daemon(PCSYNC_DAEMON_BINARY, {"--config", config_.string()}, wrong_key, log(), false);
    ASSERT_TRUE(daemon.started());
    ASSERT_TRUE(wait_for([&] { return count_in_log("sync failed") > failed_before; }, 30s)) << read_text_file(log());
    EXPECT_EQ(daemon.terminate(10s).value_or(-1), 0) << read_text_file(log());
  }
  {
    SQLite::Database raw(db().string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM notifications WHERE event = 'degraded'").getInt(), 1);
    EXPECT_EQ(raw.execAndGet("SELECT state FROM daemon_health").getString(), "degraded");
  }
  {
    ChildProcess daemon(PCSYNC_DAEMON_BINARY, {"--config", config_.string()}, env(), log(), false);
    ASSERT_TRUE(daemon.started());
    ASSERT_TRUE(wait_for([&] { return events("recovered") == 1; }, 30s)) << read_text_file(log());
    EXPECT_EQ(daemon.terminate(10s).value_or(-1), 0) << read_text_file(log());
  }
  EXPECT_EQ(events("degraded"), 1) << "one outage, one announcement";
  EXPECT_EQ(read_text_file(log()).find("not-the-secret-key"), std::string::npos);
}

// Without a daemon, --now sends it from pcsyncctl through the same code.
TEST_F(ReviewProcessTest, NowSendsFromPcsyncctlWhenNoDaemonRuns) {
  {
    auto once = pcs::test::run_process(PCSYNC_DAEMON_BINARY, {"--config", config_.string(), "--once"}, env(),
                                       dir_.path() / "once", 60s);
    ASSERT_EQ(once.exit_code.value_or(-1), 0) << once.all();
  }
  const auto queue = queue_of_at_least(1);
  ASSERT_FALSE(queue.empty());
  auto now = ctl({"accept", queue[0], "--now", "--config", config_.string()});
  ASSERT_EQ(now.exit_code, 0) << now.all();
  EXPECT_NE(now.out.find("carried out: task "), std::string::npos) << now.out;
  ASSERT_TRUE(done_within(queue[0], 1s).has_value());
  ASSERT_EQ(sim_->terminate(5s).value_or(-1), 0);
  const auto stats = json::parse(read_text_file(dir_.path() / "stats.json")).as_object();
  EXPECT_EQ(stats.at("per_invitation").at(queue[0]).at("tasks_created").to_number<int>(), 1);
}

// Run as root (sudo pcsyncctl ...), pcsyncctl becomes the database's owner before opening it: the -wal and
// -shm stay the daemon's, who can still open them.
TEST_F(ReviewProcessTest, AsRootItWritesAsTheDatabaseOwner) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to change owners";
  auto once = pcs::test::run_process(PCSYNC_DAEMON_BINARY, {"--config", config_.string(), "--once"}, env(),
                                     dir_.path() / "once", 60s);
  ASSERT_EQ(once.exit_code.value_or(-1), 0) << once.all();
  const auto queue = queue_of_at_least(1);
  ASSERT_FALSE(queue.empty());
  constexpr uid_t kNobody = 65534;
  std::filesystem::permissions(dir_.path(), std::filesystem::perms::owner_all | std::filesystem::perms::others_exec);
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "state"))
    ASSERT_EQ(::chown(entry.path().c_str(), kNobody, kNobody), 0);
  ASSERT_EQ(::chown((dir_.path() / "state").c_str(), kNobody, kNobody), 0);

  auto r = ctl({"reject", queue[0], "--reason", "Not our region", "--config", config_.string()}, {{"SUDO_USER", "dave"}});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "state")) {
    struct stat st {};
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, kNobody) << entry.path() << " is owned by uid " << st.st_uid;
  }
  auto store = store::Store::open(db().string(), {store::OpenMode::read_only});
  ASSERT_TRUE(store.ok());
  auto d = store->latest_decision(queue[0]);
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->decided_by, "dave via sudo");

  // The switch did happen: a database its owner cannot read is refused, where root could have opened it.
  ASSERT_EQ(::chmod(db().c_str(), 0), 0);
  auto refused = ctl({"accept", queue.size() > 1 ? queue[1] : queue[0], "--config", config_.string()});
  EXPECT_EQ(refused.exit_code, 1) << refused.all();
  EXPECT_NE(refused.err.find(db().string()), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace pcs::sync
