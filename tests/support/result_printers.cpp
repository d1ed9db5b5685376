#include "result_printers.hpp"

namespace pcs {

void PrintTo(const Error& error, std::ostream* os) {
  *os << "Error{" << to_string(error.kind) << "} " << error.describe();
}

void PrintTo(ErrorKind kind, std::ostream* os) { *os << to_string(kind); }

}  // namespace pcs
