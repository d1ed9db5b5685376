// The real pcsyncctl binary for every golden case whose output holds at any "now" (ages masked): what an
// operator's shell gets, exit status included, matches what the in-process golden test checks.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "child_process.hpp"
#include "golden_cases.hpp"

namespace pcs::ctl {
namespace {

using namespace std::chrono_literals;
using test::GoldenCase;
using test::GoldenNow;

std::vector<GoldenCase> process_cases() {
  std::vector<GoldenCase> out;
  for (const auto& c : test::golden_cases())
    if (c.now != GoldenNow::fixed) out.push_back(c);
  return out;
}

class CtlProcess : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(CtlProcess, MatchesTheGoldenFile) {
  const GoldenCase& c = GetParam();
  const std::string binary = std::string(PCSYNC_CTL_BINARY);
  ASSERT_TRUE(std::filesystem::exists(binary)) << "pcsyncctl not built at " << binary;
  const auto run = test::run_process(binary, test::expand_args(c.args, test::golden_inputs()),
                                     {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C.UTF-8"}}, test::golden_inputs() / c.name,
                                     20s);
  ASSERT_TRUE(run.exit_code.has_value()) << "pcsyncctl did not exit within 20 s";
  const std::string rendered = test::render_run(c, *run.exit_code, run.out, run.err, test::golden_inputs());
  test::expect_golden(c.name, rendered, test::GoldenRole::reader, c.now == GoldenNow::stale ? &test::mask_ages : nullptr);
}

INSTANTIATE_TEST_SUITE_P(Cases, CtlProcess, ::testing::ValuesIn(process_cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& param_info) {
                           std::string name = param_info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace pcs::ctl
