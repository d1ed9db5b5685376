#pragma once
// Webhook deliveries since start, as the Notifier counts them and the metrics show them. Pure, no Asio.
#include <cstdint>

namespace pcs::notify {

struct NotifierCounts {
  std::int64_t attempts = 0;
  std::int64_t delivered = 0;
  std::int64_t failed = 0;  // given up
};

}  // namespace pcs::notify
