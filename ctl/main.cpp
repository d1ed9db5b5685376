// pcsyncctl: the operator's tool over the same libraries as the daemon. main only hands the arguments, the
// process's streams and the system clock to run_pcsyncctl (command_line.hpp). Exit codes: 0 ok, 1 the
// operation failed, 2 usage.

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command_line.hpp"

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    const pcs::SystemClock clock;
    return pcs::ctl::run_pcsyncctl(args, pcs::ctl::CommandIo{std::cin, std::cout, std::cerr, clock});
  } catch (const std::exception& e) {
    std::cerr << "pcsyncctl: " << e.what() << "\n";
    return pcs::ctl::kExitFailure;
  }
}
