#include "golden_cases.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdlib>
#include <fstream>

#include "child_process.hpp"
#include "golden_database.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace pcs::test {
namespace {

std::filesystem::path golden_dir() { return std::filesystem::path(PCSYNC_SOURCE_DIR) / "tests/unit/ctl/golden"; }

bool update_mode() {
  const char* v = std::getenv("PCSYNC_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

const std::vector<GoldenCase>& golden_cases() {
  using N = GoldenNow;
  const std::string db = "$TMP/golden.db";
  const std::string empty = "$TMP/empty.db";
  const std::string config = "$TMP/pcsyncd.yaml";
  static const std::vector<GoldenCase> cases{
      // status
      {"status", {"status", "--db", db}, N::fixed},
      {"status-json", {"status", "--db", db, "--json"}, N::fixed},
      {"status-stale", {"status", "--db", db}, N::stale},
      {"status-stale-json", {"status", "--db", db, "--json"}, N::stale},
      {"status-config", {"status", "--config", config}, N::stale},
      {"status-config-json", {"--json", "--config", config, "status"}, N::stale},
      {"status-empty", {"status", "--db", empty}},
      {"status-empty-json", {"status", "--db", empty, "--json"}},
      {"status-missing-database", {"status", "--db", "$TMP/missing.db"}},
      // invitations
      {"invitations", {"invitations", "--db", db}},
      {"invitations-json", {"invitations", "--db", db, "--json"}},
      {"invitations-filtered", {"invitations", "--status", "pending", "--decision", "UNDECIDED", "--db", db}},
      {"invitations-accepted-json", {"--db", db, "invitations", "--decision", "accept", "--json"}},
      {"invitations-limit", {"invitations", "--db", db, "--limit", "3"}},
      {"invitations-limit-json", {"invitations", "--db", db, "--limit", "3", "--json"}},
      {"invitations-all", {"invitations", "--db", db, "--all"}},
      {"invitations-empty", {"invitations", "--db", empty}},
      {"invitations-empty-json", {"invitations", "--db", empty, "--json"}},
      {"invitations-review", {"invitations", "--decision", "review", "--db", db}, N::fixed},  // the time left
      {"invitations-review-json", {"invitations", "--decision", "review", "--db", db, "--json"}},
      // tasks
      {"tasks", {"tasks", "--db", db}},
      {"tasks-json", {"tasks", "--db", db, "--json"}},
      {"tasks-global-options-first", {"--db", db, "--json", "tasks"}},
      {"tasks-opportunity-json", {"tasks", "--kind", "opportunity", "--db", db, "--json"}},
      {"tasks-failed", {"tasks", "--status", "failed", "--db", db}},
      {"tasks-limit", {"tasks", "--limit", "1", "--db", db}},
      {"tasks-empty", {"tasks", "--db", empty}},
      {"tasks-empty-json", {"tasks", "--db", empty, "--json"}},
      // show
      {"show-accepted", {"show", "engi-0000000000002", "--db", db}},
      {"show-accepted-json", {"show", "engi-0000000000002", "--db", db, "--json"}},
      {"show-pending-with-details-json", {"show", "engi-0000000000001", "--db", db, "--json"}},
      {"show-failed", {"show", "engi-0000000000005", "--db", db}},
      {"show-abandoned", {"show", "engi-0000000000006", "--db", db}},
      {"show-abandoned-json", {"show", "engi-0000000000006", "--db", db, "--json"}},
      {"show-escaped", {"show", "engi-0000000000009", "--db", db}},
      {"show-person", {"show", "engi-00000000000011", "--db", db}},
      {"show-person-json", {"show", "engi-00000000000011", "--db", db, "--json"}},
      {"show-review-waiting", {"show", "engi-00000000000010", "--db", db}},
      {"show-unknown", {"show", "engi-0000000000099", "--db", db}},
      {"show-empty", {"show", "engi-0000000000001", "--db", empty}},
      // notifications
      {"notifications", {"notifications", "--db", db}},
      {"notifications-json", {"notifications", "--db", db, "--json"}},
      {"notifications-empty", {"notifications", "--db", empty}},
      // accept / reject: the refusals (nothing is written; what succeeds is in ctl_decide_test)
      {"accept-already-decided", {"accept", "engi-00000000000011", "--config", config}},
      {"reject-expired", {"reject", "engi-0000000000009", "--reason", "Too late", "--config", config}},
      {"reject-not-pending", {"reject", "engi-0000000000002", "--reason", "Changed our mind", "--config", config}},
      {"accept-unknown", {"accept", "engi-0000000000099", "--config", config}},
      {"reject-without-reason", {"reject", "engi-00000000000010", "--config", config}},
      {"reject-reason-too-long", {"reject", "engi-00000000000010", "--config", config, "--reason", std::string(81, 'x')}},
      {"accept-bad-tag", {"accept", "engi-00000000000010", "--tag", "source", "--config", config}},
      {"accept-duplicate-tag", {"accept", "engi-00000000000010", "--tag", "a=1", "--tag", "a=2", "--config", config}},
      {"accept-with-db", {"--db", db, "accept", "engi-00000000000010"}},
      {"accept-without-id", {"accept", "--config", config}},
      // rules test
      {"rules-test", {"rules", "test", "--config", config}},
      {"rules-test-json", {"rules", "test", "--config", config, "--json"}},
      {"rules-test-accepted", {"rules", "test", "--config", config, "--status", "ACCEPTED"}},
      {"rules-test-limit", {"rules", "test", "--config", config, "--limit", "2"}},
      {"rules-test-limit-json", {"rules", "test", "--config", config, "--limit", "2", "--json"}},
      {"rules-test-empty", {"--db", empty, "rules", "test", "--config", config}},
      // bad filter values: exit 2 and the allowed values
      {"bad-invitation-status", {"invitations", "--db", db, "--status", "BOGUS"}},
      {"bad-decision", {"invitations", "--db", db, "--decision", "maybe"}},
      {"bad-task-status", {"tasks", "--db", db, "--status", "PENDING"}},
      {"bad-kind", {"tasks", "--db", db, "--kind", "reject"}},
      {"bad-limit-negative", {"tasks", "--db", db, "--limit", "-1"}},
      {"bad-limit-text", {"invitations", "--db", db, "--limit", "ten"}},
      {"bad-limit-and-all", {"invitations", "--db", db, "--limit", "5", "--all"}},
      {"bad-rules-status", {"rules", "test", "--config", config, "--status", "DONE"}},
      {"bad-catalog", {"call", "ListEngagementInvitations", "--catalog", "Marketplace"}},
      {"bad-operation", {"call", "ListEverything"}},
      // unknown commands and options, missing arguments
      {"no-arguments", {}},
      {"unknown-command", {"statsu", "--db", db}},
      {"unknown-option", {"tasks", "--db", db, "--verbose"}},
      {"unknown-global-option", {"--verbose", "tasks"}},
      {"option-not-for-command", {"--db", db, "call", "ListEngagementInvitations"}},
      {"json-not-for-call", {"--json", "call", "ListEngagementInvitations"}},
      {"show-without-id", {"show", "--db", db}},
      {"rules-without-test", {"rules", "--config", config}},
      {"rules-test-without-config", {"rules", "test", "--db", db}},
      {"call-without-operation", {"call"}},
      {"limit-without-value", {"tasks", "--db", db, "--limit"}},
      // help
      {"help", {"help"}},
      {"help-flag", {"--help"}},
      {"help-status", {"status", "--help"}},
      {"help-invitations", {"invitations", "--help"}},
      {"help-tasks", {"help", "tasks"}},
      {"help-show", {"show", "-h"}},
      {"help-rules-test", {"rules", "test", "--help"}},
      {"help-call", {"call", "--help"}},
      {"help-doctor", {"doctor", "--help"}},
      {"help-accept", {"accept", "--help"}},
      {"help-notifications", {"notifications", "--help"}},
      {"help-reject", {"help", "reject"}},
  };
  return cases;
}

std::vector<std::string> expand_args(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(replace_all(a, "$TMP", dir.string()));
  return out;
}

std::string render_run(const GoldenCase& c, int exit_code, const std::string& out, const std::string& err,
                       const std::filesystem::path& dir) {
  std::string command = "$ pcsyncctl";
  for (const auto& a : c.args) command += " " + a;
  return replace_all(command + "\n--- exit status " + std::to_string(exit_code) + "\n--- stdout\n" + out +
                         "--- stderr\n" + err,
                     dir.string(), "$TMP");
}

std::string mask_ages(std::string text) {
  static const re2::RE2 age("[0-9]+ (s|min|h|d) ago");
  re2::RE2::GlobalReplace(&text, age, "N ago");
  return text;
}

void expect_golden(const std::string& name, const std::string& actual, GoldenRole role,
                   std::string (*transform)(std::string)) {
  const auto file = golden_dir() / (name + ".txt");
  if (update_mode() && role == GoldenRole::writer) {
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(file))
      << file << " is missing: run the test with PCSYNC_UPDATE_GOLDEN=1 to write it, then review it";
  std::string expected = read_text_file(file);
  std::string got = actual;
  if (transform) {
    expected = transform(expected);
    got = transform(got);
  }
  EXPECT_EQ(got, expected) << "golden file " << file
                           << " differs (PCSYNC_UPDATE_GOLDEN=1 rewrites it when the change is intended)";
}

const std::filesystem::path& golden_inputs() {
  static const TempDir dir;
  static const bool written = [] {
    build_golden_database((dir.path() / "golden.db").string());
    build_empty_database((dir.path() / "empty.db").string());
    std::ofstream(dir.path() / "pcsyncd.yaml") << golden_config((dir.path() / "golden.db").string());
    return true;
  }();
  (void)written;
  return dir.path();
}

}  // namespace pcs::test
