#pragma once
// pcsyncctl in-process: run_pcsyncctl with a FakeClock, its exit status and what it printed.

#include <sstream>
#include <string>
#include <vector>

#include "command_line.hpp"

namespace pcs::test {

struct CtlRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline CtlRun run_in_process(const std::vector<std::string>& args, const Clock& clock) {
  std::istringstream in;
  std::ostringstream out, err;
  CtlRun r;
  r.exit_code = ctl::run_pcsyncctl(args, ctl::CommandIo{in, out, err, clock});
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace pcs::test
