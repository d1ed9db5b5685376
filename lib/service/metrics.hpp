#pragma once
// The daemon's metrics in the Prometheus text format (served on `metrics_listen`, GET /metrics): the last
// cycle's outcome and counters, running totals, and the governor's view of each quota (rate, budget use,
// throttles, retries, circuit). Rendering is pure; MetricsEndpoint serves it over lib/net's HttpServer.

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "governor/governor_core.hpp"
#include "sync/cycle_report.hpp"

namespace pcs::net {
class HttpServer;
}

namespace pcs::service {

// Totals since start, fed one CycleReport at a time.
struct SyncTotals {
  std::int64_t cycles_ok = 0;
  std::int64_t cycles_partial = 0;
  std::int64_t cycles_failed = 0;
  std::int64_t accepted = 0;
  std::int64_t rejected = 0;
  std::int64_t invitations_new = 0;
  std::optional<WallTime> last_cycle_end;
  std::optional<WallTime> last_ok_cycle_end;
  std::optional<sync::CycleReport> last;
  std::int64_t abandoned = 0;
  std::int64_t refused_items = 0;
  std::int64_t reloads_applied = 0;
  std::int64_t reloads_refused = 0;

  void add(const sync::CycleReport& report, WallTime ended);
  void note_reload(bool applied) { ++(applied ? reloads_applied : reloads_refused); }
};

std::string render_metrics(const SyncTotals& totals, const gov::GovernorSnapshot& governor);

// Serves GET /metrics on host:port; anything else is 404.
class MetricsEndpoint {
 public:
  using Source = std::function<std::string()>;
  MetricsEndpoint(boost::asio::any_io_executor executor, std::string listen, Source source);
  ~MetricsEndpoint();
  Status start();
  std::uint16_t port() const;
  void stop();

 private:
  std::unique_ptr<net::HttpServer> server_;
  std::string listen_;
};

}  // namespace pcs::service
