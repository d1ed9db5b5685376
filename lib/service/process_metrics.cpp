#include "service/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <ctime>
#include <filesystem>
#include <string>

#include "core/file_text.hpp"

namespace pcs::service {
namespace {

double seconds_of(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

std::optional<double> count_open_fds() {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/self/fd", ec);
  if (ec) return std::nullopt;
  double n = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return std::nullopt;
    ++n;
  }
  return n - 1;  // the descriptor of the directory being read is not the process's own
}

}  // namespace

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  const auto close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(close + 1);
  // Fields after the name, numbered as proc(5) numbers them: 3 state ... 14 utime, 15 stime, 22 starttime,
  // 23 vsize, 24 rss.
  ProcStat out;
  int field = 3;
  while (!rest.empty() && field <= 24) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const auto end = rest.find(' ');
    const std::string_view token = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    auto number = [&](auto& into) {
      auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), into);
      return ec == std::errc{} && p == token.data() + token.size();
    };
    bool ok = true;
    switch (field) {
      case 14: ok = number(out.utime_ticks); break;
      case 15: ok = number(out.stime_ticks); break;
      case 22: ok = number(out.start_ticks); break;
      case 23: ok = number(out.virtual_bytes); break;
      case 24: ok = number(out.rss_pages); break;
      default: break;
    }
    if (!ok || token.empty()) return std::nullopt;
    ++field;
  }
  if (field <= 24) return std::nullopt;
  return out;
}

namespace {

std::optional<ProcStat> read_own_stat() {
  const auto text = read_file_text("/proc/self/stat");
  return text ? parse_proc_stat(*text) : std::nullopt;
}

}  // namespace

ProcessMetrics::ProcessMetrics() {
  const auto stat = read_own_stat();
  if (!stat) return;
  const double ticks = double(sysconf(_SC_CLK_TCK));
  // Wall time now, minus the time since boot, plus when (after boot) the process started.
  start_time_seconds_ = seconds_of(CLOCK_REALTIME) - seconds_of(CLOCK_BOOTTIME) + double(stat->start_ticks) / ticks;
}

std::optional<ProcessStats> ProcessMetrics::read() const {
  const auto stat = read_own_stat();
  if (!stat || !start_time_seconds_) return std::nullopt;
  const double ticks = double(sysconf(_SC_CLK_TCK));
  ProcessStats s;
  s.cpu_seconds = double(stat->utime_ticks + stat->stime_ticks) / ticks;
  s.resident_bytes = double(stat->rss_pages) * double(sysconf(_SC_PAGESIZE));
  s.virtual_bytes = double(stat->virtual_bytes);
  s.open_fds = count_open_fds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) s.max_fds = double(limit.rlim_cur);
  s.start_time_seconds = *start_time_seconds_;
  return s;
}

}  // namespace pcs::service
