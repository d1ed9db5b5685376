#include "config/notify_config.hpp"

#include <algorithm>

#include "net/endpoint.hpp"

namespace pcs::config {

bool Webhook::wants(std::string_view event) const {
  return events.empty() || std::find(events.begin(), events.end(), event) != events.end();
}

std::string check_webhook_url(Webhook& w) {
  const std::string_view url = w.url;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "must be an https:// URL";
  const auto path_start = url.find_first_of("/?#", scheme_end + 3);
  const std::string_view origin = url.substr(0, path_start);
  std::string_view target = path_start == std::string_view::npos ? std::string_view("/") : url.substr(path_start);
  if (target.find('#') != std::string_view::npos) return "must not have a #fragment";
  for (char c : target)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return "must not contain spaces or control characters";
  auto endpoint = net::parse_endpoint(origin);
  if (!endpoint) return endpoint.error().message;
  w.origin = std::string(origin);
  w.target = target.front() == '?' ? "/" + std::string(target) : std::string(target);
  w.redacted = std::string(origin) + (w.target == "/" ? "/" : "/\u2026");
  if (w.name.empty()) w.name = endpoint->host;
  return {};
}

}  // namespace pcs::config
