#pragma once
// pcsyncctl's golden outputs: each case is a command line whose exit status, stdout and stderr are kept in
// tests/unit/ctl/golden/NAME.txt. ctl_golden_test runs every case in-process (run_pcsyncctl with a
// FakeClock); ctl_process_test runs the real binary for every case whose output does not depend on the
// fixed "now", and compares with the same files (ages masked). PCSYNC_UPDATE_GOLDEN=1 rewrites the files
// instead of comparing: review the diff before committing it.

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace pcs::test {

enum class GoldenNow {
  any,    // the output does not depend on now (the database's times are far from any real now)
  fixed,  // now = golden_now(): ages and the calls of the last 24 hours are shown as then
  stale,  // now = golden_now() + 3 days: every sync is stale and outside the last 24 hours, as for any later now
};

struct GoldenCase {
  std::string name;
  std::vector<std::string> args;  // "$TMP" stands for the directory with golden.db, empty.db, pcsyncd.yaml
  GoldenNow now = GoldenNow::any;
};

const std::vector<GoldenCase>& golden_cases();
// gtest prints a case by its name.
inline void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

// The args with $TMP replaced by `dir`.
std::vector<std::string> expand_args(const std::vector<std::string>& args, const std::filesystem::path& dir);

// The file's text: the command line, the exit status, stdout and stderr, with `dir` written as $TMP.
std::string render_run(const GoldenCase& c, int exit_code, const std::string& out, const std::string& err,
                       const std::filesystem::path& dir);

// "3 min ago", "552 d ago" -> "N ago": for outputs read at a now that differs from the golden one.
std::string mask_ages(std::string text);

// Compares `actual` with golden/NAME.txt (a failure shows both), or in update mode writes it. `transform` is
// applied to both before comparing (mask_ages for process runs). Only the in-process test writes: a reader
// (the process test) compares in update mode too.
enum class GoldenRole { writer, reader };
void expect_golden(const std::string& name, const std::string& actual, GoldenRole role,
                   std::string (*transform)(std::string) = nullptr);

// $TMP: a directory with golden.db, empty.db and pcsyncd.yaml (database: $TMP/golden.db), made once per test
// binary and removed at its exit.
const std::filesystem::path& golden_inputs();

}  // namespace pcs::test
