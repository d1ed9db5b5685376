#pragma once
// The simulator's request handling, transport-free: one HttpRequest in, one reply (response plus an optional
// wire fault and delay for the server to act out) out. Checks in AWS's order: faults a load balancer would
// inject, SigV4, X-Amz-Target, JSON, the model's input constraints, quotas; then the state machine.
// Also answers GET /__sim/stats and POST /__sim/advance?seconds=N (unsigned, for tests and tools).

#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "net/http_message.hpp"
#include "sim/ids.hpp"
#include "sim/scenario.hpp"
#include "sim/sim_clock.hpp"
#include "sim/sim_state.hpp"
#include "sim/sim_stats.hpp"

namespace pcs::gov {
class TokenBucket;
}

namespace pcs::sim {

enum class WireFault { none, reset_before_response, reset_mid_body, truncate_body };

struct SimReply {
  net::HttpResponse response;
  WireFault fault = WireFault::none;
  std::chrono::milliseconds delay{0};  // real time, before answering
};

class SimService {
 public:
  SimService(Scenario scenario, const Clock& real_clock);
  ~SimService();
  SimService(const SimService&) = delete;
  SimService& operator=(const SimService&) = delete;

  SimReply handle(const net::HttpRequest& request);
  // The server's count of accepted connections, reported in stats.
  void set_connections(std::uint64_t n) { stats_.connections = n; }
  boost::json::object stats_json() const;

  const Scenario& scenario() const { return scenario_; }
  SimClock& clock() { return clock_; }
  SimState& state() { return state_; }
  const SimStats& stats() const { return stats_; }

 private:
  struct Quota;
  SimReply api(const net::HttpRequest& request);
  std::optional<SimReply> fault_before_answering(std::chrono::milliseconds& delay);
  static std::string operation_of(const net::HttpRequest& request);
  std::optional<SimReply> refuse_request(const net::HttpRequest& request, const std::string& op,
                                         OperationStats& op_stats, boost::json::object& body);
  std::optional<SimReply> refuse_by_quota(const std::string& op, OperationStats& op_stats, WallTime sim_now);
  Outcome dispatch(const std::string& op, const boost::json::object& body, WallTime sim_now);
  void add_newer_service_members(boost::json::object& body);
  void break_connection_after_applying(SimReply& reply);
  SimReply error_reply(const std::string& op, int status, const std::string& type, const std::string& message,
                       boost::json::object extra = {});
  SimReply json_reply(int status, const boost::json::object& body);
  void finish(SimReply& reply);

  Scenario scenario_;
  SimClock clock_;
  SimState state_;
  SimStats stats_;
  Rng fault_rng_;
  Rng request_id_rng_;
  std::unique_ptr<Quota> read_quota_, write_quota_;
};

}  // namespace pcs::sim
