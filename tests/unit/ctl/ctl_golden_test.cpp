// pcsyncctl's output in-process: every golden case through run_pcsyncctl (the parsing included) with a
// FakeClock at the case's "now", compared with tests/unit/ctl/golden/. Text and --json of every command over
// the golden and the empty database, bad filter values, unknown commands and options, help.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <algorithm>
#include <re2/re2.h>
#include <set>
#include <sstream>

#include "command_line.hpp"
#include "ctl_run.hpp"
#include "core/version.hpp"
#include "golden_cases.hpp"
#include "golden_database.hpp"

namespace pcs::ctl {
namespace {

using test::GoldenCase;
using test::GoldenNow;

using test::CtlRun;

class CtlGolden : public ::testing::TestWithParam<GoldenCase> {
 protected:
  static CtlRun run(const std::vector<std::string>& args, GoldenNow now) {
    FakeClock clock(pcs::test::golden_now());
    if (now == GoldenNow::stale) clock.advance(std::chrono::hours{72});
    return test::run_in_process(args, clock);
  }
};

TEST_P(CtlGolden, MatchesTheGoldenFile) {
  const GoldenCase& c = GetParam();
  const CtlRun r = run(test::expand_args(c.args, test::golden_inputs()), c.now);
  test::expect_golden(c.name, test::render_run(c, r.exit_code, r.out, r.err, test::golden_inputs()), test::GoldenRole::writer);
  // Every --json output is one JSON document on stdout.
  const bool json = std::find(c.args.begin(), c.args.end(), "--json") != c.args.end();
  if (json && r.exit_code == 0) {
    boost::system::error_code ec;
    boost::json::parse(r.out, ec);
    EXPECT_FALSE(ec) << r.out;
  }
  // Usage errors say what was wrong on one line, then where to look.
  if (r.exit_code == kExitUsage && !c.args.empty()) {
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), r.err.find("\noperations: ") == std::string::npos ? 2 : 3)
        << r.err;
    EXPECT_NE(r.err.find("Run 'pcsyncctl "), std::string::npos) << r.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CtlGolden, ::testing::ValuesIn(test::golden_cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& param_info) {
                           std::string name = param_info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST_F(CtlGolden, GlobalOptionsBeforeOrAfterTheCommandGiveTheSameOutput) {
  const std::string db = (test::golden_inputs() / "golden.db").string();
  const CtlRun after = run({"tasks", "--db", db, "--json"}, GoldenNow::any);
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(run({"--db", db, "--json", "tasks"}, GoldenNow::any).out, after.out);
  EXPECT_EQ(run({"--json", "tasks", "--db", db}, GoldenNow::any).out, after.out);
  // The command's own option wins over the global one.
  EXPECT_EQ(run({"--db", (test::golden_inputs() / "empty.db").string(), "tasks", "--db", db, "--json"}, GoldenNow::any).out,
            after.out);
}

TEST_F(CtlGolden, VersionIsTheProjectVersionAndGitRevision) {
  const CtlRun r = run({"--version"}, GoldenNow::any);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, core::version_line("pcsyncctl") + "\n");
  EXPECT_NE(r.out.find(std::string(core::version())), std::string::npos);
  EXPECT_EQ(r.err, "");
}

TEST_F(CtlGolden, StaleWarningFollowsThePollInterval) {
  const std::string db = (test::golden_inputs() / "golden.db").string();
  // The last successful sync ended 10 min before golden_now(): within 3 x 5 min (the default), not 3 x 2 min.
  EXPECT_EQ(run({"status", "--db", db}, GoldenNow::fixed).out.find("WARNING"), std::string::npos);
  const auto configured = run({"status", "--config", (test::golden_inputs() / "pcsyncd.yaml").string(), "--json"},
                              GoldenNow::fixed);
  ASSERT_EQ(configured.exit_code, 0) << configured.err;
  const auto doc = boost::json::parse(configured.out);
  EXPECT_TRUE(doc.at("Stale").as_bool());
  EXPECT_EQ(doc.at("StaleAfterSeconds").as_int64(), 360);
  EXPECT_EQ(doc.at("DailyReadBudget").as_int64(), 50000);  // integers, never 5E4
}

// Every usage line of `pcsyncctl help` names only options its command takes, and the command takes no option
// the line leaves out (the man page and the completion are checked against these lines).
TEST_F(CtlGolden, UsageLinesMatchTheOptionsEachCommandTakes) {
  for (const auto& c : command_usages()) {
    if (c.name == "help") continue;
    SCOPED_TRACE(std::string(c.name));
    std::vector<std::string> args{std::string(c.name)};
    if (c.name == "rules") args.push_back("test");
    args.push_back("--help");
    const CtlRun help = run(args, GoldenNow::any);
    ASSERT_EQ(help.exit_code, 0);
    std::set<std::string> in_usage, in_help;
    // Every "--option" of a text (RE2, as the project matches text everywhere).
    auto options_in = [](std::string_view text) {
      static const re2::RE2 option("(--[a-z-]+)");
      std::vector<std::string> found;
      re2::StringPiece rest(text.data(), text.size());
      std::string one;
      while (re2::RE2::FindAndConsume(&rest, option, &one)) found.push_back(one);
      return found;
    };
    for (const auto& o : options_in(c.usage)) in_usage.insert(o);
    const std::string options_part = help.out.substr(help.out.find("\noptions:\n"));
    for (const auto& o : options_in(options_part))
      if (options_part.find("  " + o) != std::string::npos) in_help.insert(o);
    EXPECT_EQ(in_usage, in_help);
  }
}

}  // namespace
}  // namespace pcs::ctl
