#pragma once
// What the governor's per-attempt trace (gov::AttemptTrace) tells the metrics beyond its own counts: how long
// each Partner Central attempt took, by operation (a histogram), and which errors came back, by operation and
// type. Call, throttle, retry and failure counts stay the governor's (GovernorSnapshot): this adds no second
// count of them. Pure; one io_context thread.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "service/histogram.hpp"

namespace pcs::gov {
struct AttemptTrace;
}

namespace pcs::service {

// The `type` label of pcsyncd_api_errors_total: the service's error type or pcsyncd's local code when it is
// one pcsyncd knows, "HttpErrorNNN" for an answer that named no type, "other" for anything else, so that an
// endpoint answering arbitrary types cannot grow the label set.
std::string error_type_label(const Error& error);

class CallMetrics {
 public:
  void observe(const gov::AttemptTrace& trace);

  // Operation -> latency of its attempts, in seconds.
  const std::map<std::string, Histogram, std::less<>>& latency() const { return latency_; }
  // (operation, type) -> failed attempts.
  const std::map<std::pair<std::string, std::string>, std::uint64_t>& errors() const { return errors_; }

 private:
  std::map<std::string, Histogram, std::less<>> latency_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> errors_;
};

}  // namespace pcs::service
