#pragma once
// An HttpTransport that hands each request to an in-process SimService: no sockets, fully deterministic.
// The simulator's wire faults are acted out as the transport errors HttpClient would report, and a test hook
// can lose a request before it reaches the service or lose the answer after the service applied it (a crash
// or a cut connection at the worst moment).

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "net/transport.hpp"
#include "sim/sim_service.hpp"

namespace pcs::sync::test {

class SimTransport final : public net::HttpTransport {
 public:
  enum class Fate {
    deliver,        // normal
    lose_request,   // the connection dies before the service sees the request
    lose_response,  // the service applies it, the answer never arrives
  };
  // Called for each request before it is delivered; operation is the X-Amz-Target suffix.
  using Hook = std::function<Fate(const net::HttpRequest&, std::string_view operation)>;

  // Each request moves the fake clock on by `latency`, so the simulator's quotas (on sim time) refill while
  // a cycle runs, as they would in real time.
  SimTransport(sim::SimService& sim, FakeClock& clock, std::chrono::milliseconds latency)
      : sim_(sim), clock_(clock), latency_(latency) {}

  // Called on each answer the service gave, before the client sees it: a test plays a service that answers
  // something else (another catalog, an odd page).
  using Rewrite = std::function<void(std::string_view operation, net::HttpResponse&)>;

  void set_hook(Hook hook) { hook_ = std::move(hook); }
  void set_rewrite(Rewrite rewrite) { rewrite_ = std::move(rewrite); }
  boost::asio::awaitable<Result<net::HttpResponse>> send(net::HttpRequest request) override;

  // Requests that reached the service, by operation.
  const std::map<std::string, int, std::less<>>& delivered() const { return delivered_; }
  int delivered(std::string_view operation) const;
  int transport_errors() const { return transport_errors_; }

 private:
  sim::SimService& sim_;
  FakeClock& clock_;
  std::chrono::milliseconds latency_;
  Hook hook_;
  Rewrite rewrite_;
  std::map<std::string, int, std::less<>> delivered_;
  int transport_errors_ = 0;
};

std::string_view operation_of(const net::HttpRequest& request);

}  // namespace pcs::sync::test
