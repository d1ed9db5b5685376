#pragma once
// Counters behind GET /__sim/stats. Plain data; SimService fills it, to_json renders it.

#include <boost/json/object.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

namespace pcs::sim {

struct OperationStats {
  std::uint64_t calls = 0;
  std::uint64_t ok = 0;
  std::uint64_t throttled = 0;
  std::uint64_t validation_failures = 0;  // REQUEST_VALIDATION_FAILED (the model's constraints)
  std::uint64_t signature_failures = 0;
  std::map<std::string, std::uint64_t> errors;  // by __type
};

// Requests counted per whole period (a second, or a day: hit() takes the period's number); remembers the
// busiest period seen.
struct PeakRate {
  std::int64_t second = INT64_MIN;
  std::uint64_t count = 0;
  std::uint64_t peak = 0;
  void hit(std::int64_t now_second) {
    if (now_second != second) {
      second = now_second;
      count = 0;
    }
    if (++count > peak) peak = count;
  }
};

struct SimStats {
  std::map<std::string, OperationStats> operations;  // by operation name ("(unknown)" before the target is known)
  std::uint64_t requests = 0;
  std::uint64_t connections = 0;
  std::map<std::string, std::uint64_t> faults;       // injected, by kind
  std::deque<boost::json::object> validation_details;  // the latest kMaxDetails
  std::deque<boost::json::object> signature_details;
  std::map<std::string, PeakRate> peak_sim;   // per quota class, per sim second
  std::map<std::string, PeakRate> peak_real;  // per quota class, per real second
  std::map<std::string, PeakRate> peak_sim_day;  // per quota class, per sim day (UTC): the daily quotas
  static constexpr std::size_t kMaxDetails = 100;

  void add_detail(std::deque<boost::json::object>& list, boost::json::object detail) {
    list.push_back(std::move(detail));
    if (list.size() > kMaxDetails) list.pop_front();
  }
};

}  // namespace pcs::sim
