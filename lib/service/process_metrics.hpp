#pragma once
// The process_* metrics every Prometheus client library exports, read from /proc/self: CPU time, resident
// and virtual memory, open and maximum file descriptors, start time. Under the unit's ProcSubset=pid only
// /proc/self is visible (not /proc/stat), so the start time comes from /proc/self/stat's start tick and
// CLOCK_BOOTTIME, computed once: it must not wobble between scrapes (alerts count its changes).

#include <cstdint>
#include <optional>
#include <string_view>

namespace pcs::service {

// The fields of /proc/self/stat the metrics need, in their kernel units.
struct ProcStat {
  std::uint64_t utime_ticks = 0;
  std::uint64_t stime_ticks = 0;
  std::uint64_t start_ticks = 0;    // since boot
  std::uint64_t virtual_bytes = 0;  // vsize
  std::int64_t rss_pages = 0;
};
// Pure: the process name (field 2) may hold spaces and parentheses, so fields are counted after its last ')'.
std::optional<ProcStat> parse_proc_stat(std::string_view text);

struct ProcessStats {
  double cpu_seconds = 0;
  double resident_bytes = 0;
  double virtual_bytes = 0;
  std::optional<double> open_fds;
  std::optional<double> max_fds;
  double start_time_seconds = 0;  // since the Unix epoch
};

class ProcessMetrics {
 public:
  ProcessMetrics();  // notes the start time
  // nullopt when /proc/self/stat cannot be read (not Linux, or /proc not mounted).
  std::optional<ProcessStats> read() const;

 private:
  std::optional<double> start_time_seconds_;
};

}  // namespace pcs::service
