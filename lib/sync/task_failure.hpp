#pragma once
// Whether an accept task that ended FAILED is worth another attempt (a new ClientToken, so a new task), by
// its ReasonCode. Passing reasons are the service's own trouble or a race with another change; lasting ones
// need a person (permissions, data the service refuses, someone else acted). An unknown reason is lasting:
// pcsyncd does not spend writes on a failure it cannot read. Pure.

#include <string>
#include <string_view>

namespace pcs::sync {

struct TaskFailureVerdict {
  bool passing = false;
  std::string why;  // for the decision's error and the log
};

TaskFailureVerdict classify_task_failure(std::string_view reason_code);

}  // namespace pcs::sync
