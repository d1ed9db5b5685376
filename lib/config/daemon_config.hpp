#pragma once
// pcsyncd's whole configuration as one immutable value: built by load_daemon_config(), then passed by
// const reference (reload builds a new one and swaps it in). Defaults below are the defaults table.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "config/notify_config.hpp"
#include "rules/action.hpp"
#include "rules/rule_set.hpp"

namespace pcs::config {

struct DaemonConfig {
  // Partner Central
  std::string catalog;                       // "AWS" or "Sandbox"; required, no default on purpose
  std::string region = "us-east-1";          // Partner Central Selling is served from us-east-1
  std::optional<std::string> endpoint_url;   // http(s)://host[:port]; plain http only to loopback
  std::optional<std::string> profile;        // AWS shared-config profile for credentials
  std::optional<std::string> ca_bundle;      // PEM file replacing the system trust store

  // Local state
  std::string database = "/var/lib/pcsyncd/pcsync.db";
  std::string log_level = "info";  // trace, debug, info, warn, error

  // Schedule
  std::chrono::seconds poll_interval{300};        // list PENDING invitations; >= 10s
  std::chrono::seconds reconcile_interval{3600};  // re-list every status; >= 1m
  std::chrono::seconds task_poll_interval{30};    // follow accept tasks until they finish; >= 5s
  std::chrono::seconds request_timeout{10};       // one HTTP attempt, connection included; 1s..10m
  std::chrono::seconds call_timeout{30};          // one API call across all attempts and backoff; >= request_timeout

  // Behaviour
  bool dry_run = false;  // decide and record, never call Accept/Reject
  int max_accept_attempts = 3;  // accept tasks started per invitation when tasks FAIL for a passing reason; 1..10
  rules::RuleSet rules;  // carries default_action (accept|reject|review|ignore, default ignore)

  // Governor: pcsyncd's share of the account's Partner Central quotas (other tools use the rest).
  double quota_share = 0.5;                      // 0 < x <= 1
  double read_quota_per_second = 10;             // account-wide read (List/Get) rate
  double write_quota_per_second = 1;             // account-wide write (Start/Reject) rate
  std::int64_t read_quota_daily = 100000;        // account-wide reads per day
  std::int64_t write_quota_daily = 10000;        // account-wide writes per day
  // Unset: AWS_MAX_ATTEMPTS / AWS_RETRY_MODE, then the profile's max_attempts / retry_mode, then 3 / pcsyncd.
  std::optional<int> max_attempts;               // per request, first try included; 1..10
  std::optional<std::string> retry_mode;         // "pcsyncd" (known-quota pacing), "adaptive" or "standard"

  // Service
  std::optional<std::string> metrics_listen;  // "127.0.0.1:9465": serve metrics there; absent: off

  // Notifications (webhooks): see notify_config.hpp.
  NotifyConfig notify;
};

}  // namespace pcs::config
