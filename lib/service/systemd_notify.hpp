#pragma once
// sd_notify(3) for Type=notify units. Every call is a no-op when NOTIFY_SOCKET is not set.

#include <chrono>
#include <optional>
#include <string_view>

namespace pcs::service {

void notify_ready();
void notify_stopping();
void notify_reloading();
void notify_status(std::string_view status);
void notify_watchdog();
// The interval at which WATCHDOG=1 must be sent (half of WatchdogSec), when the unit enables the watchdog.
std::optional<std::chrono::microseconds> watchdog_interval();

}  // namespace pcs::service
